"""Models to API schemas."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models.organisations import Organisation
from app.organisations import repository
from app.organisations.schemas import (
    AliasRead,
    GroupNode,
    GroupRead,
    OrganisationRead,
    OrganisationRef,
    OrganisationSummary,
    ScopeRead,
    TurnoverRead,
)
from app.organisations.scope_rules import scope_rules


def _turnover(organisation: Organisation) -> TurnoverRead | None:
    """Turnover block, or None when unknown."""
    if organisation.turnover_amount is None:
        return None
    return TurnoverRead(
        amount=organisation.turnover_amount,
        currency=organisation.turnover_currency or "GBP",
        period_end=organisation.turnover_period_end,
        source=organisation.turnover_source,
        basis=organisation.turnover_basis,
    )


def _year_end(organisation: Organisation) -> str | None:
    """MM-DD, or None."""
    if organisation.financial_year_end_month is None or organisation.financial_year_end_day is None:
        return None
    return f"{organisation.financial_year_end_month:02d}-{organisation.financial_year_end_day:02d}"


def _scope(organisation: Organisation) -> ScopeRead:
    """The scope block with its threshold currency."""
    return ScopeRead(
        status=organisation.scope_status,
        confidence=organisation.scope_confidence,
        basis=organisation.scope_basis,
        reason=organisation.scope_reason,
        group_turnover=organisation.scope_group_turnover,
        currency=scope_rules()[organisation.jurisdiction].currency,
    )


def summary(organisation: Organisation) -> OrganisationSummary:
    """The list form."""
    return OrganisationSummary(
        id=organisation.id,
        name=organisation.name,
        jurisdiction=organisation.jurisdiction,
        legal_form=organisation.legal_form,
        company_number=organisation.company_number,
        sector=organisation.sector,
        website=organisation.website,
        turnover=_turnover(organisation),
        financial_year_end=_year_end(organisation),
        parent_id=organisation.parent_id,
        scope=_scope(organisation),
        updated_at=organisation.updated_at,
    )


def ref(organisation: Organisation) -> OrganisationRef:
    """A link."""
    return OrganisationRef(id=organisation.id, name=organisation.name, company_number=organisation.company_number)


def full(session: Session, organisation: Organisation) -> OrganisationRead:
    """The full form."""
    return OrganisationRead(
        **summary(organisation).model_dump(),
        company_status=organisation.company_status,
        sic_codes=organisation.sic_codes or [],
        address=organisation.address,
        postcode=organisation.postcode,
        country=organisation.country,
        total_assets=organisation.total_assets,
        employee_count=organisation.employee_count,
        parent=ref(organisation.parent) if organisation.parent else None,
        subsidiaries_count=repository.subsidiaries_count(session, organisation.id),
        aliases=[AliasRead.model_validate(alias) for alias in organisation.aliases],
        source=organisation.source,
        created_at=organisation.created_at,
    )


def group(session: Session, organisation: Organisation) -> GroupRead:
    """Ancestors and the whole tree below the top of the group."""
    chain = repository.ancestors(session, organisation)
    top = chain[-1] if chain else organisation
    nodes = {
        top.id: GroupNode(id=top.id, name=top.name, company_number=top.company_number, scope_status=top.scope_status)
    }
    for org_id, parent_id, name, number, status in repository.descendants(session, top.id):
        nodes[org_id] = GroupNode(id=org_id, name=name, company_number=number, scope_status=status)
        if parent_id in nodes:
            nodes[parent_id].subsidiaries.append(nodes[org_id])
    return GroupRead(organisation_id=organisation.id, ancestors=[ref(o) for o in chain], tree=nodes[top.id])
