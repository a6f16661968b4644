"""The whole loop on the demo database: discover on the simulated web, score, recompute statuses, flag candidates."""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.accounts import claims
from app.accounts.service import create_user
from app.compliance.demo import DemoCompliance, seed_compliance
from app.config import get_settings
from app.db import session_scope
from app.jobs.context import JobContext
from app.jobs.crawl import crawl
from app.models import Organisation
from app.models.accounts import ROLES
from app.models.compliance import ComplianceStatus
from app.models.statements import Statement
from app.scoring.service import rescore_statements
from app.screening.seed import seed_orders

# The simulated web is ours and on 127.0.0.1: be quick with it, and give up on its silent site within seconds.
DEMO_CRAWL = {"per_host_delay": 0.02, "concurrency": 50, "total_timeout": 8.0, "connect_timeout": 3.0,
              "read_timeout": 5.0, "backoff_base": 0.1, "max_retry_after": 2.0}


@dataclass
class DemoLoop:
    """What running the loop on the demo database did."""

    outcomes: Counter[str] = field(default_factory=Counter)
    scored: int = 0
    scoring_failures: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    compliance: DemoCompliance = field(default_factory=DemoCompliance)
    orders: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def simulated_targets(session: Session) -> list[tuple[int, str]]:
    """(id, homepage) of every organisation whose website is on the simulated web (127.0.0.1 .localhost names)."""
    rows = session.execute(
        select(Organisation.id, Organisation.website)
        .where(Organisation.website.like("http://%.localhost:%"))
        .order_by(Organisation.id)
    )
    return [(row.id, str(row.website)) for row in rows]


def create_demo_accounts(session: Session) -> list[tuple[str, str, str]]:
    """One account per role, role@demo.local, each with a fresh random password (role, email, password); the
    organisation account acts for the first organisation whose statement was discovered (claim approved by admin)."""
    accounts, users = [], {}
    for role in ROLES:
        email, password = f"{role}@demo.local", secrets.token_urlsafe(12)
        users[role] = create_user(session, email, password, role, display_name=f"Demo {role}")
        accounts.append((role, email, password))
    publisher = session.scalar(
        select(Statement.publisher_id).where(Statement.publisher_id.is_not(None)).order_by(Statement.id).limit(1)
    )
    if publisher is not None and "organisation" in users and "admin" in users:
        asked = claims.claim(session, users["organisation"], publisher, "Demo account for this organisation.", None)
        claims.decide(session, asked.id, True, "Approved for the demo.", users["admin"], None)
    return accounts


def run_loop(engine: Engine) -> DemoLoop:
    """Discover (the crawl job's code), score (the scoring service), recompute and flag (compliance), seed orders
    and accounts; each stage commits on its own."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    settings = get_settings()
    loop = DemoLoop()
    with session_scope(sessions) as session:
        targets = simulated_targets(session)
    if targets:
        options = {**DEMO_CRAWL, "allow_private_networks": settings.allow_private_networks}
        loop.outcomes = asyncio.run(crawl(JobContext(settings=settings, sessions=sessions, options=options), targets))
    with session_scope(sessions) as session:
        result = rescore_statements(session)
        loop.scored, loop.scoring_failures = sum(result.scored.values()), result.failed
    with session_scope(sessions) as session:
        loop.compliance = seed_compliance(session)
    with session_scope(sessions) as session:
        counts = session.execute(select(ComplianceStatus.status, func.count()).group_by(ComplianceStatus.status))
        loop.statuses = {str(status): int(count) for status, count in counts}
        loop.orders = seed_orders(session)
        loop.accounts = create_demo_accounts(session)
    return loop


def describe(loop: DemoLoop, simulated: int) -> list[str]:
    """Lines for `mst demo` to print."""
    found = loop.outcomes
    statuses = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in sorted(loop.statuses.items()))
    lines = [
        f"Discovery on the simulated web ({simulated:,} organisations): {found['found']:,} found, "
        f"{found['not_found']:,} not found, {found['broken_link']:,} broken links, "
        f"{found['blocked_by_robots']:,} blocked by robots.txt, {found['unreachable']:,} unreachable.",
        f"Scoring: {loop.scored:,} statement versions assessed"
        + (f" ({len(loop.scoring_failures)} failed)." if loop.scoring_failures else "."),
        f"Statuses: {statuses or 'none'}.",
        f"Penalty candidates: {loop.compliance.candidates:,}; review cases: "
        + (", ".join(f"{c:,} {s.replace('_', ' ')}" for s, c in sorted(loop.compliance.cases_by_state.items()))
           or "none") + ".",
        f"Screening orders: {', '.join(f'{v:,} {k}' for k, v in loop.orders.items()) or 'nothing seeded'}.",
        "Demo accounts (passwords are new on every build; demo only):",
    ]
    lines += [f"  {role:<13} {email:<26} {password}" for role, email, password in loop.accounts]
    return lines
