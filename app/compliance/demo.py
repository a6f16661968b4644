"""The compliance part of `mst demo`: statuses, penalty candidates and review cases at various stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance import cases, service
from app.compliance.recompute import recompute_all
from app.compliance.regimes import Regime, default_regime
from app.models.compliance import ReviewCase

DEMO_ACTOR = "demo"
REVIEWERS = ("a.khan", "j.smith", "m.okafor")


@dataclass
class DemoCompliance:
    """What seeding did."""

    statuses: int = 0
    candidates: int = 0
    cases_opened: int = 0
    cases_by_state: dict[str, int] = field(default_factory=dict)


def _walk(session: Session, case: ReviewCase, index: int, today: date) -> None:
    """Move a case along the workflow according to its position, so every stage has examples."""
    stage = index % 4
    if stage == 0:
        return
    reviewer = REVIEWERS[index % len(REVIEWERS)]
    cases.update(
        session, case, DEMO_ACTOR, "Demo triage", fields={"assignee": reviewer, "due_date": today + timedelta(days=28)}
    )
    cases.transition(session, case, "under_review", reviewer, "Evidence checked against the register.")
    if stage >= 2:
        cases.transition(session, case, "notice_sent", reviewer, "Letter sent asking for the statement.")
    if stage == 3:
        cases.transition(
            session, case, "resolved", reviewer, "The organisation published its statement.", outcome="complied"
        )


def seed_compliance(
    session: Session, regime: Regime | None = None, today: date | None = None, walk: int = 12
) -> DemoCompliance:
    """Compute every status, open cases for the candidates, and walk the first `walk` cases through review."""
    regime = regime or default_regime()
    today = today or service.today_utc()
    report = recompute_all(session, regime, today)
    flagged = service.flag_candidates(session, regime, today)
    opened = session.scalars(
        select(ReviewCase)
        .where(ReviewCase.regime == regime.code, ReviewCase.state == "candidate")
        .order_by(ReviewCase.id)
        .limit(walk)
    ).all()
    for index, case in enumerate(opened):
        _walk(session, case, index, today)
    by_state: dict[str, int] = {}
    for (state,) in session.execute(select(ReviewCase.state).where(ReviewCase.regime == regime.code)):
        by_state[state] = by_state.get(state, 0) + 1
    return DemoCompliance(report.written, flagged["candidates"], flagged["opened"], by_state)


def describe(result: DemoCompliance) -> list[str]:
    """Lines for `mst demo` to print."""
    states = ", ".join(f"{count:,} {state.replace('_', ' ')}" for state, count in sorted(result.cases_by_state.items()))
    return [
        f"Compliance: {result.statuses:,} statuses computed; {result.candidates:,} penalty-review candidates.",
        f"Review cases: {states or 'none'}.",
    ]
