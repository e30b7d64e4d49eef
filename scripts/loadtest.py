#!/usr/bin/env python3
"""Load benchmark: `claimflags serve` (gunicorn) on loopback, N concurrent clients for S seconds
on real-size articles; prints throughput, latency percentiles, errors and worker memory.

    .venv/bin/python scripts/loadtest.py                 # 20 clients, 60 s, cache off
    .venv/bin/python scripts/loadtest.py --cache         # the same with the result cache on
    .venv/bin/python scripts/loadtest.py --instances 2 --workers 1 --redis --rate-limit 100000/minute
                                                         # two instances sharing a private redis-server

Articles: the PolNeAR dev texts when ../shared is present, else the repo's seeds/. The result
cache is off by default so every request is a full analysis (with it on, repeats of the same
articles are measured instead). With --instances N the clients spread their requests over N
instances in turn, as a balancer would; --redis starts Debian's redis-server on a free loopback
port for them to share (CLAIMFLAGS_REDIS_URL: the cache's shared tier and the rate limits).
Traffic goes to 127.0.0.1 only, and the run stops by itself.
Exit status 1 when any request failed or worker memory grew by more than 10%.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_DURATION = 600


def corpus(folder: str | None) -> tuple[list[str], str]:
    candidates = [Path(folder)] if folder else []
    shared = Path(os.environ.get("CLAIMFLAGS_SHARED", ROOT.parent / "shared")) / "data" / "polnear" / "dev" / "text"
    candidates += [shared, ROOT / "seeds"]
    for path in candidates:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(path.glob("*.txt"))] if path.is_dir() else []
        texts = [t for t in texts if t.strip()]
        if texts:
            return texts, str(path)
    sys.exit("no articles found (give --corpus DIR with .txt files)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def post(port: int, body: bytes, timeout: float = 120, headers: dict | None = None) -> tuple[int, dict | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/v1/analyze", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        raw = resp.read()
        if headers is not None:
            headers.update(resp.getheaders())
        return resp.status, (json.loads(raw) if resp.status == 200 else None)
    finally:
        conn.close()


def repeat_check(ports: list[int], bodies: list[bytes], n: int = 10) -> dict:
    """Each of n articles twice in a row (the second time to the last instance): how fast the
    second (cached) answer comes back."""
    seconds, tiers = [], []
    port = ports[-1]
    for body in bodies[:n]:
        post(ports[0], body)
        headers: dict = {}
        t0 = time.perf_counter()
        post(port, body, headers=headers)
        seconds.append(time.perf_counter() - t0)
        tiers.append(headers.get("X-Cache", "?"))
    baseline = []
    for _ in range(n):  # the same round trip without any analysis: what HTTP itself costs here
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/v1/notes")
        conn.getresponse().read()
        conn.close()
        baseline.append(time.perf_counter() - t0)
    return {"repeat_p50_ms": round(percentile(seconds, 0.5) * 1000, 2),
            "repeat_max_ms": round(max(seconds) * 1000, 2), "repeat_tiers": dict(Counter(tiers)),
            "notes_p50_ms": round(percentile(baseline, 0.5) * 1000, 2)}  # fmt: skip


def start_server(port: int, data_dir: str, cache: bool, workers: int | None, log_path: Path,
                 extra: dict | None = None) -> subprocess.Popen:  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMFLAGS_", "PROMETHEUS_"))}
    env.update({"CLAIMFLAGS_HOST": "127.0.0.1", "CLAIMFLAGS_PORT": str(port), "CLAIMFLAGS_DATA_DIR": data_dir,
                "CLAIMFLAGS_LOG_LEVEL": "warning", **(extra or {})})  # fmt: skip
    if workers:
        env["CLAIMFLAGS_WORKERS"] = str(workers)
    if not cache:
        env.update({"CLAIMFLAGS_CACHE_PATH": "off", "CLAIMFLAGS_CACHE_MEMORY_MB": "0"})
    claimflags = str(Path(sys.executable).parent / "claimflags")
    log = open(log_path, "wb")  # noqa: SIM115 - lives as long as the server
    return subprocess.Popen([claimflags, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(proc: subprocess.Popen, port: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/v1/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("the server did not become ready")


def start_redis(folder: str) -> tuple[subprocess.Popen, str]:
    """A private redis-server on a free loopback port, no persistence."""
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("--redis needs Debian's redis-server (apt-get install redis-server; scripts/bootstrap.sh dev installs it)")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", folder, "--logfile", str(Path(folder) / "redis.log")])  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("redis-server did not start")


def run_clients(ports: list[int], bodies: list[bytes], words: list[int], clients: int, duration: float) -> dict:
    results: list[tuple[float, int, float | None, int]] = []  # (latency s, status, server timing_ms, words)
    tiers: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(seed: int) -> None:
        order = list(range(len(bodies)))
        random.Random(seed).shuffle(order)
        i = 0
        while time.monotonic() < stop_at:
            k = order[i % len(order)]
            body = bodies[k]
            port = ports[(seed + i) % len(ports)]  # the instances in turn, as a balancer would
            i += 1
            headers: dict = {}
            t0 = time.perf_counter()
            try:
                status, result = post(port, body, headers=headers)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - t0
            with lock:
                results.append((elapsed, status, result.get("timing_ms") if result else None, words[k]))
                tiers[headers.get("X-Cache", "none")] += 1
                if status != 200:
                    errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"results": results, "errors": errors, "wall": time.perf_counter() - t_start, "tiers": dict(tiers)}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0, help=f"seconds (at most {MAX_DURATION})")
    ap.add_argument("--warmup", type=float, default=15.0, help="seconds of the same load before measuring")
    ap.add_argument("--workers", type=int, help="gunicorn workers per instance (default: the server's own default)")
    ap.add_argument("--instances", type=int, default=1, help="servers on loopback, each with its own port and data folder")
    ap.add_argument("--redis", action="store_true", help="start a private redis-server and share it (CLAIMFLAGS_REDIS_URL)")
    ap.add_argument("--rate-limit", default="", help="CLAIMFLAGS_RATE_LIMIT for the servers (every request then counts)")
    ap.add_argument("--corpus", help="folder of .txt articles")
    ap.add_argument("--cache", action="store_true", help="leave the result cache on")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    duration = min(max(args.duration, 1.0), MAX_DURATION)

    texts, source = corpus(args.corpus)
    bodies = [json.dumps({"text": t}).encode() for t in texts]
    words = [len(t.split()) for t in texts]  # as `claimflags bench` and the audit count them
    data_dir = tempfile.mkdtemp(prefix="claimflags-load-")
    redis_proc, extra = None, {"CLAIMFLAGS_RATE_LIMIT": args.rate_limit}
    if args.redis:
        redis_proc, extra["CLAIMFLAGS_REDIS_URL"] = start_redis(data_dir)
    ports, procs = [], []
    for n in range(max(1, args.instances)):
        ports.append(free_port())
        folder = Path(data_dir) / f"instance-{n}"
        folder.mkdir()
        procs.append(start_server(ports[-1], str(folder), args.cache, args.workers, folder / "server.log", extra))
    try:
        for proc, port in zip(procs, ports, strict=True):
            wait_ready(proc, port)
        # Warm-up under the same load: first-request costs, and the model's string store
        # learning the corpus's words, should not count as growth.
        repeats = repeat_check(ports, bodies) if args.cache else {}
        run_clients(ports, bodies, words, args.clients, args.warmup)
        rss_before = {pid: rss_mb(pid) for proc in procs for pid in worker_pids(proc.pid)}
        print(f"load: {args.clients} clients x {duration:.0f} s, {len(texts)} articles from {source}, "
              f"{len(procs)} instance(s), {len(rss_before)} workers, cache {'on' if args.cache else 'off'}"
              f"{', Redis shared' if args.redis else ''}", file=sys.stderr)  # fmt: skip
        run = run_clients(ports, bodies, words, args.clients, duration)
        rss_after = {pid: rss_mb(pid) for proc in procs for pid in worker_pids(proc.pid)}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(10)

    latencies = [r[0] for r in run["results"]]
    server_ms = [r[2] for r in run["results"] if r[2] is not None]
    ok = sum(1 for r in run["results"] if r[1] == 200)
    before, after = sum(rss_before.values()), sum(rss_after.values())
    growth = (after - before) / before * 100 if before else float("nan")
    restarted = sorted(set(rss_before) ^ set(rss_after))
    figures = {
        "clients": args.clients, "duration_s": round(run["wall"], 1), "instances": len(procs), "workers": len(rss_before),
        "redis": args.redis, "rate_limit": args.rate_limit or None, "cache_tiers": run["tiers"],
        "articles": len(texts), "mean_chars": round(statistics.mean(len(t) for t in texts)), "corpus": source,
        "cache": args.cache, "requests": len(run["results"]), "ok": ok, "errors": len(run["errors"]),
        "throughput_rps": round(ok / run["wall"], 2),
        "throughput_words_per_s": round(sum(r[3] for r in run["results"] if r[1] == 200) / run["wall"], 1),
        "latency_p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "latency_p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "latency_max_ms": round(max(latencies, default=float("nan")) * 1000, 1),
        "analysis_p50_ms": round(percentile(server_ms, 0.5), 1), "analysis_p95_ms": round(percentile(server_ms, 0.95), 1),
        "worker_rss_before_mb": round(before, 1), "worker_rss_after_mb": round(after, 1),
        "worker_rss_growth_pct": round(growth, 1), "workers_replaced": restarted,
        "error_samples": run["errors"][:5], **repeats,
    }  # fmt: skip
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(report(figures))
    failed = figures["errors"] > 0 or not (growth <= 10)
    if failed:
        print(f"FINDING: {figures['errors']} errors, worker RSS growth {growth:.1f}% (limit 10%); "
              f"server logs kept in {data_dir}", file=sys.stderr)  # fmt: skip
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failed else 0


def report(f: dict) -> str:
    return "\n".join([
        f"claimflags load test: {f['clients']} concurrent clients for {f['duration_s']} s on 127.0.0.1, "
        f"{f['instances']} instance(s), {f['workers']} gunicorn workers, cache {'on' if f['cache'] else 'off'}"
        f"{', shared Redis' if f['redis'] else ''}{', rate limit ' + f['rate_limit'] if f['rate_limit'] else ''}",
        f"articles:        {f['articles']} (mean {f['mean_chars']:,} chars) from {f['corpus']}",
        f"requests:        {f['requests']} ({f['ok']} ok, {f['errors']} errors); answered from {f['cache_tiers']}",
        f"throughput:      {f['throughput_rps']} articles/s, {f['throughput_words_per_s']:,.0f} words/s",
        f"latency:         p50 {f['latency_p50_ms']} ms, p95 {f['latency_p95_ms']} ms, max {f['latency_max_ms']} ms "
        "(client side, queueing included)",
        f"analysis:        p50 {f['analysis_p50_ms']} ms, p95 {f['analysis_p95_ms']} ms (server timing_ms)",
        f"worker RSS:      {f['worker_rss_before_mb']} MB before, {f['worker_rss_after_mb']} MB after "
        f"({f['worker_rss_growth_pct']:+.1f}%; all workers summed, shared pages counted in each)",
    ] + ([f"repeat answer:   p50 {f['repeat_p50_ms']} ms, max {f['repeat_max_ms']} ms client side for the 2nd request "
          f"of an article, served from {f['repeat_tiers']}; GET /v1/notes p50 {f['notes_p50_ms']} ms"]
         if "repeat_p50_ms" in f else []))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
