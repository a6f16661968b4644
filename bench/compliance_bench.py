"""Compliance benchmark: 100,000 organisations and 500,000 statements on SQLite and PostgreSQL.

Measures a full status recomputation, an incremental one, the summary and overdue-list p95, and a streamed
100,000-row CSV export (time and peak Python memory). Run: /work/venv/bin/python bench/compliance_bench.py
[--orgs N] [--statements N] [--db sqlite|postgresql|both] [--pg-server postgresql://postgres@127.0.0.1:5432/postgres]
PostgreSQL runs in a fresh database mst_bench_<random> that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.compliance import repository, service
from app.compliance.exports import csv_chunks
from app.compliance.recompute import recompute_all, recompute_for_organisations
from app.compliance.regimes import get_regime
from app.db import make_engine, temporary_postgres_database
from app.migrate import upgrade
from app.models import Assessment, AssessmentRule, Organisation, Statement, StatementCoverage, StatementVersion
from app.organisations.repository import OrganisationFilter, list_page
from app.scoring.rulesets import get_ruleset

TODAY = date(2026, 11, 22)
REGIME = get_regime("uk-guidance")
UK_RULESET_VERSION = get_ruleset("uk-msa-s54").version
SECTORS = ("Retail", "Construction", "Food and beverage", "Finance", "Manufacturing", "Health", "Technology")
YEAR_ENDS = ((12, 31), (3, 31), (6, 30), (9, 30), (2, 29), (1, 31))
BATCH = 20_000


def _assessment(rng: random.Random, version_id: int, now: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An assessment row of a version under the current uk-msa-s54 version, and its rules: one in six fails a
    legal minimum."""
    failed = rng.random() < 1 / 6
    rules = [("approval", "fail" if failed else "pass", "law"), ("signature", "pass", "law")]
    rules.append(("training", rng.choice(["pass", "fail"]), "guidance"))
    assessment = {
        "id": version_id,
        "statement_version_id": version_id,
        "ruleset_id": "uk-msa-s54",
        "ruleset_version": UK_RULESET_VERSION,
        "legal_form": "company",
        "status": "ok",
        "is_statement": True,
        "detection_confidence": 0.9,
        "score": 60,
        "minimum_requirements_met": not failed,
        "minimum_requirements_unknown": [],
        "facts": {},
        "inputs": {},
        "assessed_at": now,
    }
    rule_rows = [
        {
            "assessment_id": version_id,
            "position": n,
            "rule_id": rule,
            "verdict": verdict,
            "basis": basis,
            "weight": 1.0,
            "citation": "s54",
            "explanation": rule,
            "evidence": [],
        }
        for n, (rule, verdict, basis) in enumerate(rules)
    ]
    return assessment, rule_rows


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Rows in lists of BATCH."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(engine: Engine, orgs: int, statements: int) -> None:
    """Insert the register and its statements with Core executemany (one version and one coverage each)."""
    rng = random.Random(2026)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    year_end = {i: YEAR_ENDS[i % len(YEAR_ENDS)] for i in range(1, orgs + 1)}

    def organisation_rows() -> Iterator[dict[str, Any]]:
        for i in range(1, orgs + 1):
            roll = rng.random()
            scope = "in_scope" if roll < 0.8 else ("out_of_scope" if roll < 0.9 else "unknown")
            month, day = year_end[i]
            yield {
                "id": i,
                "name": f"Organisation {i:06d} Ltd",
                "name_key": f"organisation {i:06d}",
                "jurisdiction": "UK",
                "legal_form": "company",
                "company_number": f"{i:08d}",
                "sic_codes": [],
                "sector": SECTORS[i % len(SECTORS)],
                "turnover_amount": rng.choice([2e7, 5e7, 9e7, 3e8, 9e8]),
                "turnover_currency": "GBP",
                "turnover_basis": "entity",
                "financial_year_end_month": month,
                "financial_year_end_day": day,
                "scope_status": scope,
                "scope_confidence": "presumed",
                "scope_basis": "law",
                "created_at": now,
                "updated_at": now,
            }

    def statement_rows() -> Iterator[dict[str, Any]]:
        per_org = statements / orgs
        sid = 0
        for i in range(1, orgs + 1):
            count = int(per_org) + (1 if rng.random() < per_org - int(per_org) else 0)
            for k in range(count):
                sid += 1
                if sid > statements:
                    return
                month, day = year_end[i]
                end = date(2025 - k, month, 28 if (month, day) == (2, 29) else day)
                yield {
                    "id": sid,
                    "source": "discovery",
                    "source_key": f"https://{i}.example/msa/{end}",
                    "url": f"https://{i}.example/msa/{end}",
                    "publisher_id": i,
                    "jurisdiction": "UK",
                    "period_end": end,
                    "declared": {},
                    "state": "current",
                    "first_seen_at": now,
                    "last_seen_at": now,
                    "_org": i,
                }

    with engine.begin() as connection:
        for batch in _batches(organisation_rows()):
            connection.execute(insert(Organisation), batch)
    with engine.begin() as connection:
        for batch in _batches(statement_rows()):
            connection.execute(insert(Statement), [{k: v for k, v in r.items() if k != "_org"} for r in batch])
            connection.execute(
                insert(StatementVersion),
                [
                    {
                        "id": r["id"],
                        "statement_id": r["id"],
                        "version_no": 1,
                        "extraction_status": "ok",
                        "text": "We have taken steps.",
                        "is_statement": True,
                        "facts": {"homepage_link": {"found": True, "prominent": rng.random() > 0.1}},
                        "pages": [],
                        "detection_reasons": [],
                        "first_seen_at": now,
                        "last_seen_at": now,
                    }
                    for r in batch
                ],
            )
            scored = [_assessment(rng, r["id"], now) for r in batch]
            connection.execute(insert(Assessment), [a for a, _ in scored])
            connection.execute(insert(AssessmentRule), [rule for _, rules in scored for rule in rules])
            connection.execute(
                insert(StatementCoverage),
                [{"statement_id": r["id"], "organisation_id": r["_org"], "source": "publisher"} for r in batch],
            )
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in (
                "organisations",
                "statements",
                "statement_versions",
                "statement_coverage",
                "assessments",
                "assessment_rules",
            ):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
                connection.execute(text(f"ANALYZE {table}"))


