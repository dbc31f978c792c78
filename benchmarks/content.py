"""cmi5 content delivery: package import, launch round trip, and statements from concurrent AU sessions.

    python benchmarks/content.py                        # SQLite
    python benchmarks/content.py --backend postgresql --workers 4

Against a seeded `karmayogi serve` on a free port:
  1. import a 100 MB package (a zip of incompressible media files and one AU) over HTTP: seconds,
     best of --imports; and, apart, the time to read and check it in-process (unzip, schema, rules);
  2. launch round trip: a learner's POST /api/v1/cmi5/courses/{id}/launch then the AU's POST to the
     fetch URL, one at a time, --launches times: p50 and p95 in ms;
  3. 200 AU sessions at once (--sessions), each one learner's: initialized, --statements
     "experienced" statements, completed, terminated, each POSTed on its own with the session token
     over keep-alive connections: statements per second, all session rules and moveOn included. A
     503 (the platform busy: no database connection free in time) is retried after its Retry-After,
     as a well-behaved AU does, and the retries are counted.
     The sessions are opened through the launch service directly, to spare 200 sign-ins.
Figures are printed and written to benchmarks/results/content.json.
"""

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx2 as httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from databases import scratch_database
from machine import machine

from karmayogi.lms.cmi5 import courses, launch
from karmayogi.lms.cmi5.package import read_package
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import DEMO_DOMAIN, DEMO_PASSWORD
from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Provider, User

RESULTS = Path(__file__).parent / "results" / "content.json"
NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
CMI5 = "https://w3id.org/xapi/cmi5"
V = {"X-Experience-API-Version": "1.0.3"}


