"""Write an import plan: new organisations in parent-first layers, updates, aliases, reviews, then scope."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.organisations import MatchReview, Organisation, OrganisationAlias
from app.organisations.import_plan import ImportPlan, OrgRef
from app.organisations.normalise import name_key
from app.organisations.scope import ScopeInput, compute_scopes
from app.organisations.scoping import recompute_scope

_BATCH = 5000


def _scope_of_new(session: Session, plan: ImportPlan) -> dict[OrgRef, Any]:
    """Scope of the new organisations, computed with their planned groups before they are inserted."""
    inputs: dict[int, ScopeInput] = {}
    for ref, record in plan.new.items():
        inputs[ref] = ScopeInput(
            id=ref,
            parent_id=plan.parents.get(ref),
            jurisdiction=record.jurisdiction,
            legal_form=record.legal_form,
            turnover_amount=record.turnover_amount,
            turnover_currency=record.turnover_currency,
            turnover_basis=record.turnover_basis,
            total_assets=record.total_assets,
            employee_count=record.employee_count,
        )
    return compute_scopes(inputs)  # groups reaching stored organisations are recomputed after insert


def _row(ref: OrgRef, plan: ImportPlan, scope: Any, ids: dict[OrgRef, int]) -> dict[str, Any]:
    """The insert values of one new organisation."""
    record = plan.new[ref]
    now = utcnow()
    parent = plan.parents.get(ref)
    return {
        **{k: v for k, v in record.register_fields().items()},
        "name_key": name_key(record.name),
        "sic_codes": record.sic_codes,
        "source": plan.source,
        "parent_id": ids.get(parent, parent) if parent is not None else None,
        "scope_status": scope.status,
        "scope_confidence": scope.confidence,
        "scope_basis": scope.basis,
        "scope_reason": scope.reason,
        "scope_group_turnover": None if scope.group_turnover is None else round(scope.group_turnover, 2),
        "created_at": now,
        "updated_at": now,
    }


def _insert_new(session: Session, plan: ImportPlan) -> dict[OrgRef, int]:
    """Insert new organisations parents first, returning the map from planned to stored ids."""
    scopes = _scope_of_new(session, plan)
    ids: dict[OrgRef, int] = {}
    pending = list(plan.new)
    while pending:
        ready = [ref for ref in pending if (p := plan.parents.get(ref)) is None or p > 0 or p in ids]
        if not ready:
            raise RuntimeError("parent links among new organisations form a cycle")
        for start in range(0, len(ready), _BATCH):
            chunk = ready[start : start + _BATCH]
            rows = [_row(ref, plan, scopes[ref], ids) for ref in chunk]
            result = session.execute(
                insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True), rows
            )
            ids.update(zip(chunk, result.scalars().all(), strict=True))
        done = set(ready)
        pending = [ref for ref in pending if ref not in done]
    return ids


def apply_plan(session: Session, plan: ImportPlan) -> int:
    """Write the plan; return how many stored organisations changed scope."""
    ids = _insert_new(session, plan)
    now = utcnow()
    if plan.updates:
        rows = [
            {
                "id": org_id,
                **{k: (ids.get(v, v) if k == "parent_id" else v) for k, v in changes.items()},
                "updated_at": now,
            }
            for org_id, changes in plan.updates.items()
        ]
        for start in range(0, len(rows), _BATCH):
            session.execute(update(Organisation), rows[start : start + _BATCH])
    alias_rows = _alias_rows(plan, ids)
    for start in range(0, len(alias_rows), _BATCH):
        session.execute(insert(OrganisationAlias), alias_rows[start : start + _BATCH])
    _store_reviews(session, plan)
    touched = set(plan.updates) | {p for p in plan.parents.values() if p > 0}
    return recompute_scope(session, touched) if touched else 0


def _alias_rows(plan: ImportPlan, ids: dict[OrgRef, int]) -> list[dict[str, Any]]:
    """Alias rows with stored ids, one per organisation and name key."""
    seen: set[tuple[int, str]] = set()
    rows: list[dict[str, Any]] = []
    for ref, alias, kind in plan.aliases:
        org_id = ids.get(ref, ref)
        key = name_key(alias)
        if (org_id, key) in seen or key == name_key(plan.new[ref].name if ref < 0 else "") or not key:
            continue
        seen.add((org_id, key))
        rows.append({"organisation_id": org_id, "name": alias, "name_key": key, "kind": kind})
    return rows


def _store_reviews(session: Session, plan: ImportPlan) -> None:
    """Add review items, skipping ones already open for the same name and candidate."""
    if not plan.reviews:
        return
    query = select(MatchReview.incoming_key, MatchReview.candidate_id).where(MatchReview.status == "open")
    open_pairs = {(key, candidate) for key, candidate in session.execute(query)}
    for item in plan.reviews:
        key = name_key(item.record.name)
        assert item.decision.organisation_id is not None
        if (key, item.decision.organisation_id) in open_pairs:
            continue
        open_pairs.add((key, item.decision.organisation_id))
        session.add(
            MatchReview(
                source_line=item.record.line,
                incoming_name=item.record.name,
                incoming_key=key,
                incoming=_record_json(item.record),
                candidate_id=item.decision.organisation_id,
                score=item.decision.score,
                reason=item.decision.reason,
            )
        )
    session.flush()


def _record_json(record: Any) -> dict[str, Any]:
    """A record as JSON-safe values, kept with a review so it can be applied later."""
    return {
        k: (str(v) if v is not None and not isinstance(v, (str, int, float, bool, list)) else v)
        for k, v in asdict(record).items()
    }