def p95(action: Callable[[], object], runs: int = 40) -> tuple[float, float]:
    """(median, p95) milliseconds of an action after one warm-up."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def one_minute_load() -> str:
    """The 1-minute load average (2 cores: above 2, other work competes for them)."""
    return f"{os.getloadavg()[0]:.1f}"


def backend_cpu(session: Session) -> tuple[int, float] | None:
    """(pid, CPU seconds so far) of the session's PostgreSQL backend when the server runs on this machine."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    """Wall time, this process's CPU time, the PostgreSQL backend's CPU time (a local server) and the load."""

    def __init__(self, session: Session) -> None:
        self.session, self.load = session, one_minute_load()
        self.backend = backend_cpu(session)
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def text(self, worker_cpu: float = 0.0) -> str:
        """What the measured step took, every process named."""
        wall, cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        parts = [f"{wall:.2f} s wall, {cpu:.2f} s CPU"]
        if worker_cpu:
            parts.append(f"+ {worker_cpu:.2f} s CPU in the worker")
        after = backend_cpu(self.session)
        if self.backend and after and after[0] == self.backend[0]:
            parts.append(f"+ {after[1] - self.backend[1]:.2f} s CPU in the PostgreSQL backend")
        return f"{' '.join(parts)} (load {self.load})"


