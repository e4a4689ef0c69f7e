#!/usr/bin/env python3
"""Load on `allseason serve` (issue 16): CLIENTS concurrent clients (keep-alive connections)
asking /api/cutoff at random ford depths for SECONDS, while the server's resident memory is
sampled from /proc. The clients run as threads spread over several processes (ten a process),
so that one Python interpreter's lock does not add its own waits to the latencies. Loopback only; bounded by SECONDS. Prints one JSON line:
requests, errors, latency p50/p95/p99/max in ms, RSS at start / middle / end / max in MB.

usage: serve_load.py URL SERVER_PID [CLIENTS] [SECONDS]
"""
import http.client
import json
import multiprocessing
import random
import sys
import threading
import time
from urllib.parse import urlparse


SECONDS_OF_RUN = float(sys.argv[4]) if len(sys.argv) > 4 else 30


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def client(host, port, deadline, seed, latencies, errors):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < deadline:
        depth = f"{rng.uniform(0.0, 1.5):.2f}"  # a slider's two decimals
        start = time.monotonic()
        try:
            conn.request("GET", f"/api/cutoff?ford_depth={depth}")
            response = conn.getresponse()
            body = response.read()
            elapsed = time.monotonic() - start
            if response.status != 200 or b'"summary"' not in body:
                errors.append(f"{response.status} at depth {depth}")
            else:
                latencies.append(elapsed)
                if elapsed > 5:
                    print(f"slow: started {start - (deadline - SECONDS_OF_RUN):.1f} s into the run, "
                          f"{elapsed:.1f} s, depth {depth}", file=sys.stderr)
        except Exception as e:  # a refused or dropped connection is an error of the run
            errors.append(repr(e))
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.close()


def process_main(host, port, deadline, first_seed, count, results):
    latencies, errors = [], []
    threads = [threading.Thread(target=client, args=(host, port, deadline, first_seed + i,
                                                      latencies, errors)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put((latencies, errors))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else None


def main():
    url, pid = sys.argv[1], int(sys.argv[2])
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 30
    parsed = urlparse(url)
    latencies, errors, rss = [], [], [rss_mb(pid)]
    deadline = time.monotonic() + seconds
    results = multiprocessing.Queue()
    per_process = 10
    processes = []
    for first in range(0, clients, per_process):
        count = min(per_process, clients - first)
        p = multiprocessing.Process(target=process_main, args=(parsed.hostname, parsed.port,
                                                               deadline, first, count, results))
        p.start()
        processes.append(p)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        rss.append(rss_mb(pid))
    for _ in processes:
        more_latencies, more_errors = results.get()
        latencies += more_latencies
        errors += more_errors
    for p in processes:
        p.join()
    rss.append(rss_mb(pid))
    ms = lambda v: round(v * 1000, 1) if v is not None else None
    print(json.dumps({
        "clients": clients, "seconds": seconds, "requests": len(latencies) + len(errors),
        "errors": len(errors), "first_errors": errors[:3],
        "p50_ms": ms(percentile(latencies, 50)), "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)), "max_ms": ms(max(latencies) if latencies else None),
        "rss_mb_start": round(rss[0], 1), "rss_mb_middle": round(rss[len(rss) // 2], 1),
        "rss_mb_end": round(rss[-1], 1), "rss_mb_max": round(max(rss), 1),
    }))


if __name__ == "__main__":
    main()
