"""Plan an import against the register: what is new, what changes, what waits for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.organisations import Organisation, OrganisationAlias
from app.organisations.importers.records import REGISTER_FIELDS, ImportProblem, OrganisationRecord
from app.organisations.matching import Known, MatchDecision, MatchIndex
from app.organisations.normalise import name_key

OrgRef = int  # a stored id (> 0) or a planned new organisation (< 0)


@dataclass
class ReviewItem:
    """An incoming record that resembles a stored organisation too closely to decide alone."""

    record: OrganisationRecord
    decision: MatchDecision

    def summary(self) -> dict[str, Any]:
        """JSON-ready form for reports."""
        return {
            "line": self.record.line,
            "name": self.record.name,
            "candidate_id": self.decision.organisation_id,
            "score": self.decision.score,
            "reason": self.decision.reason,
        }


@dataclass
class ImportPlan:
    """Everything an import would write, computed before anything is written."""

    file: str
    source: str
    new: dict[OrgRef, OrganisationRecord] = field(default_factory=dict)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    aliases: list[tuple[OrgRef, str, str]] = field(default_factory=list)
    parents: dict[OrgRef, OrgRef] = field(default_factory=dict)
    reviews: list[ReviewItem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    unchanged: int = 0
    stored: int = 0  # organisations in the register when the plan was made
    regrouped: set[int] = field(default_factory=set)  # former parents of stored organisations given a new parent


def load_index(session: Session) -> tuple[MatchIndex, dict[int, int | None]]:
    """The match index over the register, and every organisation's parent."""
    index = MatchIndex()
    aliases: dict[int, list[str]] = {}
    for organisation_id, alias in session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.name)):
        aliases.setdefault(organisation_id, []).append(alias)
    parents: dict[int, int | None] = {}
    query = select(
        Organisation.id,
        Organisation.jurisdiction,
        Organisation.company_number,
        Organisation.name,
        Organisation.parent_id,
    )
    for org_id, jurisdiction, number, name, parent_id in session.execute(query):
        index.add(Known(org_id, jurisdiction, number, name), aliases.get(org_id))
        parents[org_id] = parent_id
    return index, parents


_WHOLE_REGISTER_SHARE = 0.2  # above this share of the register, read all of it rather than look ids up


def _stored_fields(session: Session, ids: list[int], register_size: int) -> dict[int, dict[str, Any]]:
    """Current register fields (and, under "_values", all of them in REGISTER_FIELDS order) and alias keys of the
    matched organisations."""
    columns = [getattr(Organisation, name) for name in REGISTER_FIELDS]
    stored: dict[int, dict[str, Any]] = {}
    if len(ids) > register_size * _WHOLE_REGISTER_SHARE:  # one scan instead of thousands of id look-ups
        wanted = set(ids)
        everything = select(OrganisationAlias.organisation_id, OrganisationAlias.name_key)
        chunks = [(select(Organisation.id, *columns), everything)]
    else:
        wanted = None
        chunks = []
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            chunks.append(
                (
                    select(Organisation.id, *columns).where(Organisation.id.in_(chunk)),
                    select(OrganisationAlias.organisation_id, OrganisationAlias.name_key).where(
                        OrganisationAlias.organisation_id.in_(chunk)
                    ),
                )
            )
    for organisations, aliases in chunks:
        for row in session.execute(organisations):
            if wanted is None or row[0] in wanted:
                values = tuple(row[1:])
                fields = dict(zip(REGISTER_FIELDS, values, strict=True))
                stored[row[0]] = {**fields, "_aliases": set(), "_values": values}
        for org_id, key in session.execute(aliases):
            if org_id in stored:
                stored[org_id]["_aliases"].add(key)
    return stored


_REGISTER_VALUES = attrgetter(*REGISTER_FIELDS)


