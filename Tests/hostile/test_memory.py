"""Rows 3 and 4 of issue 11 scaled to 2,000 requests each: 1 MB bodies the journal must not keep
whole, and 2,000 distinct URIs with large answers the response cache must not keep all of
(HOSTILE_MEMORY_REQUESTS scales both).
The server stays under 300 MB RSS, answers /_mock/health within 50 ms, and after
DELETE /_mock/requests and a reset its RSS is back within 50 MB of where it started."""
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests

from conftest import ADA, binary
from dataloop_mock import MockServer

REQUESTS = int(os.environ.get("HOSTILE_MEMORY_REQUESTS", "2000"))
MB = 1024 * 1024


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def big_fixture():
    """The default fixture plus 80 projects Ada owns: GET /projects answers ~70 KB, so 2,000
    distinct URIs would keep 140 MB in an unbounded cache (and a debug build answers each in
    tens of milliseconds, which keeps the test to a minute or two)."""
    fixture = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "default.json").read_text())
    for i in range(80):
        fixture["projects"].append({"name": f"bulk project {i:03d} " + "x" * 60, "org": "Provider Inc",
                                    "contributors": [{"email": ADA, "role": "owner"}]})
    return fixture


def run_parallel(count, work, threads=4):
    errors = []

    def worker(offset):
        session = requests.Session()
        try:
            for i in range(offset, count, threads):
                work(session, i)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert not errors, errors[:3]


def health_ms(server):
    timings = []
    for _ in range(7):
        started = time.monotonic()
        assert requests.get(server.base_url + "/_mock/health", timeout=10).status_code == 200
        timings.append((time.monotonic() - started) * 1000)
    return statistics.median(timings)


def test_rows_3_and_4_scaled_to_2000_requests_stay_bounded_and_memory_returns():
    workdir = Path(tempfile.mkdtemp(prefix="hostile-memory-"))
    fixtures = workdir / "big.json"
    fixtures.write_text(json.dumps(big_fixture()))
    server = MockServer.start(binary=binary(), fixtures=fixtures, workdir=workdir)
    try:
        pid = server.process.pid
        tok = requests.post(server.base_url + "/token?default", timeout=15, json={
            "type": "user_credentials", "username": ADA, "password": "ada-pass"}).json()["id_token"]
        auth = {"Authorization": f"Bearer {tok}"}
        first = requests.get(server.base_url + "/api/v1/projects", headers=auth, timeout=30)
        assert first.status_code == 200 and len(first.content) > 65_000, len(first.content)
        requests.post(server.base_url + "/api/v1/orgs", data=b"{}", timeout=30)
        server.reset()
        requests.delete(server.base_url + "/_mock/requests", timeout=30)
        start_rss = rss_mb(pid)

        # Row 3: unauthenticated 1 MB JSON bodies (answered 401), each journaled.
        body = ('{"name": "' + "a" * (MB - 32) + '"}').encode()

        def post(session, _):
            resp = session.post(server.base_url + "/api/v1/orgs", data=body, timeout=60,
                                headers={"Content-Type": "application/json"})
            assert resp.status_code == 401, resp.status_code

        run_parallel(REQUESTS, post)
        after_posts = rss_mb(pid)

        # Row 4: distinct URIs with ~70 KB answers, each cacheable.
        def get(session, i):
            resp = session.get(server.base_url + f"/api/v1/projects?n={i}", headers=auth, timeout=60)
            assert resp.status_code == 200, resp.status_code

        run_parallel(REQUESTS, get)
        peak = rss_mb(pid)
        latency = health_ms(server)

        started = time.monotonic()
        entries = requests.get(server.base_url + "/_mock/requests", timeout=60).json()
        journal_s = time.monotonic() - started
        posts = [e for e in entries if e["method"] == "POST"]
        assert all(e["bodyTruncated"] and e["bodyBytes"] == len(body) and len(e["body"]) <= 4096 for e in posts)

        requests.delete(server.base_url + "/_mock/requests", timeout=30)
        server.reset()
        time.sleep(0.2)
        end_rss = rss_mb(pid)
        print(f"\nRSS MB: start {start_rss:.1f}, after {REQUESTS} x 1 MB POSTs {after_posts:.1f}, "
              f"after {REQUESTS} distinct GETs {peak:.1f}, after DELETE /_mock/requests + reset {end_rss:.1f}; "
              f"/_mock/health median {latency:.1f} ms; GET /_mock/requests ({len(entries)} entries) {journal_s:.2f} s")
        assert after_posts < 300 and peak < 300, (after_posts, peak)
        # The cache is bounded (16 MiB): 2,000 answers of 70 KB would otherwise add 140 MB.
        assert peak - after_posts < 60, (after_posts, peak)
        assert latency < 50, latency
        assert journal_s < 5, journal_s
        assert end_rss < start_rss + 50, (start_rss, end_rss)
    finally:
        server.stop()
