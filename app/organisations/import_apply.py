"""Write an import plan: new organisations in parent-first layers, updates, aliases, reviews, then scope."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.db import bulk_insert_rows
from app.models.base import utcnow
from app.models.organisations import MatchReview, Organisation, OrganisationAlias
from app.organisations import search_index
from app.organisations.import_plan import ImportPlan, OrgRef
from app.organisations.importers.records import REGISTER_FIELDS
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
        **{name: getattr(record, name) for name in REGISTER_FIELDS},
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


def _reserve_ids(session: Session, count: int) -> list[int]:
    """Ids for new rows: drawn from PostgreSQL's sequence, or above SQLite's current maximum."""
    connection = session.connection()
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence('organisations', 'id')) FROM generate_series(1, :n)")
        return [int(i) for i in connection.execute(query, {"n": count}).scalars()]
    start = connection.execute(select(func.coalesce(func.max(Organisation.id), 0))).scalar_one()
    return list(range(start + 1, start + count + 1))


def _parents_first(plan: ImportPlan) -> list[OrgRef]:
    """New organisations ordered so every parent comes before its subsidiaries."""
    depth: dict[OrgRef, int] = {}

    def level(ref: OrgRef) -> int:
        if ref not in depth:
            parent = plan.parents.get(ref)
            depth[ref] = 0  # guards against cycles, which planning has already refused
            depth[ref] = level(parent) + 1 if parent is not None and parent < 0 else 0
        return depth[ref]

    return sorted(plan.new, key=level)


def _insert_new(session: Session, plan: ImportPlan) -> dict[OrgRef, int]:
    """Insert new organisations (parents first) with reserved ids; return the map from planned to stored ids."""
    scopes = _scope_of_new(session, plan)
    order = _parents_first(plan)
    ids = dict(zip(order, _reserve_ids(session, len(order)), strict=True))
    table = cast(Table, Organisation.__table__)
    for start in range(0, len(order), _BATCH):
        rows = [_row(ref, plan, scopes[ref], ids) | {"id": ids[ref]} for ref in order[start : start + _BATCH]]
        bulk_insert_rows(session.connection(), table, rows)
    names: dict[int, list[str]] = {ids[ref]: [plan.new[ref].name] for ref in order}
    for ref, alias, _kind in plan.aliases:
        if ref < 0:
            names[ids[ref]].append(alias)
    search_index.insert_rows(
        session, [row for org_id, n in names.items() for row in search_index.token_rows(org_id, n)]
    )
    return ids


def apply_plan(session: Session, plan: ImportPlan) -> tuple[int, set[int]]:
    """Write the plan; return how many stored organisations changed scope, and every organisation written."""
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
    renamed = {org_id for org_id, changes in plan.updates.items() if "name" in changes}
    new_ids = set(ids.values())
    search_index.reindex(session, renamed | {r["organisation_id"] for r in alias_rows} - new_ids)
    touched = set(plan.updates) | {p for p in plan.parents.values() if p > 0}
    return (recompute_scope(session, touched) if touched else 0), set(ids.values()) | touched


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
