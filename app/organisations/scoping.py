"""Recompute stored scope for the whole register or for the groups a change touched."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models.organisations import Organisation
from app.organisations.scope import ScopeInput, ScopeResult, compute_scopes

_INPUT_COLUMNS = (
    Organisation.id,
    Organisation.parent_id,
    Organisation.jurisdiction,
    Organisation.legal_form,
    Organisation.turnover_amount,
    Organisation.turnover_currency,
    Organisation.turnover_basis,
    Organisation.total_assets,
    Organisation.employee_count,
    Organisation.scope_declared,
)
_STORED_COLUMNS = (
    Organisation.id,
    Organisation.scope_status,
    Organisation.scope_confidence,
    Organisation.scope_basis,
    Organisation.scope_reason,
    Organisation.scope_group_turnover,
)


def _inputs(session: Session, ids: Iterable[int] | None) -> dict[int, ScopeInput]:
    """Scope inputs for the given organisations (all when ids is None)."""
    query = select(*_INPUT_COLUMNS)
    if ids is not None:
        query = query.where(Organisation.id.in_(list(ids)))
    return {row.id: ScopeInput(**row._mapping) for row in session.execute(query)}


def group_member_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """Every organisation in the same groups as the given ones: up to the top parent, then all descendants."""
    tops: set[int] = set()
    frontier = set(ids)
    seen: set[int] = set()
    while frontier:
        seen |= frontier
        rows = session.execute(select(Organisation.id, Organisation.parent_id).where(Organisation.id.in_(frontier)))
        frontier = set()
        for org_id, parent_id in rows:
            if parent_id is None or parent_id in seen:
                tops.add(org_id)
            else:
                frontier.add(parent_id)
    members = set(tops)
    frontier = set(tops)
    while frontier:
        frontier = set(session.scalars(select(Organisation.id).where(Organisation.parent_id.in_(frontier)))) - members
        members |= frontier
    return members


def _changes(session: Session, results: dict[int, ScopeResult], ids: set[int] | None) -> list[dict[str, object]]:
    """Rows whose stored scope differs from the computed one."""
    query = select(*_STORED_COLUMNS)
    if ids is not None:
        query = query.where(Organisation.id.in_(ids))
    stored = {row[0]: tuple(row[1:]) for row in session.execute(query)}
    changed: list[dict[str, object]] = []
    for org_id, result in results.items():
        new = (result.status, result.confidence, result.basis, result.reason, result.group_turnover)
        old = stored.get(org_id)
        if old is None or tuple(old[:4]) != new[:4] or _money_differs(old[4], new[4]):
            changed.append(
                {
                    "id": org_id,
                    "scope_status": result.status,
                    "scope_confidence": result.confidence,
                    "scope_basis": result.basis,
                    "scope_reason": result.reason,
                    "scope_group_turnover": None if result.group_turnover is None else round(result.group_turnover, 2),
                }
            )
    return changed


def _money_differs(old: object, new: object) -> bool:
    """Compare stored (2 d.p.) and computed amounts."""
    if old is None or new is None:
        return old is not new
    return round(Decimal(str(old)), 2) != round(Decimal(str(new)), 2)


def recompute_scope(session: Session, ids: Iterable[int] | None = None) -> int:
    """Recompute scope for the groups of the given organisations (the whole register when None); return rows changed."""
    session.flush()
    member_ids = None if ids is None else group_member_ids(session, ids)
    if member_ids is not None and not member_ids:
        return 0
    changed = _changes(session, compute_scopes(_inputs(session, member_ids)), member_ids)
    if changed:
        session.execute(update(Organisation), changed)
    return len(changed)
