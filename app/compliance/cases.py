"""Penalty-review cases: open from candidates, move through the review states, every change an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.notifications import emit
from app.compliance.penalties import Candidate
from app.errors import Conflict, InvalidInput, NotFound
from app.models.base import utcnow
from app.models.compliance import CaseEvent, ReviewCase

# state -> states it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "candidate": ("under_review", "resolved"),
    "under_review": ("notice_sent", "resolved"),
    "notice_sent": ("under_review", "resolved"),
    "resolved": ("under_review",),
}
# outcome -> states a case may be resolved from (a penalty is recommended only after a notice)
OUTCOME_FROM: dict[str, tuple[str, ...]] = {
    "complied": ("candidate", "under_review", "notice_sent"),
    "dismissed": ("candidate", "under_review", "notice_sent"),
    "penalty_recommended": ("notice_sent",),
}
SYSTEM_ACTOR = "system"


def _event(
    session: Session,
    case: ReviewCase,
    actor: str,
    action: str,
    *,
    from_state: str | None = None,
    changes: dict[str, Any] | None = None,
    reason: str | None = None,
) -> CaseEvent:
    """Append one audit event to the case."""
    event = CaseEvent(
        case_id=case.id,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=case.state,
        changes=changes or {},
        reason=reason,
        at=utcnow(),
    )
    session.add(event)
    return event


def get_case(session: Session, case_id: int) -> ReviewCase:
    """A case, or NotFound."""
    case = session.get(ReviewCase, case_id)
    if case is None:
        raise NotFound(f"review case {case_id} does not exist")
    return case


def open_case(session: Session, candidate: Candidate, actor: str = SYSTEM_ACTOR) -> tuple[ReviewCase, bool]:
    """The case for a candidate's organisation and year, opened if new; (case, created)."""
    existing = session.scalars(
        select(ReviewCase).where(
            ReviewCase.organisation_id == candidate.organisation_id,
            ReviewCase.statement_year == candidate.statement_year,
            ReviewCase.regime == candidate.regime,
        )
    ).one_or_none()
    if existing is not None:
        return existing, False
    case = ReviewCase(
        organisation_id=candidate.organisation_id,
        statement_year=candidate.statement_year,
        regime=candidate.regime,
        rule_ids=candidate.rule_ids,
        basis=candidate.basis,
        reason=f"{candidate.reason} {candidate.note}",
        evidence=candidate.evidence,
        state="candidate",
    )
    session.add(case)
    session.flush()
    _event(session, case, actor, "opened", changes={"rule_ids": candidate.rule_ids}, reason=candidate.reason)
    session.flush()
    return case, True


def transition(
    session: Session, case: ReviewCase, to_state: str, actor: str, reason: str | None, outcome: str | None = None
) -> ReviewCase:
    """Move a case to another state; illegal moves are a Conflict (409)."""
    if to_state not in TRANSITIONS.get(case.state, ()):
        raise Conflict(
            f"a case in state {case.state!r} cannot move to {to_state!r}",
            details={"state": case.state, "allowed": list(TRANSITIONS[case.state])},
        )
    if to_state == "resolved":
        if outcome not in OUTCOME_FROM:
            raise InvalidInput("resolving a case needs an outcome", details={"allowed": list(OUTCOME_FROM)})
        if case.state not in OUTCOME_FROM[outcome]:
            raise Conflict(
                f"outcome {outcome!r} needs the case to be in {' or '.join(OUTCOME_FROM[outcome])}",
                details={"state": case.state},
            )
    elif outcome is not None:
        raise InvalidInput("an outcome is given only when resolving")
    if (to_state == "resolved" or case.state == "resolved") and not (reason and reason.strip()):
        raise InvalidInput("resolving or reopening a case needs a reason")
    previous = case.state
    changes: dict[str, Any] = {"state": [previous, to_state]}
    if to_state == "resolved":
        changes["outcome"] = [case.outcome, outcome]
        case.outcome, case.closed_at = outcome, utcnow()
    elif previous == "resolved":
        changes["outcome"] = [case.outcome, None]
        case.outcome, case.closed_at = None, None
    case.state = to_state
    _event(session, case, actor, "transition", from_state=previous, changes=changes, reason=reason)
    session.flush()
    emit(
        session,
        "case.state_changed",
        {
            "case_id": case.id,
            "organisation_id": case.organisation_id,
            "statement_year": case.statement_year,
            "from": previous,
            "to": to_state,
            "outcome": case.outcome,
            "actor": actor,
        },
    )
    return case


def update(session: Session, case: ReviewCase, actor: str, reason: str | None, *, fields: dict[str, Any]) -> ReviewCase:
    """Change the assignee or due date; the event records old and new values."""
    changes: dict[str, Any] = {}
    for name in ("assignee", "due_date"):
        if name in fields and getattr(case, name) != fields[name]:
            old, new = getattr(case, name), fields[name]
            changes[name] = [
                old.isoformat() if isinstance(old, date) else old,
                new.isoformat() if isinstance(new, date) else new,
            ]
            setattr(case, name, new)
    if not changes:
        raise InvalidInput("nothing to change")
    _event(session, case, actor, "updated", from_state=case.state, changes=changes, reason=reason)
    session.flush()
    return case


def add_note(session: Session, case: ReviewCase, actor: str, note: str) -> CaseEvent:
    """Add a note to the case's trail."""
    if not note.strip():
        raise InvalidInput("a note cannot be empty")
    event = _event(session, case, actor, "note", from_state=case.state, reason=note.strip())
    session.flush()
    return event
