"""What a benchmark ran on, recorded beside its figures."""

import json
import os
import platform
import time


def machine() -> dict[str, object]:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "reference_ms": reference_ms(),
    }


def reference_ms() -> float:
    """Milliseconds a fixed pure-Python workload takes on one core (best of five): a speed to compare by.

    Machines that report the same kind, cores and memory have run the same code three times faster or
    slower from one session to the next; two results are comparable only beside this figure.
    """
    records = [
        {"id": i, "name": f"officer {i}", "score": i / 2, "tags": [str(j) for j in range(8)]}
        for i in range(2000)
    ]

    def once() -> float:
        started = time.perf_counter()
        for _ in range(5):
            json.loads(json.dumps(records))
            sorted(records, key=lambda r: r["name"])
        return time.perf_counter() - started

    return round(min(once() for _ in range(5)) * 1000, 1)
