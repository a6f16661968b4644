"""Register decisions: create and change organisations, groups, aliases and reviews (flush, never commit)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Conflict, InvalidInput, NotFound
from app.models.base import utcnow
from app.models.organisations import MatchReview, Organisation, OrganisationAlias
from app.organisations import repository
from app.organisations.normalise import name_key, normalise_company_number
from app.organisations.schemas import AliasIn, OrganisationCreate, OrganisationUpdate
from app.organisations.scoping import recompute_scope

_PLAIN_FIELDS = (
    "legal_form",
    "company_status",
    "sic_codes",
    "sector",
    "website",
    "address",
    "postcode",
    "country",
    "total_assets",
    "employee_count",
    "scope_declared",
)


def _company_number(jurisdiction: str, raw: str | None) -> str | None:
    """UK numbers are normalised (and must be valid); other jurisdictions keep theirs trimmed."""
    if raw is None or not raw.strip():
        return None
    return normalise_company_number(raw) if jurisdiction == "UK" else raw.strip().upper()


def _check_unique_number(session: Session, jurisdiction: str, number: str | None, own_id: int | None) -> None:
    """Refuse a company number another organisation already holds."""
    if number is None:
        return
    holder = repository.by_company_number(session, jurisdiction, number)
    if holder is not None and holder.id != own_id:
        raise Conflict(
            f"company number {number} already belongs to organisation {holder.id} ({holder.name})",
            details={"field": "company_number", "organisation_id": holder.id},
        )


def _check_parent(session: Session, organisation_id: int | None, parent_id: int | None) -> None:
    """The parent must exist and must not make a cycle."""
    if parent_id is None:
        return
    if parent_id == organisation_id:
        raise InvalidInput("an organisation cannot be its own parent", details={"field": "parent_id"})
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None:
        if current == organisation_id or current in seen:
            raise Conflict("that parent would make the group structure circular", details={"field": "parent_id"})
        seen.add(current)
        parent = session.get(Organisation, current)
        if parent is None:
            raise NotFound(f"parent organisation {current} does not exist", details={"field": "parent_id"})
        current = parent.parent_id


def _apply_fields(organisation: Organisation, data: dict[str, Any]) -> None:
    """Copy validated fields onto the model, unpacking turnover and the year end."""
    for field in _PLAIN_FIELDS:
        if field in data:
            setattr(organisation, field, data[field] if field != "sic_codes" else (data[field] or []))
    if "legal_form" in data and data["legal_form"] is None:
        organisation.legal_form = "unknown"
    if "turnover" in data:
        turnover = data["turnover"] or {}
        organisation.turnover_amount = turnover.get("amount")
        organisation.turnover_currency = turnover.get("currency")
        organisation.turnover_period_end = turnover.get("period_end")
        organisation.turnover_source = turnover.get("source")
        organisation.turnover_basis = turnover.get("basis", "entity")
    if "financial_year_end" in data:
        year_end = data["financial_year_end"]
        organisation.financial_year_end_month = int(year_end[:2]) if year_end else None
        organisation.financial_year_end_day = int(year_end[3:]) if year_end else None


def create(session: Session, payload: OrganisationCreate) -> Organisation:
    """A new organisation with its aliases; scope computed for its group."""
    number = _company_number(payload.jurisdiction, payload.company_number)
    _check_unique_number(session, payload.jurisdiction, number, None)
    _check_parent(session, None, payload.parent_id)
    organisation = Organisation(
        name=payload.name.strip(),
        name_key=name_key(payload.name),
        jurisdiction=payload.jurisdiction,
        company_number=number,
        parent_id=payload.parent_id,
        source="api",
        sic_codes=[],
    )
    _apply_fields(
        organisation, payload.model_dump(exclude={"name", "jurisdiction", "company_number", "parent_id", "aliases"})
    )
    session.add(organisation)
    session.flush()
    for alias in payload.aliases:
        add_alias(session, organisation, alias)
    recompute_scope(session, [organisation.id])
    _recompute_compliance(session, [organisation.id])
    return organisation


def _recompute_compliance(session: Session, ids: list[int]) -> None:
    """Compliance statuses follow register changes (scope, year end, sector, turnover) across the group."""
    from app.compliance.recompute import recompute_for_organisations
    from app.organisations.scoping import group_member_ids

    recompute_for_organisations(session, group_member_ids(session, ids))


def update(session: Session, organisation: Organisation, payload: OrganisationUpdate) -> Organisation:
    """Change only the fields sent; a rename keeps the old name as a former name."""
    data = payload.model_dump(exclude_unset=True)
    old_parent = organisation.parent_id
    jurisdiction = data.get("jurisdiction") or organisation.jurisdiction
    if "company_number" in data or "jurisdiction" in data:
        number = _company_number(jurisdiction, data.get("company_number", organisation.company_number))
        _check_unique_number(session, jurisdiction, number, organisation.id)
        organisation.company_number, organisation.jurisdiction = number, jurisdiction
    if "parent_id" in data:
        _check_parent(session, organisation.id, data["parent_id"])
        organisation.parent_id = data["parent_id"]
    if data.get("name") and name_key(data["name"]) != organisation.name_key:
        former = organisation.name
        organisation.name, organisation.name_key = data["name"].strip(), name_key(data["name"])
        add_alias(session, organisation, AliasIn(name=former, kind="former"), quiet=True)
    _apply_fields(organisation, data)
    organisation.updated_at = utcnow()
    session.flush()
    recompute_scope(session, [i for i in (organisation.id, old_parent) if i is not None])
    _recompute_compliance(session, [i for i in (organisation.id, old_parent) if i is not None])
    session.refresh(organisation)
    return organisation


def add_alias(
    session: Session, organisation: Organisation, alias: AliasIn, *, quiet: bool = False
) -> OrganisationAlias | None:
    """Add a name; the same name twice is a conflict (or ignored when quiet)."""
    key = name_key(alias.name)
    existing = session.scalars(
        select(OrganisationAlias).where(
            OrganisationAlias.organisation_id == organisation.id, OrganisationAlias.name_key == key
        )
    ).first()
    if existing is not None or key == organisation.name_key:
        if quiet:
            return existing
        raise Conflict(f"organisation {organisation.id} already has the name {alias.name!r}", details={"field": "name"})
    row = OrganisationAlias(name=alias.name.strip(), name_key=key, kind=alias.kind)
    organisation.aliases.append(row)
    session.flush()
    return row


def delete_alias(session: Session, organisation: Organisation, alias_id: int) -> None:
    """Remove one alias of this organisation."""
    alias = session.get(OrganisationAlias, alias_id)
    if alias is None or alias.organisation_id != organisation.id:
        raise NotFound(f"alias {alias_id} of organisation {organisation.id} does not exist")
    organisation.aliases.remove(alias)
    session.flush()


def resolve_review(session: Session, review_id: int, decision: str) -> MatchReview:
    """Merge the held record into its candidate, create it as a separate organisation, or dismiss it."""
    review = session.get(MatchReview, review_id)
    if review is None:
        raise NotFound(f"match review {review_id} does not exist")
    if review.status != "open":
        raise Conflict(f"match review {review_id} is already {review.status}")
    if decision == "merge":
        candidate = repository.get(session, review.candidate_id)
        add_alias(session, candidate, AliasIn(name=review.incoming_name, kind="other"), quiet=True)
        if review.incoming.get("company_number") and not candidate.company_number:
            _check_unique_number(session, candidate.jurisdiction, review.incoming["company_number"], candidate.id)
            candidate.company_number = review.incoming["company_number"]
        review.status = "merged"
    elif decision == "keep_separate":
        incoming = review.incoming
        create(
            session,
            OrganisationCreate(
                name=review.incoming_name,
                jurisdiction=incoming.get("jurisdiction") or "UK",
                company_number=incoming.get("company_number"),
                legal_form=incoming.get("legal_form") or None,
                sic_codes=incoming.get("sic_codes") or None,
                sector=incoming.get("sector"),
                address=incoming.get("address"),
                postcode=incoming.get("postcode"),
                country=incoming.get("country"),
            ),
        )
        review.status = "kept_separate"
    else:
        review.status = "dismissed"
    review.resolved_at = utcnow()
    session.flush()
    return review