def measure(engine: Engine, orgs: int, statements: int) -> dict[str, str]:
    """Every figure for one database."""
    figures: dict[str, str] = {"load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    start = time.perf_counter()
    generate(engine, orgs, statements)
    figures["generate"] = f"{time.perf_counter() - start:.1f} s"
    with Session(engine) as session:
        clock = Clock(session)
        report = recompute_all(session, REGIME, TODAY)
        session.commit()
        figures[f"full recompute ({report.written:,} statuses written)"] = clock.text(report.worker_cpu_seconds)
        if engine.dialect.name == "postgresql":
            # Autovacuum's job within a minute of a bulk write: statistics, and the visibility map that lets
            # index-only scans skip the table (the test server runs with autovacuum off).
            session.commit()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        clock = Clock(session)
        again = recompute_all(session, REGIME, TODAY)
        session.commit()
        figures[f"full recompute, nothing changed ({again.written} written)"] = clock.text(again.worker_cpu_seconds)
        start = time.perf_counter()
        recompute_for_organisations(session, range(1, 1001), REGIME, TODAY)
        session.commit()
        figures["incremental recompute, 1,000 organisations"] = f"{(time.perf_counter() - start) * 1000:.0f} ms"
        summary = p95(lambda: service.summary(session, REGIME, 2025))
        figures["summary (year 2025)"] = f"median {summary[0]:.1f} ms, p95 {summary[1]:.1f} ms"
        overdue = p95(lambda: repository.status_page(session, REGIME.code, 2025, ["missing", "late"], None, 1, 50))
        figures["overdue list, page 1 of 50"] = f"median {overdue[0]:.1f} ms, p95 {overdue[1]:.1f} ms"
        deep = p95(lambda: repository.status_page(session, REGIME.code, 2025, ["missing", "late"], None, 200, 50))
        figures["overdue list, page 200 of 50"] = f"median {deep[0]:.1f} ms, p95 {deep[1]:.1f} ms"
        for status, year in (("missing", 2025), ("late", 2025), ("missing", 2019)):  # many, fewer, no matches
            filters = OrganisationFilter(compliance_status=status, compliance_year=year, compliance_regime=REGIME.code)
            listing = p95(partial(list_page, session, filters, "name", 1, 50))
            figures[f"GET /organisations?status={status}&year={year} query"] = (
                f"median {listing[0]:.1f} ms, p95 {listing[1]:.1f} ms"
            )
        tracemalloc.start()
        start, cpu = time.perf_counter(), time.process_time()
        size = rows = 0
        meta = service.export_meta(session, "bench", REGIME, 2025)
        for chunk in csv_chunks(meta, service.STATUS_HEADER, service.status_rows(session, REGIME, 2025, [], None)):
            size += len(chunk)
            rows += chunk.count("\r\n")
        elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures["CSV export (year 2025, all statuses), under tracemalloc"] = (
            f"{rows - 7:,} rows, {size / 1e6:.1f} MB in {elapsed:.2f} s wall, {cpu_used:.2f} s CPU; "
            f"peak Python memory {peak / 1e6:.1f} MB"
        )
        for run in (1, 2, 3):
            clock = Clock(session)
            for _ in csv_chunks(meta, service.STATUS_HEADER, service.status_rows(session, REGIME, 2025, [], None)):
                pass
            figures[f"CSV export, same, without tracemalloc (run {run})"] = clock.text()
    return figures


@contextmanager
def database(kind: str, pg_server: str) -> Iterator[Engine]:
    """A fresh, migrated database of the kind; removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
            upgrade(engine)
            yield engine
            engine.dispose()
        return
    with temporary_postgres_database(pg_server, "mst_bench") as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()


def main() -> None:
    """Run the benchmark and print the figures as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=500_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    for kind in kinds:
        with database(kind, args.pg_server) as engine:
            figures = measure(engine, args.orgs, args.statements)
        print(f"\n### {kind}: {args.orgs:,} organisations, {args.statements:,} statements\n")
        print("| measure | result |\n| --- | --- |")
        for name, value in figures.items():
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