def _diff(record: OrganisationRecord, current: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Changed register fields, and aliases to add (the old name becomes a former name on a rename)."""
    if _REGISTER_VALUES(record) == current["_values"]:  # every field equal: nothing changes (the usual re-import)
        changes: dict[str, Any] = {}
    else:
        changes = {k: v for k, v in record.register_fields().items() if current.get(k) != v}
    if "legal_form" in changes and changes["legal_form"] == "unknown":
        del changes["legal_form"]
    if not record.aliases and "name" not in changes:
        return changes, []
    known_keys = current["_aliases"] | {name_key(current["name"])}
    aliases = [(n, kind) for n, kind in record.aliases if name_key(n) not in known_keys]
    if "name" in changes:
        if name_key(record.name) == name_key(current["name"]):
            del changes["name"]
        elif name_key(current["name"]) not in current["_aliases"]:
            aliases.append((current["name"], "former"))
    return changes, aliases


def build_plan(session: Session, records: list[OrganisationRecord], file: str, source: str) -> ImportPlan:
    """Match every record, then diff, link parents and check for cycles, without writing anything."""
    plan = ImportPlan(file=file, source=source)
    index, parents = load_index(session)
    plan.stored = len(parents)
    matched: dict[int, OrganisationRecord] = {}
    refs: dict[int, OrgRef] = {}
    for record in records:
        decision = index.match(record.jurisdiction, record.company_number, record.name)
        if decision.kind in ("identifier", "name") and decision.organisation_id is not None:
            matched[decision.organisation_id] = record
            refs[record.line] = decision.organisation_id
        elif decision.kind == "review":
            plan.reviews.append(ReviewItem(record, decision))
        else:
            temp = -(len(plan.new) + 1)
            plan.new[temp] = record
            refs[record.line] = temp
            plan.aliases += [(temp, n, kind) for n, kind in record.aliases]
    stored = _stored_fields(session, list(matched), plan.stored)
    for org_id, record in matched.items():
        changes, aliases = _diff(record, stored[org_id])
        plan.aliases += [(org_id, n, kind) for n, kind in aliases]
        if changes:
            plan.updates[org_id] = changes
    _link_parents(plan, records, refs, index, parents)
    touched = set(plan.updates) | {ref for ref, _, _ in plan.aliases if ref > 0}
    plan.unchanged = sum(1 for org_id in matched if org_id not in touched)
    return plan


def _link_parents(
    plan: ImportPlan,
    records: list[OrganisationRecord],
    refs: dict[int, OrgRef],
    index: MatchIndex,
    parents: dict[int, int | None],
) -> None:
    """Resolve each record's parent (in the file first, then the register); refuse unknown parents and cycles."""
    in_file_numbers = {
        (r.jurisdiction, r.company_number): refs[r.line] for r in records if r.company_number and r.line in refs
    }
    in_file_names = {name_key(r.name): refs[r.line] for r in records if r.line in refs}
    for record in records:
        if record.line not in refs or not (record.parent_company_number or record.parent_name):
            continue
        parent: OrgRef | None = None
        if record.parent_company_number:
            key = (record.jurisdiction, record.parent_company_number)
            parent = in_file_numbers.get(key, index.by_number.get(key))
            field_name, value = "parent_company_number", record.parent_company_number
        else:
            assert record.parent_name is not None
            parent = in_file_names.get(name_key(record.parent_name))
            stored = index.by_key.get(name_key(record.parent_name), set())
            if parent is None and len(stored) == 1:
                parent = next(iter(stored))
            field_name, value = "parent_name", record.parent_name
        if parent is None:
            plan.problems.append(
                ImportProblem(
                    plan.file,
                    record.line,
                    field_name,
                    "parent organisation not found in the file or the register",
                    value,
                )
            )
        elif parent == refs[record.line]:
            plan.problems.append(
                ImportProblem(plan.file, record.line, field_name, "an organisation cannot be its own parent", value)
            )
        else:
            plan.parents[refs[record.line]] = parent
    graph: dict[OrgRef, OrgRef | None] = {**parents, **plan.parents}
    for child in list(plan.parents):
        seen, node = {child}, graph.get(child)
        while node is not None:
            if node in seen:
                line = next((line for line, ref in refs.items() if ref == child), None)
                plan.problems.append(ImportProblem(plan.file, line, "parent", "parent links form a cycle"))
                del plan.parents[child]
                break
            seen.add(node)
            node = graph.get(node)
    for child, parent in plan.parents.items():
        if child > 0 and parents.get(child) != parent:
            plan.updates.setdefault(child, {})["parent_id"] = parent
            if (former := parents.get(child)) is not None:
                plan.regrouped.add(former)
