"""Discovery benchmark: `mst` against a Scrapy spider doing the same discovery on the same simulated web.

Usage (2,000 sites, 50-200 ms per response, 50 requests in flight; the limit is 50 / 0.125 s = 400 requests/s):
    PYTHONPATH=. /work/venv/bin/python bench/discovery.py --sites 2000 --concurrency 50

Scrapy is not a project dependency; it runs from its own virtual environment, made once with
    /work/venv/bin/python -m venv /work/bench-venv
    /work/bench-venv/bin/pip install scrapy -e .
(`-e .` brings the project's link ranking, extraction and detector, which the spider shares, so the comparison is
about the crawling engines). Without that venv, or with --skip-scrapy, only `mst` runs.

Each crawler runs in its own process against one simulated-web server process; the server counts the requests it
answers (the neutral request count). CPU is the crawler process plus its extraction workers; peak memory is the
crawler process's maximum resident set (and the largest worker's). For mst, `slots_busy` (requests in flight on
average, at most the concurrency) and `mean_request_ms` (against the 125 ms the simulated web adds) tell whether a
shortfall against the limit came from idle request slots or from slow answers (a CPU-starved machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
SCRAPY_PYTHON = Path("/work/bench-venv/bin/python")


def start_server(sites: int, latency: str, truth: Path, seed: int) -> tuple[subprocess.Popen[str], int]:
    """The simulated web in its own process; returns it and its port."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "simweb",
            "serve",
            "--sites",
            str(sites),
            "--port",
            "0",
            "--seed",
            str(seed),
            "--latency-ms",
            latency,
            "--truth",
            str(truth),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line.startswith("READY"):
        server.kill()
        raise SystemExit(f"simulated web did not start: {line!r}")
    return server, int(line.split()[1])


def served(port: int) -> int:
    """Requests the simulated web has answered so far."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"simweb.localhost:{port}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response).get("requests", 0))


def run_crawler(python: Path, script: str, truth: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one crawler process to completion; its own report plus wall time."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [
        str(python),
        str(ROOT / "bench" / script),
        "--truth",
        str(truth),
        "--out",
        str(out),
        "--concurrency",
        str(args.concurrency),
        "--timeout",
        str(args.timeout),
    ]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    report = json.loads(out.read_text())
    report["process_wall_seconds"] = time.monotonic() - started
    out.unlink()
    return report


def accuracy(results: list[dict[str, Any]], truth: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of sites whose outcome, statement URL and prominence match the ground truth; misses by scenario."""
    expected = {site["homepage"]: site for site in truth}
    misses: Counter[str] = Counter()
    for result in results:
        site = expected[result["url"]]
        t = site["truth"]
        got = (result["outcome"], _same(result["statement_url"]), result["prominent"])
        if got != (t["outcome"], _same(t["statement_url"]), t["prominent"]):
            misses[site["scenario"]] += 1
    correct = len(truth) - sum(misses.values()) - (len(truth) - len(results))
    return {"correct": correct, "total": len(truth), "rate": correct / len(truth), "misses": dict(misses)}


def _same(url: str | None) -> str | None:
    """A URL spelled one way (percent-encoded or not) for comparison."""
    return unquote(url) if url else None


def summarise(
    name: str, report: dict[str, Any], requests: int, truth: list[dict[str, Any]], limit: float
) -> dict[str, Any]:
    """The figures the issue asks for."""
    wall = report["wall_seconds"]
    cpu = report["cpu_seconds"] + report["cpu_seconds_children"]
    return {
        "crawler": name,
        "organisations": len(report["results"]),
        "wall_seconds": round(wall, 2),
        "organisations_per_second": round(len(report["results"]) / wall, 1),
        "requests": requests,
        "requests_per_second": round(requests / wall, 1),
        "share_of_limit": round(requests / wall / limit, 3),
        "cpu_seconds": round(cpu, 2),
        "cpu_ms_per_request": round(1000 * cpu / max(requests, 1), 3),
        "crawler_cpu_ms_per_request": round(1000 * report["cpu_seconds"] / max(requests, 1), 3),
        "peak_rss_mb": round(report["peak_rss_mb"], 1),
        "peak_worker_rss_mb": round(report["peak_rss_children_mb"], 1),
        "accuracy": accuracy(report["results"], truth),
        **{key: round(report[key], 1) for key in ("slots_busy", "mean_request_ms") if key in report},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--latency-ms", default="50-200")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-scrapy", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    low, high = (float(x) for x in args.latency_ms.split("-"))
    limit = args.concurrency / ((low + high) / 2000)
    with tempfile.TemporaryDirectory() as folder:
        truth_path = Path(folder) / "truth.json"
        server, port = start_server(args.sites, args.latency_ms, truth_path, args.seed)
        try:
            truth = json.loads(truth_path.read_text())
            rows = []
            crawlers = [("mst", Path(sys.executable), "_discovery_mst.py")]
            if not args.skip_scrapy and SCRAPY_PYTHON.exists():
                crawlers.append(("scrapy", SCRAPY_PYTHON, "_discovery_scrapy.py"))
            for name, python, script in crawlers:
                before = served(port)
                report = run_crawler(python, script, truth_path, args)
                rows.append(summarise(name, report, served(port) - before, truth, limit))
        finally:
            server.terminate()
            server.wait(10)
    figures = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "sites": args.sites,
        "concurrency": args.concurrency,
        "latency_ms": args.latency_ms,
        "limit_requests_per_second": round(limit, 1),
        "results": rows,
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
