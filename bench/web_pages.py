"""Server time of the key web pages over a register of 100,000 organisations (p50/p95 per page).

Run: /work/venv/bin/python bench/web_pages.py [--organisations 100000] [--repeat 20] [--database-url URL] [--no-vacuum]
Builds a fresh SQLite database under a temporary folder (or uses the URL given, which must be empty), fills it with
Core inserts, then builds what an import and a recompute leave behind (the name-word index, planner statistics, the
compliance summary) and, on PostgreSQL, what autovacuum does within a minute of a bulk load (VACUUM ANALYZE; leave it
out with --no-vacuum to time the pages before it has run). Signs in through a real session and times each page
in-process (ASGI, no network) after one warm-up call: wall-clock p50/p95/max, the median CPU time of this process
and, for a PostgreSQL server on this machine, of its backends (parallel workers not counted), with the load average
(the machine may be shared) and the full garbage collections that fell inside the timed requests."""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.auth import SESSION_COOKIE
from app.compliance.recompute import refresh_summaries
from app.db import make_engine
from app.main import create_app
from app.models.compliance import ComplianceStatus
from app.models.organisations import Organisation
from app.organisations import search_index
from app.organisations.imports import refresh_statistics
from app.organisations.sectors import REGISTRY_SECTORS

WORDS = ("Harbour", "Meadow", "Cobalt", "Bramble", "Northwind", "Granite", "Willow", "Summit", "Falcon", "Orchard",
         "Beacon", "Juniper", "Kestrel", "Linden", "Marlow", "Oakley", "Pioneer", "Quarry", "Riverside", "Sterling")
KINDS = ("Retail", "Foods", "Builders", "Logistics", "Holdings", "Trading", "Services", "Textiles", "Energy", "Media")
STATUSES = ("compliant", "compliant", "late", "incomplete", "missing", "missing", "not_due", "out_of_scope")
BANDS = ("under_36m", "36m_60m", "60m_100m", "100m_500m", "over_500m", "unknown")


def fill(engine: Engine, count: int, vacuum: bool) -> None:
    """Organisations, with a parent for every tenth, and two statement years of statuses."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        batch = []
        for n in range(1, count + 1):
            name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {n} Limited"
            amount = rng.choice((None, rng.randint(1, 35) * 1_000_000, rng.randint(36, 2000) * 1_000_000))
            scope = "unknown" if amount is None else ("in_scope" if amount >= 36_000_000 else "out_of_scope")
            batch.append({
                "id": n, "name": name, "name_key": name.lower().replace(" limited", ""), "jurisdiction": "UK",
                "legal_form": "company", "company_number": f"{n:08d}", "sic_codes": [],
                "sector": rng.choice(REGISTRY_SECTORS), "turnover_amount": amount, "turnover_currency": "GBP",
                "turnover_basis": "entity", "financial_year_end_month": 3, "financial_year_end_day": 31,
                "parent_id": n - 5 if n % 10 == 5 and n > 5 else None,  # every tenth belongs to a group
                "scope_status": scope, "scope_confidence": "presumed", "scope_basis": "law",
                "scope_reason": "Turnover compared with the £36m threshold.", "created_at": now, "updated_at": now,
            })
            if len(batch) == 5000:
                connection.execute(insert(Organisation), batch)
                batch = []
        if batch:
            connection.execute(insert(Organisation), batch)
        for year in (2024, 2025):
            rows = []
            for n in range(1, count + 1):
                rows.append({
                    "organisation_id": n, "statement_year": year, "regime": "uk-guidance",
                    "status": rng.choice(STATUSES), "basis": "guidance", "sector": rng.choice(REGISTRY_SECTORS),
                    "turnover_band": rng.choice(BANDS), "flags": [], "details": {"reasons": ["Benchmark row."]},
                    "period_end": date(year - 1, 12, 31), "deadline": date(year, 6, 30), "ruleset_versions": [],
                    "inputs_fingerprint": "bench", "computed_at": now, "changed_at": now,
                })
                if len(rows) == 5000:
                    connection.execute(insert(ComplianceStatus), rows)
                    rows = []
            if rows:
                connection.execute(insert(ComplianceStatus), rows)
    with Session(engine) as session:
        # What an import and a recompute leave behind: the name-word index, fresh planner statistics, the summary.
        names = session.execute(select(Organisation.id, Organisation.name)).all()
        search_index.insert_rows(session, [row for i, name in names for row in search_index.token_rows(i, [name])])
        refresh_statistics(session)
        refresh_summaries(session, "uk-guidance", [2024, 2025])
        session.commit()
    if engine.dialect.name == "postgresql":
        # Autovacuum's job within a minute of a bulk load: statistics for every table, and the visibility map that
        # lets index-only scans skip the table. ANALYZE alone when asked, to see the pages before it has run.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE" if vacuum else "ANALYZE"))


def server_cpu_ms(engine: Engine) -> Callable[[], float] | None:
    """A reader of the CPU time used so far by the PostgreSQL backends serving this database, if they run here."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        pids = list(connection.scalars(text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
        )))
    files = [Path(f"/proc/{pid}/schedstat") for pid in pids]
    if not files or not all(f.exists() for f in files):
        return None
    return lambda: sum(int(f.read_text().split()[0]) for f in files if f.exists()) / 1e6


