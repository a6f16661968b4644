"""Equality check: the statuses, summaries, notifications and CSV exports of two revisions on the same data.

Builds a varied register (every status, flag and input kind: registry declarations, group statements, several
versions and assessments, outdated ruleset versions, fetches, discovery checks, unknown year ends, formula-like
names) under the older revision, copies the database, then runs in each revision, on its own copy: a full
recomputation under every regime, a set of changes followed by an incremental recomputation of the organisations
they touch, and a later daily pass (a new year). After each step it dumps every stored status (all columns but the
row id, the timestamps and the fingerprint), the summaries, the queued notifications and the CSV exports (bytes,
less the `produced_at` line). It exits 1 on any difference.

Run: PYTHONPATH=. /work/venv/bin/python bench/compliance_equality.py [--before REV] [--after REV|worktree]
[--orgs N] [--db sqlite|postgresql|both] [--pg-server URL]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "695bda5"  # main before the compliance speed work (issue 5)
T1, T2 = date(2026, 11, 22), date(2027, 3, 15)
REGIMES = ("uk-guidance", "uk-proposed", "au", "ca")
UK_RULES = (
    ("structure", "guidance"),
    ("policies", "guidance"),
    ("due_diligence", "guidance"),
    ("risk", "guidance"),
    ("effectiveness", "guidance"),
    ("training", "guidance"),
    ("statement_content", "law"),
    ("approval", "law"),
    ("signature", "law"),
    ("homepage_link", "law"),
    ("proposed_six_areas", "proposed"),
    ("retired_rule", "registry"),
)
NAMES = (
    "Acme {} Ltd",
    '=HYPERLINK("http://x.example","{}")',
    "+44 {} plc",
    "-{} Holdings",
    "@{} Group",
    'Comma, {} and "Quotes" Ltd',
    "Line\nbreak {} Ltd",
    "\tTabbed {}",
)
SECTORS = (None, "Retail", "Construction", "Finance", "-Minus sector", "=Sector")


def day_between(rng: random.Random, first: date, last: date) -> date:
    """A random day in [first, last]."""
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def moment(rng: random.Random, first: date, last: date) -> datetime:
    """A random UTC time on a random day in [first, last]."""
    day = day_between(rng, first, last)
    return datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=UTC)


def year_end(rng: random.Random, year: int, month: int | None, day: int | None) -> date:
    """A period end in the year: the organisation's year end, else a random one."""
    month, day = (month, day) if month and day else rng.choice(((12, 31), (3, 31), (6, 30), (9, 30)))
    return date(year, month, 28 if (month, day) == (2, 29) and year % 4 else day)