def package(size_mb: int, tag: str) -> bytes:
    course = f"https://bench.example.org/cmi5/{tag}"
    xml = (
        f'<?xml version="1.0"?><courseStructure xmlns="{NS}"><course id="{course}"><title>'
        f'<langstring lang="en-US">Benchmark {tag}</langstring></title><description><langstring lang="en-US">'
        f"Media heavy</langstring></description></course>"
        f'<au id="{course}/au" moveOn="Completed"><title><langstring lang="en-US">Lesson</langstring></title>'
        f'<description><langstring lang="en-US">Lesson</langstring></description><url>index.html</url></au>'
        f"</courseStructure>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cmi5.xml", xml)
        archive.writestr(
            "index.html", "<!doctype html><title>Lesson</title><video src='media/0.mp4'></video>"
        )
        for i in range(size_mb // 2):
            archive.writestr(f"media/{i}.mp4", os.urandom(2 * 1024 * 1024))
    return buffer.getvalue()


def token(client: httpx.Client, who: str) -> dict[str, str]:
    r = client.post(
        "/api/v1/auth/token", data={"username": f"{who}@{DEMO_DOMAIN}", "password": DEMO_PASSWORD}
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def publish(client: httpx.Client, course_id: str) -> None:
    for who, action in (("creator1", "submit"), ("reviewer1", "approve")):
        r = client.post(
            f"/api/v1/courses/{course_id}/transitions", json={"action": action}, headers=token(client, who)
        )
        r.raise_for_status()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


RETRIES: list[int] = []  # one entry per 503 that a session waited out


def polite(client: httpx.Client, method: str, url: str, **kwargs: object) -> httpx.Response:
    """A request as a well-behaved client sends it: a 503 (the platform busy) is retried after its
    Retry-After, and counted."""
    for _ in range(60):
        r = client.request(method, url, **kwargs)  # type: ignore[arg-type]
        if r.status_code != 503:
            return r
        RETRIES.append(1)
        time.sleep(float(r.headers.get("Retry-After", "1")))
    return r


def au_session(base: str, url: str, statements: int) -> int:
    """One AU's whole session over its own connection; answers how many statements it sent."""
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    with httpx.Client(base_url=base, timeout=900) as client:
        auth = polite(client, "POST", q["fetch"]).json()["auth-token"]
        headers = {**V, "Authorization": f"Basic {auth}"}
        answer = polite(
            client,
            "GET",
            "/xapi/activities/state",
            params={
                "activityId": q["activityId"],
                "agent": q["actor"],
                "registration": q["registration"],
                "stateId": "LMS.LaunchData",
            },
            headers=headers,
        )
        if answer.status_code != 200:
            raise RuntimeError(f"LMS.LaunchData: {answer.status_code} {answer.text[:300]}")
        state = answer.json()
        actor = json.loads(q["actor"])
        polite(
            client,
            "GET",
            "/xapi/agents/profile",
            params={"agent": q["actor"], "profileId": "cmi5LearnerPreferences"},
            headers=headers,
        )

        def send(verb: str, cmi5: bool, result: dict[str, object] | None = None) -> None:
            context: dict[str, object] = {"registration": q["registration"], **state["contextTemplate"]}
            if cmi5:
                category = [{"id": f"{CMI5}/context/categories/cmi5"}]
                if verb == "completed":
                    category.append({"id": f"{CMI5}/context/categories/moveon"})
                context["contextActivities"] = {
                    **state["contextTemplate"]["contextActivities"],
                    "category": category,
                }
            body: dict[str, object] = {
                "id": str(uuid.uuid4()),
                "timestamp": datetime.now(UTC).isoformat(),
                "actor": actor,
                "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
                "object": {"id": q["activityId"]},
                "context": context,
            }
            if result:
                body["result"] = result
            r = polite(client, "POST", "/xapi/statements", json=body, headers=headers)
            if r.status_code != 200:
                raise RuntimeError(f"{verb}: {r.status_code} {r.text[:300]}")

        send("initialized", True)
        for _ in range(statements):
            send("experienced", False)
        send("completed", True, {"completion": True, "duration": "PT5M"})
        send("terminated", True, {"duration": "PT5M"})
    return statements + 3


def run(
    backend: str, workers: int, sessions: int, per_session: int, launches: int, imports: int
) -> dict[str, object]:
    with scratch_database(backend) as url, tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        port = socket.socket()
        port.bind(("127.0.0.1", 0))
        number = port.getsockname()[1]
        port.close()
        base = f"http://127.0.0.1:{number}"
        env = {
            **os.environ,
            "KARMAYOGI_DATA_DIR": str(data_dir),
            "KARMAYOGI_DATABASE_URL": url,
            "KARMAYOGI_PUBLIC_URL": base,
        }
        karmayogi = str(Path(sys.executable).parent / "karmayogi")
        subprocess.run(
            [karmayogi, "demo", "seed", "--scale", "small"], env=env, check=True, capture_output=True
        )
        log = open(data_dir / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [karmayogi, "serve", "--port", str(number), "--workers", str(workers)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(600):
                try:
                    httpx.get(f"{base}/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            database = Database(url)
            with database.transaction() as session:
                provider = session.scalar(select(Provider.id).where(Provider.name == PROVIDERS[0].name))
            client = httpx.Client(base_url=base, timeout=600)
            creator = token(client, "creator1")

            big = package(100, "big")
            started = time.perf_counter()
            read_package(big)
            check_s = time.perf_counter() - started
            import_times = []
            for _ in range(imports):
                started = time.perf_counter()
                r = client.post(
                    f"/api/v1/cmi5/packages?provider_id={provider}",
                    content=big,
                    headers={**creator, "Content-Type": "application/zip"},
                )
                import_times.append(time.perf_counter() - started)
                r.raise_for_status()
                course_id = r.json()["course_id"]
            publish(client, course_id)

            learner = token(client, "learner1")
            client.post(f"/api/v1/courses/{course_id}/enrolments", headers=learner).raise_for_status()
            round_trips = []
            for _ in range(launches):
                started = time.perf_counter()
                r = client.post(
                    f"/api/v1/cmi5/courses/{course_id}/launch", json={"au_index": 0}, headers=learner
                )
                r.raise_for_status()
                fetch = parse_qs(urlsplit(r.json()["url"]).query)["fetch"][0]
                client.post(fetch).raise_for_status()
                round_trips.append((time.perf_counter() - started) * 1000)

            settings = Settings(database_url=url, public_url=base, data_dir=data_dir, secret_key="b" * 40)
            urls = []
            with database.transaction() as session:
                package_row = courses.package_of(session, uuid.UUID(course_id))
                users = session.scalars(
                    select(User).where(User.email != f"learner1@{DEMO_DOMAIN}").limit(sessions)
                )
                for user in users:
                    urls.append(
                        launch.launch(session, settings, user, package_row, 0, require_enrolment=False).url
                    )
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=len(urls)) as pool:
                sent = sum(pool.map(lambda u: au_session(base, u, per_session), urls))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
            (Path(tempfile.gettempdir()) / "content-bench-server.log").write_bytes(
                (data_dir / "server.log").read_bytes()
            )
    return {
        "backend": backend,
        "workers": workers,
        "package_mb": round(len(big) / 2**20, 1),
        "import_s_best": round(min(import_times), 2),
        "import_s_all": [round(t, 2) for t in import_times],
        "read_and_check_s": round(check_s, 2),
        "launch_round_trip_ms": {
            "count": launches,
            "p50": round(statistics.median(round_trips), 1),
            "p95": round(percentile(round_trips, 95), 1),
        },
        "au_sessions": len(urls),
        "statements": sent,
        "statements_per_second": round(sent / elapsed, 1),
        "busy_503_retried": len(RETRIES),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--statements", type=int, default=5, help="non-cmi5 statements per session")
    parser.add_argument("--launches", type=int, default=100)
    parser.add_argument("--imports", type=int, default=3)
    args = parser.parse_args()
    figures = run(args.backend, args.workers, args.sessions, args.statements, args.launches, args.imports)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[args.backend] = {**figures, "machine": machine()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