class FullCollections:
    """Generation-2 garbage collections while recording, and the longest of them in wall-clock and CPU time."""

    def __init__(self) -> None:
        self.count, self.longest, self.longest_cpu, self.recording = 0, 0.0, 0.0, False
        self._started = (0.0, 0.0)
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = (time.perf_counter(), time.process_time())
        elif self.recording:
            self.count += 1
            self.longest = max(self.longest, (time.perf_counter() - self._started[0]) * 1000)
            self.longest_cpu = max(self.longest_cpu, (time.process_time() - self._started[1]) * 1000)


def signed_in_cookie(engine: Engine, role: str) -> str:
    """A session cookie for a new user of the role."""
    with Session(engine) as session:
        user = service.create_user(session, f"bench-{role}@example.org", "benchmark password", role)
        raw = service.start_session(session, user, "bench")
        session.commit()
    return f"{SESSION_COOKIE}={raw}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url")
    parser.add_argument("--no-vacuum", action="store_true", help="PostgreSQL: ANALYZE only, as before autovacuum")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    engine = make_engine(url)
    app = create_app(engine)
    started = time.perf_counter()
    fill(engine, args.organisations, vacuum=not args.no_vacuum)
    print(f"filled {args.organisations:,} organisations in {time.perf_counter() - started:.1f} s ({url})")
    regulator = signed_in_cookie(engine, "regulator")
    admin = signed_in_cookie(engine, "admin")
    middle = args.organisations // 2
    pages = [
        ("home", "/", None),
        ("public search (name)", "/status?q=harbour+retail", None),
        ("public search (number)", f"/status?q={middle:08d}", None),
        ("public status page", f"/status/{middle}", None),
        ("regulator overview", "/regulator?regime=uk-guidance&year=2025", regulator),
        ("overdue list", "/regulator/overdue?year=2025", regulator),
        ("overdue list, filtered", "/regulator/overdue?year=2025&status=missing&band=over_500m&sort=-turnover",
         regulator),
        ("overdue list, search", "/regulator/overdue?year=2025&q=cobalt", regulator),
        ("overdue list, page 500", "/regulator/overdue?year=2025&page=500", regulator),
        ("register list", "/regulator/organisations?sort=-turnover", regulator),
        ("organisation page", f"/regulator/organisations/{middle}", regulator),
        ("review cases", "/enforcement/cases", regulator),
        ("audit log", "/admin/audit", admin),
    ]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    collections = FullCollections()
    with TestClient(app) as client:
        server = None
        for number, (label, path, cookie) in enumerate(pages):
            headers = {"Cookie": cookie} if cookie else {}
            assert client.get(path, headers=headers).status_code == 200, path
            server = server or server_cpu_ms(engine)
            if number == 0:
                print(f"| page | p50 ms | p95 ms | max ms | CPU p50 ms |{' server CPU p50 ms |' if server else ''}")
                print(f"| --- | ---: | ---: | ---: | ---: |{' ---: |' if server else ''}")
            times, cpu, server_times = [], [], []
            collections.recording = True
            for _ in range(args.repeat):
                t0, c0, s0 = time.perf_counter(), time.process_time(), server() if server else 0.0
                response = client.get(path, headers=headers)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                server_times.append(server() - s0 if server else 0.0)
                assert response.status_code == 200
            collections.recording = False
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} | "
                  f"{statistics.median(cpu):.1f} |" + (f" {statistics.median(server_times):.1f} |" if server else ""))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"full garbage collections during timed requests: {collections.count}, longest "
          f"{collections.longest:.1f} ms ({collections.longest_cpu:.1f} ms CPU)")
    engine.dispose()


if __name__ == "__main__":
    main()
