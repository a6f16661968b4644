"""Register benchmark: import 100,000 generated organisations (with groups) into fresh SQLite and PostgreSQL
databases, re-import them (which must change nothing), then time GET /api/v1/organisations at that size.

    /work/venv/bin/python bench/register_import.py [--organisations 100000] [--requests 200] [--profile]

Targets: import < 10 s per backend; list endpoint p95 < 50 ms (server time). Figures go to
docs/benchmarks/register.md. Only 127.0.0.1 is contacted (a uvicorn subprocess this script starts).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import Engine, func, select  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from app.db import make_engine, session_scope, temporary_postgres_database  # noqa: E402
from app.demo.organisation import DemoOrganisation, to_csv  # noqa: E402
from app.demo.register import BENCHMARK_SIZE, DEMO_SEED, generate_register  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import Base  # noqa: E402
from app.models.organisations import ImportRun, MatchReview, Organisation  # noqa: E402
from app.organisations import paging, repository  # noqa: E402
from app.organisations.imports import ImportReport, import_organisations  # noqa: E402
from app.organisations.sectors import REGISTRY_SECTORS  # noqa: E402

PG_SERVER = os.environ.get("MST_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
IMPORT_TARGET_S = 10.0
LIST_P95_TARGET_MS = 50.0
SORTS = ("name", "-name", "turnover", "-turnover", "company_number", "updated_at", "-updated_at")


@dataclass
class BackendResult:
    """Everything measured on one database backend."""

    backend: str
    import_s: float = 0.0
    reimport_s: float = 0.0
    import_cpu_s: float = 0.0
    reimport_cpu_s: float = 0.0
    report: dict[str, int] = field(default_factory=dict)
    reimport_report: dict[str, int] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    unchanged: bool = False
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    explain: dict[str, str] = field(default_factory=dict)
    profile: str = ""


# --- databases ---------------------------------------------------------------------------------------------


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """A new empty database, removed afterwards: a temporary SQLite file or `mst_bench_<random>` on PostgreSQL."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="mst-bench-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    with temporary_postgres_database(PG_SERVER, "mst_bench") as url:
        yield url


