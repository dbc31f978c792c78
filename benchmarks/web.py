"""The portal's speed on a seeded demo served by a real `karmayogi serve`: server time per page (p50, p95),
bytes a page transfers with its assets, and first render in Chromium under "slow 3G" network emulation.

    python benchmarks/web.py --scale medium

Server time is each request's wall time over loopback with keep-alive, after one warm-up request per
page (the first recommendation loads the text encoder). Bytes and first render come from Debian's
Chromium through Playwright, with the Chrome DevTools Protocol's Network.emulateNetworkConditions set to
DevTools' "Slow 3G" preset (2,000 ms latency, 50,000 bytes/s each way) and the cache disabled.
Figures are printed and written to benchmarks/results/web.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results" / "web.json"
PASSWORD = "karmayogi-demo"
CHROMIUM = "/usr/bin/chromium"
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _karmayogi(*args: str) -> list[str]:
    return [sys.executable, "-c", "from karmayogi.api.cli import app; app()", *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign_in(client: httpx.Client, email: str) -> None:
    token = CSRF.search(client.get("/").text).group(1)  # type: ignore[union-attr]
    r = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303, r.text


def pages_of(client: httpx.Client) -> list[str]:
    """The learner's typical pages, with a course found through the recommendations."""
    course = re.search(r'href="(/catalogue/[0-9a-f-]{36})"', client.get("/recommendations").text)
    assert course, "no recommendation links to a course"
    return [
        "/home",
        "/recommendations",
        "/learning-path",
        "/catalogue",
        "/catalogue?q=public+procurement",
        course.group(1),
        "/passbook",
        "/certificates",
    ]


def server_times(
    base: str, accounts: dict[str, list[str] | None], repeat: int
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for email, paths in accounts.items():
        with httpx.Client(base_url=base, timeout=600) as client:
            sign_in(client, email)
            for path in paths or pages_of(client):
                assert client.get(path).status_code == 200, path  # warm-up
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    assert r.status_code == 200, path
                key = re.sub(r"[0-9a-f-]{36}", "{id}", path)
                out[key] = {
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(statistics.quantiles(times, n=20)[18], 1),
                    "html_bytes": len(r.content),
                }
                print(f"{key:36} p50 {out[key]['p50_ms']:7.1f} ms  p95 {out[key]['p95_ms']:7.1f} ms")
    return out


def browser_figures(base: str, email: str, paths: list[str]) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(base + "/")
        page.locator("#f-email").fill(email)
        page.locator("#f-password").fill(PASSWORD)
        page.locator("form[action='/sign-in'] button").click()
        page.wait_for_load_state()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        received: list[float] = []
        cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
        for path in paths:
            cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            received.clear()
            page.goto(base + path, wait_until="load")
            paint = page.evaluate(
                "() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
                " return e ? e.startTime : null; }"
            )
            key = re.sub(r"[0-9a-f-]{36}", "{id}", path)
            out[key] = {
                "transferred_bytes": int(sum(received)),
                "requests": len(received),
                "first_contentful_paint_slow_3g_ms": round(paint, 0) if paint is not None else None,
            }
            figures = out[key]
            paint = figures["first_contentful_paint_slow_3g_ms"]
            print(f"{key:36} {figures['transferred_bytes']:7d} bytes  FCP {paint} ms")
            cdp.send(
                "Network.emulateNetworkConditions",
                {**SLOW_3G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            )
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--repeat", type=int, default=40, help="requests per page after the warm-up")
    parser.add_argument("--data-dir", help="an already seeded KARMAYOGI_DATA_DIR at this scale, reused")
    args = parser.parse_args()

    data = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="karmayogi-web-"))
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("KARMAYOGI_DATABASE_URL", None)
    seeded_s = None
    if not (data / "karmayogi.sqlite3").exists():
        started = time.perf_counter()
        subprocess.run(
            _karmayogi("demo", "seed", "--scale", args.scale), env=env, check=True, capture_output=True
        )
        seeded_s = round(time.perf_counter() - started, 1)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        _karmayogi("serve", "--port", str(port)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        accounts: dict[str, list[str] | None] = {
            "learner1@karmayogi.example": None,
            "reviewer1@karmayogi.example": ["/reviews", "/institution"],
            "creator1@karmayogi.example": ["/studio"],
            "frac1.doe@karmayogi.example": ["/frac"],
            "admin@karmayogi.example": ["/admin"],
        }
        timings = server_times(base, accounts, args.repeat)
        with httpx.Client(base_url=base, timeout=600) as client:
            sign_in(client, "learner1@karmayogi.example")
            learner_pages = pages_of(client)
        transfers = browser_figures(base, "learner1@karmayogi.example", learner_pages)
    finally:
        server.terminate()
        server.wait(timeout=30)
    pages = {k: {**v, **transfers.get(k, {})} for k, v in timings.items()}
    typical = [v for v in transfers.values()]
    result = {
        "benchmark": "web portal",
        "scale": args.scale,
        "database": "sqlite",
        "seed_seconds": seeded_s,
        "requests_per_page": args.repeat,
        "network_profile": {"name": "DevTools Slow 3G", **SLOW_3G},
        "pages": pages,
        "summary": {
            "worst_p95_ms": max(v["p95_ms"] for v in timings.values()),
            "median_p95_ms": round(statistics.median(v["p95_ms"] for v in timings.values()), 1),
            "learner_pages_max_transferred_bytes": max(v["transferred_bytes"] for v in typical),
            "learner_pages_median_transferred_bytes": int(
                statistics.median(v["transferred_bytes"] for v in typical)
            ),
            "learner_pages_max_first_paint_slow_3g_ms": max(
                v["first_contentful_paint_slow_3g_ms"] or 0 for v in typical
            ),
        },
        "targets": {"server_p95_ms": 50, "typical_page_bytes": 100_000, "first_render_slow_3g_ms": 3000},
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result["summary"], indent=2))


if __name__ == "__main__":
    main()