class Ids:
    """Next free ids per table (explicit ids keep both revisions' copies identical)."""

    def __init__(self, connection: Any, tables: dict[str, Any]) -> None:
        from sqlalchemy import func, select

        self.next = {
            name: (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1 for name, table in tables.items()
        }

    def __call__(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value


class Register:
    """Writes varied register rows with Core inserts, under whichever revision is on the path."""

    def __init__(self, connection: Any, rng: random.Random) -> None:
        from app.models import Base

        self.tables = Base.metadata.tables
        self.connection, self.rng = connection, rng
        names = (
            "organisations",
            "statements",
            "statement_versions",
            "statement_coverage",
            "assessments",
            "assessment_rules",
            "fetch_attempts",
            "discovery_checks",
        )
        self.ids = Ids(connection, {name: self.tables[name] for name in names})
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
        from app.scoring.rulesets import load_rulesets

        self.rulesets = {r.id: r.version for r in load_rulesets().values()}

    def flush(self) -> None:
        """Insert what was queued, parents first."""
        from sqlalchemy import insert

        for name, rows in self.rows.items():
            if rows:
                self.connection.execute(insert(self.tables[name]), rows)
            rows.clear()

    def organisation(self, n: int) -> int:
        """A varied organisation; returns its id."""
        rng, oid = self.rng, self.ids("organisations")
        jurisdiction = rng.choices(("UK", "AU", "CA"), (7, 2, 2))[0]
        fye = rng.choice(((None, None), (12, 31), (3, 31), (6, 30), (2, 29), (9, 30), (4, 5), (12, 31)))
        scope = rng.choices(("in_scope", "out_of_scope", "unknown"), (7, 1.5, 1.5))[0]
        amount = rng.choice((None, 1e7, 4e7, 7e7, 2e8, 7e8))
        self.rows["organisations"].append(
            {
                "id": oid,
                "name": rng.choice(NAMES).format(n),
                "name_key": f"organisation {n}",
                "jurisdiction": jurisdiction,
                "legal_form": "company",
                "company_number": rng.choice((f"{n:08d}", f"-{n}", f"={n}", None)),
                "sic_codes": [],
                "sector": rng.choice(SECTORS),
                "turnover_amount": amount,
                "turnover_currency": rng.choice(("GBP", "GBP", "AUD", None)),
                "financial_year_end_month": fye[0],
                "financial_year_end_day": fye[1],
                "scope_status": scope,
                "scope_confidence": rng.choice(("presumed", "confirmed")),
                "scope_basis": rng.choice(("law", "guidance", "registry", None)),
                "scope_reason": rng.choice((None, "Turnover of £50m is at least £36m.", "=cmd|' /C calc'!A0")),
            }
        )
        return oid

    def statement(self, publisher: int | None, covers: list[tuple[int, str]], period: date | None) -> int:
        """A statement with 0-2 versions, each with 0-3 assessments; returns its id."""
        rng, sid = self.rng, self.ids("statements")
        source = rng.choices(("discovery", "registry", "upload", "api"), (5, 3, 1, 1))[0]
        declared: dict[str, Any] = {}
        if source == "registry" or rng.random() < 0.1:
            declared = {
                "SubmittedDate": rng.choice((None, "", "not a date", f"{day_between(rng, T1 - timedelta(1500), T1)}")),
                "areas": {
                    "risk_assessment": {"included": rng.choice(("Yes", "No"))},
                    "training": rng.choice(("yes", "no")),
                },
                "StatementIncludesGoals": rng.choice(("Yes", "No", True)),
            }
        url = rng.choice((None, f"https://{publisher}.example/msa", f"https://{publisher}.example/msa/{sid}"))
        self.rows["statements"].append(
            {
                "id": sid,
                "source": source,
                "source_key": f"key-{sid}",
                "url": url,
                "publisher_id": publisher,
                "jurisdiction": "UK",
                "period_end": period,
                "statement_year": rng.choice((2023, 2024, 2025, 2026, 2027)) if period is None else None,
                "approved_on": rng.choice((None, None, period and period + timedelta(days=rng.randrange(500)))),
                "declared": declared,
                "state": rng.choices(("current", "removed"), (9, 1))[0],
                "first_seen_at": moment(rng, (period or date(2023, 1, 1)), T2),
                "last_seen_at": moment(rng, T1, T1),
            }
        )
        for org_id, how in covers:
            self.rows["statement_coverage"].append(
                {"id": self.ids("statement_coverage"), "statement_id": sid, "organisation_id": org_id, "source": how}
            )
        for version_no in range(1, rng.choices((0, 1, 2), (1, 7, 2))[0] + 1):
            self.version(sid, version_no)
        return sid

    def version(self, statement_id: int, version_no: int) -> int:
        """A statement version with varied facts and assessments; returns its id."""
        rng, vid = self.rng, self.ids("statement_versions")
        link = rng.choice(
            (None, True, False, {"found": True, "prominent": False}, {"found": True}, {"found": 0}, "yes", {"x": 1})
        )
        self.rows["statement_versions"].append(
            {
                "id": vid,
                "statement_id": statement_id,
                "version_no": version_no,
                "extraction_status": "ok",
                "text": rng.choice(("", "We have taken steps.", "Statement text " * 20)),
                "is_statement": rng.choices((True, False, None), (8, 1, 1))[0],
                "facts": {} if link is None else {"homepage_link": link, "other": [1, 2]},
                "pages": [],
                "detection_reasons": [],
                "first_seen_at": moment(rng, date(2023, 1, 1), T1),
                "last_seen_at": moment(rng, T1, T1),
            }
        )
        for form in rng.sample(("company", "llp", "other"), rng.choices((0, 1, 2, 3), (3, 5, 1.5, 0.5))[0]):
            self.assessment(vid, form)
        return vid

    def assessment(self, version_id: int, legal_form: str) -> None:
        """An assessment under a current or outdated ruleset version, with varied rule verdicts."""
        rng, aid = self.rng, self.ids("assessments")
        ruleset = rng.choices(("uk-msa-s54", "au-msa-2018", "ca-s211"), (6, 1, 1))[0]
        version = self.rulesets[ruleset] if rng.random() < 0.8 else "2000.1.1"
        self.rows["assessments"].append(
            {
                "id": aid,
                "statement_version_id": version_id,
                "ruleset_id": ruleset,
                "ruleset_version": version,
                "legal_form": legal_form,
                "status": "ok",
                "is_statement": True,
                "detection_confidence": 0.9,
                "score": rng.randrange(101),
                "minimum_requirements_met": rng.choice((True, False, None)),
                "minimum_requirements_unknown": [],
                "facts": {},
                "inputs": {},
                "assessed_at": moment(rng, date(2024, 1, 1), T1),
            }
        )
        for position, (rule, basis) in enumerate(rng.sample(UK_RULES, rng.randrange(len(UK_RULES) + 1))):
            self.rows["assessment_rules"].append(
                {
                    "id": self.ids("assessment_rules"),
                    "assessment_id": aid,
                    "position": position,
                    "rule_id": rule,
                    "verdict": rng.choices(("pass", "fail", "partial", "unknown", "not_applicable"), (5, 3, 1, 1, 1))[
                        0
                    ],
                    "basis": rng.choice((basis, basis, "law", "proposed")),
                    "weight": 1.0,
                    "citation": "s54",
                    "explanation": rule,
                    "evidence": [],
                }
            )

    def fetch(self, org_id: int | None, url: str, when: datetime) -> None:
        """A fetch attempt."""
        rng = self.rng
        self.rows["fetch_attempts"].append(
            {
                "id": self.ids("fetch_attempts"),
                "organisation_id": org_id,
                "url": url,
                "purpose": rng.choices(("statement", "homepage"), (6, 1))[0],
                "attempted_at": when,
                "status_code": rng.choice((None, 200, 404, 500)),
                "outcome": rng.choice(("ok", "not_found", "error", "timeout", "not_modified")),
            }
        )

    def check(self, org_id: int, statement_id: int | None, when: datetime) -> None:
        """A discovery check."""
        rng = self.rng
        self.rows["discovery_checks"].append(
            {
                "id": self.ids("discovery_checks"),
                "organisation_id": org_id,
                "checked_at": when,
                "start_url": f"https://{org_id}.example/",
                "outcome": rng.choice(("found", "found", "not_found", "error")),
                "statement_id": statement_id,
                "found_via": rng.choice((None, "crawl", "request", "sitemap")),
                "link_found": rng.random() < 0.7,
                "link_prominent": rng.random() < 0.7,
                "link_path": [],
                "history": [],
                "broken_links": [],
            }
        )


def generate(connection: Any, orgs: int, seed: int = 5) -> None:
    """The varied register: organisations with statements (some group statements), fetches and checks."""
    rng = random.Random(seed)
    register = Register(connection, rng)
    fye: dict[int, tuple[int | None, int | None]] = {}
    ids = []
    for n in range(orgs):
        oid = register.organisation(n)
        row = register.rows["organisations"][-1]
        fye[oid] = (row["financial_year_end_month"], row["financial_year_end_day"])
        ids.append(oid)
    register.flush()
    for oid in ids:
        statements = []
        for _ in range(rng.choices((0, 1, 2, 3, 4, 5), (2, 2, 2, 2, 1, 1))[0]):
            period = (
                None
                if rng.random() < 0.1
                else year_end(rng, rng.choice((2019, 2022, 2023, 2024, 2024, 2025, 2025, 2026)), *fye[oid])
            )
            covers = [(oid, rng.choices(("publisher", "named_in_text", "registry", "manual"), (7, 1, 1, 1))[0])]
            if rng.random() < 0.1:
                covers += [
                    (other, rng.choice(("named_in_text", "registry", "manual")))
                    for other in rng.sample([i for i in ids if i != oid], rng.randrange(1, 3))
                ]
            publisher = rng.choices((oid, rng.choice(ids), None), (8, 1, 1))[0]
            statements.append(register.statement(publisher, covers, period))
        for _ in range(rng.choices((0, 1, 2, 3), (4, 3, 2, 1))[0]):
            register.fetch(
                rng.choice((oid, oid, oid, None)),
                rng.choice((f"https://{oid}.example/msa", f"https://{oid}.example/")),
                moment(rng, date(2022, 1, 1), T1),
            )
        for _ in range(rng.choices((0, 1, 2), (5, 3, 2))[0]):
            register.check(oid, rng.choice((None, *statements)), moment(rng, date(2022, 1, 1), T1))
    register.flush()


def mutate(connection: Any, seed: int = 6) -> list[int]:
    """Changes of every kind to about a tenth of the organisations; returns the organisations they touch."""
    from sqlalchemy import select, update

    rng = random.Random(seed)
    register = Register(connection, rng)
    t = register.tables
    org_ids = sorted(connection.execute(select(t["organisations"].c.id)).scalars())
    touched: set[int] = set()
    for oid in rng.sample(org_ids, len(org_ids) // 10):
        touched.add(oid)
        kind = rng.randrange(8)
        statements = sorted(
            connection.execute(
                select(t["statement_coverage"].c.statement_id).where(t["statement_coverage"].c.organisation_id == oid)
            ).scalars()
        )
        if kind == 0 or not statements:
            register.statement(oid, [(oid, "publisher")], year_end(rng, 2026, None, None))
        elif kind == 1:
            sid = rng.choice(statements)
            latest = connection.execute(
                select(t["statement_versions"].c.version_no)
                .where(t["statement_versions"].c.statement_id == sid)
                .order_by(t["statement_versions"].c.version_no.desc())
                .limit(1)
            ).scalar()
            register.version(sid, (latest or 0) + 1)
        elif kind == 2:
            version = connection.execute(
                select(t["statement_versions"].c.id)
                .where(t["statement_versions"].c.statement_id.in_(statements))
                .order_by(t["statement_versions"].c.id.desc())
                .limit(1)
            ).scalar()
            if version is not None:
                register.assessment(version, "partnership")
        elif kind == 3:
            register.fetch(oid, f"https://{oid}.example/msa", moment(rng, date(2026, 7, 1), T1))
        elif kind == 4:
            register.check(oid, rng.choice(statements), moment(rng, date(2026, 1, 1), T1))
        elif kind == 5:
            month, day = rng.choice(((3, 31), (None, None), (6, 30)))
            connection.execute(
                update(t["organisations"])
                .where(t["organisations"].c.id == oid)
                .values(financial_year_end_month=month, financial_year_end_day=day)
            )
        elif kind == 6:
            connection.execute(
                update(t["organisations"])
                .where(t["organisations"].c.id == oid)
                .values(scope_status=rng.choice(("in_scope", "out_of_scope", "unknown")))
            )
        else:
            connection.execute(
                update(t["statements"])
                .where(t["statements"].c.id == rng.choice(statements))
                .values(state=rng.choice(("removed", "current")), approved_on=date(2026, 1, 1))
            )
        for sid in statements:
            touched.update(
                connection.execute(
                    select(t["statement_coverage"].c.organisation_id).where(
                        t["statement_coverage"].c.statement_id == sid
                    )
                ).scalars()
            )
    register.flush()
    return sorted(touched)


def dump(session: Any, today: date) -> dict[str, Any]:
    """Every stored status, summary row and notification, and the CSV exports, in comparable form."""
    from sqlalchemy import String, cast, select

    from app.compliance.export_jobs import source_for
    from app.compliance.exports import csv_chunks
    from app.models import Base

    t = Base.metadata.tables
    c = t["compliance_statuses"].c
    skip = {"id", "computed_at", "changed_at", "inputs_fingerprint"}
    columns = [
        cast(col, String) if col.name in ("flags", "details", "ruleset_versions") else col
        for col in t["compliance_statuses"].columns
        if col.name not in skip
    ]
    statuses = [
        [str(v) if isinstance(v, date) else v for v in row]
        for row in session.execute(select(*columns).order_by(c.regime, c.organisation_id, c.statement_year))
    ]
    s = t["compliance_summaries"].c
    summaries = sorted(
        (
            list(r)
            for r in session.execute(
                select(s.regime, s.statement_year, s.status, s.sector, s.turnover_band, s.ruleset_key, s.count)
            )
        ),
        key=json.dumps,
    )
    d = t["webhook_deliveries"].c
    # Compared as a set: the order of queued notifications followed PostgreSQL's row order before (now: by id).
    notifications = sorted(
        ([r[0], r[1]["data"]] for r in session.execute(select(d.event, d.payload))), key=lambda n: json.dumps(n)
    )
    exports: dict[str, str] = {}
    for regime in REGIMES:
        for year in range(today.year - 2, today.year + 1):
            for statuses_wanted, sector in (([], None), (["missing", "late"], None), ([], "Retail")):
                params = {"regime": regime, "year": year, "status": statuses_wanted, "sector": sector}
                meta, header, rows = source_for("statuses", params)(session)
                text = "".join(csv_chunks(meta, header, rows))
                key = f"{regime} {year} {','.join(statuses_wanted)} {sector}"
                exports[key] = "\n".join(line for line in text.split("\n") if not line.startswith("# produced_at"))
        meta, header, rows = source_for("penalty_candidates", {"regime": regime, "year": today.year - 1})(session)
        text = "".join(csv_chunks(meta, header, rows))
        exports[f"{regime} candidates"] = "\n".join(
            line for line in text.split("\n") if not line.startswith("# produced_at")
        )
    return {"statuses": statuses, "summaries": summaries, "notifications": notifications, "exports": exports}


def run(url: str, out: Path, parallel_min: int) -> None:
    """In the revision on the path: migrate, recompute, change, recompute, pass a day; dump after each step."""
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from app.compliance import recompute
    from app.compliance.recompute import recompute_all, recompute_for_organisations
    from app.compliance.regimes import get_regime
    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import Base

    if hasattr(recompute, "PARALLEL_MIN"):  # from this many organisations a worker process computes
        recompute.PARALLEL_MIN = parallel_min
    engine = make_engine(url)
    upgrade(engine)
    steps: dict[str, Any] = {}
    timings: dict[str, float] = {}
    with Session(engine) as session:
        session.execute(
            insert(Base.metadata.tables["webhook_endpoints"]).values(
                url="http://127.0.0.1:9/hook",
                secret="s" * 16,
                events=["*"],
                active=True,
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
                updated_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        session.commit()

        def step(name: str, today: date, recompute_regime: Callable[[Any], object]) -> None:
            """Recompute every regime one way, commit, and keep the CPU time and the resulting dump."""
            start = time.process_time()
            for code in REGIMES:
                recompute_regime(get_regime(code))
            session.commit()
            timings[name] = time.process_time() - start
            steps[name] = dump(session, today)

        step("full", T1, lambda regime: recompute_all(session, regime, T1))
        touched = mutate(session.connection())
        session.commit()
        step("incremental", T1, lambda regime: recompute_for_organisations(session, touched, regime, T1))
        step("daily", T2, lambda regime: recompute_all(session, regime, T2))
    engine.dispose()
    out.write_text(json.dumps({"steps": steps, "timings": timings}, default=str))


def prepare(url: str, orgs: int) -> None:
    """In the older revision: migrate and generate the register."""
    from app.db import make_engine
    from app.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        generate(connection, orgs)
    engine.dispose()


def tree_of(rev: str, folder: Path) -> Path:
    """The revision's files (or this worktree for 'worktree')."""
    if rev == "worktree":
        return ROOT
    target = folder / rev.replace("/", "_")
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def role(tree: Path, *args: str) -> None:
    """Run this script in a role with the tree's `app` on the path."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([sys.executable, __file__, *args], check=True, env=env, cwd=tree)


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Differences, described."""
    found = []
    for step, old in before["steps"].items():
        new = after["steps"][step]
        for part in ("statuses", "summaries", "notifications"):
            if old[part] != new[part]:
                pairs = [(a, b) for a, b in zip(old[part], new[part], strict=False) if a != b]
                found.append(f"{step}: {part} differ ({len(old[part])} vs {len(new[part])} rows); first: {pairs[:1]}")
        for key, text in old["exports"].items():
            if new["exports"].get(key) != text:
                found.append(f"{step}: export {key!r} differs")
    return found


def summary_line(step: dict[str, Any]) -> str:
    """Counts and a digest of one step's dump."""
    digest = hashlib.sha256(json.dumps(step, sort_keys=True, default=str).encode()).hexdigest()[:12]
    by_status: dict[str, int] = {}
    for row in step["statuses"]:
        by_status[row[3]] = by_status.get(row[3], 0) + 1
    size = sum(len(v) for v in step["exports"].values())
    return (
        f"{len(step['statuses'])} statuses {dict(sorted(by_status.items()))}, {len(step['notifications'])} "
        f"notifications, {len(step['exports'])} exports ({size:,} chars), digest {digest}"
    )


def databases(kind: str, folder: Path, pg_server: str) -> Iterator[tuple[str, str, str]]:
    """(template, before copy, after copy) URLs for the backend."""
    if kind == "sqlite":
        yield tuple(f"sqlite:///{folder}/{name}.sqlite3" for name in ("template", "before", "after"))  # type: ignore[misc]
        return
    from sqlalchemy import create_engine, text

    from app.db import normalise_url

    names = [f"mst_eq_{os.getpid()}_{name}" for name in ("template", "before", "after")]
    admin = create_engine(normalise_url(pg_server), isolation_level="AUTOCOMMIT")
    base = pg_server.rsplit("/", 1)[0]
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{names[0]}"'))
        yield tuple(f"{base}/{name}" for name in names)  # type: ignore[misc]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def copy_database(template: str, target: str, kind: str, pg_server: str) -> None:
    """A copy of the prepared database."""
    if kind == "sqlite":
        shutil.copy(template.removeprefix("sqlite:///"), target.removeprefix("sqlite:///"))
        return
    from sqlalchemy import create_engine, text

    from app.db import normalise_url

    admin = create_engine(normalise_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text(f'CREATE DATABASE "{target.rsplit("/", 1)[1]}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
        )
    admin.dispose()


def main() -> None:
    """Prepare, run both revisions, compare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--after", default="worktree")
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--parallel-min", type=int, default=1000, help="worker process from this many organisations")
    parser.add_argument("--role", choices=("prepare", "run"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "prepare":
        prepare(args.url, args.orgs)
        return
    if args.role == "run":
        run(args.url, Path(args.out), args.parallel_min)
        return
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        trees = {"before": tree_of(args.before, folder), "after": tree_of(args.after, folder)}
        for kind in ("sqlite", "postgresql") if args.db == "both" else (args.db,):
            for template, before_url, after_url in databases(kind, folder, args.pg_server):
                role(trees["before"], "--role", "prepare", "--url", template, "--orgs", str(args.orgs))
                results = {}
                for name, url in (("before", before_url), ("after", after_url)):
                    copy_database(template, url, kind, args.pg_server)
                    out = folder / f"{kind}-{name}.json"
                    role(
                        trees[name],
                        "--role",
                        "run",
                        "--url",
                        url,
                        "--out",
                        str(out),
                        "--parallel-min",
                        str(args.parallel_min),
                    )
                    results[name] = json.loads(out.read_text())
                print(
                    f"\n{kind}, {args.orgs:,} organisations; CPU seconds {args.before}: {results['before']['timings']}"
                    f"; {args.after}: {results['after']['timings']}"
                )
                for step, content in results["after"]["steps"].items():
                    print(f"  {step}: {summary_line(content)}")
                differences = compare(results["before"], results["after"])
                for line in differences:
                    print(f"  DIFFERENT {line}")
                print("  identical" if not differences else f"  {len(differences)} difference(s)")
                failures += len(differences)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
