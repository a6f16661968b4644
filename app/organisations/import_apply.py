"""Write an import plan: new organisations in parent-first layers, updates, aliases, reviews, then scope."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import asdict
from itertools import repeat
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import Table, func, select, text, update
from sqlalchemy.orm import Session

from app.db import bulk_insert_rows, bulk_insert_tuples, to_driver_values
from app.db_bulk import deferred_indexes
from app.models.base import utcnow
from app.models.organisations import MatchReview, Organisation, OrganisationAlias
from app.organisations import search_index
from app.organisations.import_plan import ImportPlan, OrgRef
from app.organisations.importers.records import REGISTER_FIELDS
from app.organisations.normalise import name_key
from app.organisations.scope import ScopeInput, compute_scopes
from app.organisations.scoping import recompute_scope

_BATCH = 5000
BULK_LOAD_MIN = 20_000  # new organisations from which a load into a smaller register rebuilds indexes afterwards
_BULK_TABLES = ("organisations", "organisation_search_tokens")


def _scope_of_new(plan: ImportPlan) -> dict[OrgRef, Any]:
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


def _reserve_ids(session: Session, count: int) -> list[int]:
    """Ids for new rows: drawn from PostgreSQL's sequence, or above SQLite's current maximum."""
    connection = session.connection()
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(text("SELECT pg_get_serial_sequence('organisations', 'id')")).scalar_one()
        # The sequence named once: resolving it inside the query would repeat the catalogue look-up per row.
        query = text("SELECT nextval(CAST(:sequence AS regclass)) FROM generate_series(1, :n)")
        return [int(i) for i in connection.execute(query, {"sequence": sequence, "n": count}).scalars()]
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


def _new_columns(plan: ImportPlan, order: list[OrgRef], ids: dict[OrgRef, int]) -> dict[str, list[Any]]:
    """The insert values of the new organisations, column by column, in `order`."""
    scopes = _scope_of_new(plan)
    records = [plan.new[ref] for ref in order]
    values = zip(*map(attrgetter(*REGISTER_FIELDS), records), strict=True)
    columns: dict[str, list[Any]] = {name: list(column) for name, column in zip(REGISTER_FIELDS, values, strict=True)}
    status, confidence, basis, reason, group_turnover = map(list, zip(*(scopes[ref] for ref in order), strict=True))
    now = utcnow()
    columns |= {
        "id": [ids[ref] for ref in order],
        "name_key": list(map(name_key, columns["name"])),
        "source": [plan.source] * len(order),
        "parent_id": [None if (parent := plan.parents.get(ref)) is None else ids.get(parent, parent) for ref in order],
        "scope_status": status,
        "scope_confidence": confidence,
        "scope_basis": basis,
        "scope_reason": reason,
        "scope_group_turnover": [None if amount is None else round(amount, 2) for amount in group_turnover],
        "created_at": [now] * len(order),
        "updated_at": [now] * len(order),
    }
    return columns


def _new_search_tokens(
    plan: ImportPlan, columns: dict[str, list[Any]], ids: dict[OrgRef, int]
) -> list[tuple[str, int]]:
    """Search-token rows of the new organisations: the words of their names and of the aliases in the file."""
    names: dict[int, list[str]] = {}
    for ref, alias, _kind in plan.aliases:
        if ref < 0:
            names.setdefault(ids[ref], []).append(alias)
    rows: list[tuple[str, int]] = []
    for org_id, key in zip(columns["id"], columns["name_key"], strict=True):
        extra = names.get(org_id)
        words = search_index.key_tokens([key, *map(name_key, extra)] if extra else [key])
        rows += zip(words, repeat(org_id, len(words)), strict=True)
    return rows


def bulk_load_worthwhile(new: int, stored: int) -> bool:
    """Whether to rebuild the register's indexes after inserting instead of growing them row by row."""
    return new >= BULK_LOAD_MIN and new >= stored


def _insert_new(session: Session, plan: ImportPlan) -> dict[OrgRef, int]:
    """Insert new organisations (parents first) with reserved ids; return the map from planned to stored ids."""
    order = _parents_first(plan)
    ids = dict(zip(order, _reserve_ids(session, len(order)), strict=True))
    if not order:
        return ids
    columns = _new_columns(plan, order, ids)
    tokens = _new_search_tokens(plan, columns, ids)
    connection = session.connection()
    table = cast(Table, Organisation.__table__)
    to_driver_values(connection, table, columns)
    rows = list(zip(*columns.values(), strict=True))
    bulk = bulk_load_worthwhile(len(order), plan.stored)
    deferred = deferred_indexes(connection, _BULK_TABLES) if bulk else nullcontext()
    with deferred:
        bulk_insert_tuples(connection, table.name, tuple(columns), rows)
        search_index.insert_rows(session, tokens, ordered=not (bulk and connection.dialect.name == "postgresql"))
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
    bulk_insert_rows(session.connection(), cast(Table, OrganisationAlias.__table__), alias_rows)
    _store_reviews(session, plan)
    renamed = {org_id for org_id, changes in plan.updates.items() if "name" in changes}
    new_ids = set(ids.values())
    search_index.reindex(session, renamed | {r["organisation_id"] for r in alias_rows} - new_ids)
    # Groups whose members or figures changed: updated organisations, stored parents of new subsidiaries, and the
    # former parents of re-parented ones. Unchanged links of a re-import touch nothing.
    joined = {parent for child, parent in plan.parents.items() if child < 0 and parent > 0}
    touched = set(plan.updates) | joined | plan.regrouped
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