def snapshot(engine: Engine) -> dict[str, Any]:
    """Counts that any write would change, and the latest update time."""
    with engine.connect() as connection:

        def count(model: Any, *where: Any) -> int:
            return int(connection.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        scope_rows = connection.execute(
            select(Organisation.scope_status, func.count()).group_by(Organisation.scope_status)
        )
        scope = {str(status): int(number) for status, number in scope_rows}
        register_tables = [t for t in Base.metadata.sorted_tables if t.name.startswith("organisation")]
        return {
            **{table.name: count(table) for table in register_tables},
            "subsidiaries": count(Organisation, Organisation.parent_id.is_not(None)),
            "match_reviews": count(MatchReview),
            "import_runs": count(ImportRun),
            "scope": dict(sorted(scope.items())),
            "last_update": str(connection.scalar(select(func.max(Organisation.updated_at)))),
        }


def timed_import(engine: Engine, data: bytes, profile: bool) -> tuple[float, float, ImportReport, str]:
    """Import the file in one transaction; return wall and this process's CPU seconds, the report and a profile."""
    profiler = cProfile.Profile() if profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    with session_scope(sessionmaker(bind=engine, expire_on_commit=False)) as session:
        report = import_organisations(session, data, "bench-register.csv", file_format="generic", source="bench")
    if profiler:
        profiler.disable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    text_out = ""
    if profiler:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(30)
        text_out = buffer.getvalue()
    return elapsed, cpu, report, text_out


def counts_of(report: ImportReport) -> dict[str, int]:
    """The report's numbers."""
    return {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "review": report.review,
        "scope_changed": report.scope_changed,
        "problems": len(report.problems),
    }


# --- the list endpoint ---------------------------------------------------------------------------------------


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(database_url: str, port: int) -> None:
    """Run the app on 127.0.0.1 with a Server-Timing header giving the time to the response start (ms)."""
    import uvicorn

    from app.main import create_app

    inner = create_app(make_engine(database_url), migrate=False)

    async def timed(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_timing(message: Any) -> None:
            if message["type"] == "http.response.start":
                duration = (time.perf_counter() - started) * 1000
                headers = [*message.get("headers", []), (b"server-timing", f"app;dur={duration:.3f}".encode())]
                message = {**message, "headers": headers}
            await send(message)

        await inner(scope, receive, send_with_timing)

    uvicorn.run(timed, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextmanager
def running_server(database_url: str) -> Iterator[str]:
    """The app in a uvicorn subprocess on 127.0.0.1; yields its base URL and stops it afterwards."""
    port = free_port()
    command = [sys.executable, __file__, "--serve", database_url, "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the benchmark server did not start within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def query_mix(
    organisations: list[DemoOrganisation], total: int, rng: random.Random, cursors: list[str]
) -> dict[str, Callable[[], dict[str, Any]]]:
    """Request builders by category, drawing realistic values from the generated register."""
    names = [o.name for o in organisations]
    aliases = [a for o in organisations for a in (*o.former_names, *o.trading_names)]
    numbers = [o.company_number for o in organisations if o.company_number and o.jurisdiction == "UK"]
    words = sorted({w for n in names[:5000] for w in n.split() if len(w) > 3 and w.isalpha()})
    pages = max(1, total // 50)
    return {
        "no filter, sort=name": lambda: {"page": rng.randint(1, 5)},
        "q: one word": lambda: {"q": rng.choice(words)},
        "q: full name": lambda: {"q": rng.choice(names)},
        "q: former/trading name": lambda: {"q": rng.choice(aliases)},
        "q: company number": lambda: {"q": rng.choice(numbers)},
        "company_number": lambda: {"company_number": rng.choice(numbers)},
        "sector": lambda: {"sector": rng.choice(REGISTRY_SECTORS[1:])},
        "scope_status": lambda: {"scope_status": rng.choice(("in_scope", "out_of_scope", "unknown"))},
        "jurisdiction": lambda: {"jurisdiction": rng.choice(("UK", "AU", "CA"))},
        "sector+scope, sort=-turnover": lambda: {
            "sector": rng.choice(REGISTRY_SECTORS[1:]),
            "scope_status": "in_scope",
            "sort": "-turnover",
        },
        "each sort, no filter": lambda: {"sort": rng.choice(SORTS), "page": rng.randint(1, 3)},
        "deep pages (page_size 50)": lambda: {"page": rng.randint(1, pages), "page_size": 50},
        "cursor pages (page_size 50)": lambda: {"cursor": rng.choice(cursors), "page_size": 50},
        "page_size 200": lambda: {"page_size": 200, "sort": rng.choice(SORTS)},
    }


def sample_cursors(engine: Engine, rng: random.Random, count: int = 500) -> list[str]:
    """Cursors (sort=name) continuing after randomly chosen stored organisations: pages at any depth."""
    with engine.connect() as connection:
        rows = connection.execute(select(Organisation.name_key, Organisation.id)).all()
    return [paging.encode_cursor("name", key, org_id) for key, org_id in rng.sample(rows, min(count, len(rows)))]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure_list(base: str, mix: dict[str, Callable[[], dict[str, Any]]], requests: int) -> dict[str, dict[str, float]]:
    """p50/p95/max server and client latency (ms) per category, round-robin so each sees the same conditions."""
    server: dict[str, list[float]] = {name: [] for name in mix}
    client_ms: dict[str, list[float]] = {name: [] for name in mix}
    with httpx.Client(base_url=base, timeout=60) as client:
        for build in mix.values():  # warm-up: one of each
            client.get("/api/v1/organisations", params=build())
        for _ in range(requests):
            for name, build in mix.items():
                started = time.perf_counter()
                response = client.get("/api/v1/organisations", params=build())
                client_ms[name].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: HTTP {response.status_code} {response.text[:200]}")
                server[name].append(float(response.headers["server-timing"].split("dur=")[1]))
    return {
        name: {
            "p50": statistics.median(server[name]),
            "p95": percentile(server[name], 0.95),
            "max": max(server[name]),
            "client_p95": percentile(client_ms[name], 0.95),
            "n": len(server[name]),
        }
        for name in mix
    }


def explain(engine: Engine, params: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The database's plan for one representative query per category (EXPLAIN ANALYZE on PostgreSQL)."""
    plans: dict[str, str] = {}
    postgres = engine.dialect.name == "postgresql"
    for name, values in params.items():
        filters = repository.OrganisationFilter(
            **{
                k: v
                for k, v in values.items()
                if k in ("q", "company_number", "sector", "scope_status", "jurisdiction")
            }
        )
        page, size = int(values.get("page", 1)), int(values.get("page_size", 50))
        sort = values.get("sort", "name")
        statements: dict[str, Any] = {"count": repository.count_statement(filters)}
        with sessionmaker(bind=engine)() as session:
            search = repository.candidate_statements(session, filters, sort) if filters.q else None
        if search is not None:  # a search matching few organisations: its ids, then them in order (no count)
            statements = {"matching ids": search[0], "matches in order": search[1]}
        elif "cursor" in values:  # each keyset segment is a statement of its own
            after, last_id = paging.decode_cursor(values["cursor"], sort)
            for number, (condition, order) in enumerate(
                paging.SORTS[sort].segments(after, last_id, engine.dialect.name), 1
            ):
                statements[f"page, segment {number}"] = (
                    repository.filtered(filters).where(condition).order_by(*order).limit(size + 1)
                )
        else:
            statements["page"] = repository.page_statement(filters, sort, page, size)
        lines: list[str] = []
        with engine.connect() as connection:
            for label, statement in statements.items():
                compiled = statement.compile(dialect=engine.dialect)
                sql = str(compiled)
                if postgres:
                    rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + sql, compiled.params).all()
                    lines += [f"[{label}]"] + [str(r[0]) for r in rows]
                else:
                    args = tuple(compiled.params[key] for key in compiled.positiontup or ())
                    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, args).all()
                    lines += [f"[{label}]"] + [str(r[-1]) for r in rows]
        plans[name] = "\n".join(lines)
    return plans


# --- the run -------------------------------------------------------------------------------------------------


def settle(engine: Engine) -> None:
    """What PostgreSQL's autovacuum does after a large insert (visibility map, statistics) before reads are timed."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("organisations", "organisation_search_tokens", "organisation_aliases"):
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def run_backend(
    backend: str, data: bytes, organisations: list[DemoOrganisation], args: argparse.Namespace
) -> BackendResult:
    """Import, re-import, and measure the list endpoint on one backend."""
    result = BackendResult(backend)
    with fresh_database(backend) as url:
        engine = make_engine(url)
        upgrade(engine)
        result.import_s, result.import_cpu_s, report, result.profile = timed_import(engine, data, args.profile)
        result.report = counts_of(report)
        if report.problems:
            raise RuntimeError(f"import reported problems: {[str(p) for p in report.problems[:5]]}")
        before = snapshot(engine)
        print(f"  {backend}: import {result.import_s:.1f} s, {report.created:,} created", flush=True)
        result.reimport_s, result.reimport_cpu_s, again, _ = timed_import(engine, data, False)
        result.reimport_report = counts_of(again)
        after = snapshot(engine)
        result.counts = before
        changed = {k for k in before if k != "import_runs" and before[k] != after[k]}
        no_writes = again.created == again.updated == again.review == again.scope_changed == 0
        result.unchanged = not changed and no_writes and after["import_runs"] == before["import_runs"] + 1
        print(f"  {backend}: re-import {result.reimport_s:.1f} s, nothing changed: {result.unchanged}", flush=True)
        settle(engine)
        if not args.no_api:
            rng = random.Random(f"bench-queries:{args.seed}")
            mix = query_mix(organisations, before["organisations"], rng, sample_cursors(engine, rng))
            with running_server(url) as base:
                result.latency = measure_list(base, mix, args.requests)
            representative = {name: build() for name, build in mix.items() if name != "each sort, no filter"}
            representative |= {f"sort={sort}, no filter": {"sort": sort} for sort in SORTS}
            result.explain = explain(engine, representative)
        engine.dispose()
    return result


def print_table(results: list[BackendResult]) -> str:
    """A plain-text table of the figures (also returned for the markdown file)."""
    lines = [
        f"{'backend':<11}{'import s':>10}{'(cpu s)':>9}{'re-import s':>13}{'(cpu s)':>9}{'created':>10}"
        f"{'unchanged on re-import':>24}"
    ]
    for r in results:
        lines.append(
            f"{r.backend:<11}{r.import_s:>10.1f}{r.import_cpu_s:>9.1f}{r.reimport_s:>13.1f}{r.reimport_cpu_s:>9.1f}"
            f"{r.report.get('created', 0):>10,}{r.reimport_report.get('unchanged', 0):>24,}"
        )
    lines.append("(cpu s: CPU time of the importing Python process; PostgreSQL's own work is not in it)")
    for r in results:
        if not r.latency:
            continue
        lines += ["", f"GET /api/v1/organisations on {r.backend} (server ms; client p95 includes HTTP on loopback)"]
        lines.append(f"{'category':<32}{'n':>5}{'p50':>9}{'p95':>9}{'max':>9}{'client p95':>12}")
        for name, f in r.latency.items():
            flag = "  <-- over target" if f["p95"] > LIST_P95_TARGET_MS else ""
            lines.append(
                f"{name:<32}{int(f['n']):>5}{f['p50']:>9.1f}{f['p95']:>9.1f}{f['max']:>9.1f}{f['client_p95']:>12.1f}{flag}"
            )
    table = "\n".join(lines)
    print(table)
    return table


def write_markdown(
    path: Path, results: list[BackendResult], table: str, args: argparse.Namespace, generate_s: float
) -> None:
    """docs/benchmarks/register.md: the figures, the machine, the date, and the plans of the queries."""
    today = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Register benchmarks",
        "",
        f"Measured {today} by `bench/register_import.py --organisations {args.organisations} "
        f"--requests {args.requests}`"
        f" on the project machine: 2 cores, 24 GB, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL on 127.0.0.1. Other work was running on the "
        "same machine at the time; the lead re-runs these on a quiet machine. "
        f"1-minute load average at the start and end of the run: {args.load_start:.1f} and {os.getloadavg()[0]:.1f}.",
        "",
        f"Register: {args.organisations:,} generated organisations (seed {args.seed}; groups of 1-30 subsidiaries over "
        f"two or three levels), a generic-format CSV of {args.csv_bytes / 1e6:.1f} MB generated in {generate_s:.1f} s.",
        f"Targets: import < {IMPORT_TARGET_S:.0f} s per backend; list p95 < {LIST_P95_TARGET_MS:.0f} ms (server time).",
        "Where the time goes, why the slow filters are slow, and proposed fixes: "
        "[register-analysis.md](register-analysis.md).",
        "",
        "```",
        table,
        "```",
        "",
        "## Re-import changes nothing",
        "",
    ]
    for r in results:
        parts.append(
            f"- {r.backend}: re-import report {r.reimport_report}; counts {r.counts}; "
            f"{'unchanged (only one more import_runs row)' if r.unchanged else 'CHANGED'}."
        )
    for r in results:
        if r.profile:
            parts += [
                "",
                f"## Where the import time goes ({r.backend}, cProfile, cumulative)",
                "",
                "```",
                r.profile.strip(),
                "```",
            ]
    for r in results:
        if r.explain:
            parts += ["", f"## Query plans on {r.backend} (one representative request per category)", ""]
            for name, plan in r.explain.items():
                parts += [f"### {name}", "", "```", plan, "```", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    """Parse arguments and run the benchmark (or, with --serve, be the server subprocess)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=BENCHMARK_SIZE)
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    parser.add_argument("--requests", type=int, default=200, help="requests per query category")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--profile", action="store_true", help="profile the first import with cProfile")
    parser.add_argument("--no-api", action="store_true", help="skip the list-endpoint measurements")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "register.md")
    parser.add_argument("--serve", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    args.load_start = os.getloadavg()[0]
    started = time.perf_counter()
    organisations = generate_register(args.organisations, args.seed)
    data = to_csv(organisations)
    generate_s = time.perf_counter() - started
    args.csv_bytes = len(data)
    print(
        f"generated {len(organisations):,} organisations ({len(data) / 1e6:.1f} MB CSV) in {generate_s:.1f} s",
        flush=True,
    )
    results = [run_backend(b.strip(), data, organisations, args) for b in args.backends.split(",") if b.strip()]
    table = print_table(results)
    write_markdown(args.out, results, table, args, generate_s)


if __name__ == "__main__":
    main()
