"""Pydantic schemas of the register API (`XCreate` / `XUpdate` / `XRead`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.organisations.importers.fields import parse_year_end
from app.organisations.sectors import canonical_sector

Jurisdiction = Literal["UK", "AU", "CA"]
LegalForm = Literal[
    "company", "llp", "limited_partnership", "partnership", "charity", "public_body", "other", "unknown"
]
ScopeStatus = Literal["in_scope", "out_of_scope", "unknown"]
AliasKind = Literal["former", "trading", "other"]


class TurnoverIn(BaseModel):
    """Turnover (or a public body's budget) with its currency, period and source."""

    amount: Decimal = Field(ge=0, max_digits=18, decimal_places=2)
    currency: str = Field(default="GBP", pattern=r"^[A-Z]{3}$")
    period_end: date | None = None
    source: str | None = Field(default=None, max_length=200)
    basis: Literal["entity", "consolidated"] = "entity"


class TurnoverRead(TurnoverIn):
    """Turnover as stored."""


class AliasIn(BaseModel):
    """A former, trading or other name."""

    name: str = Field(min_length=1, max_length=300)
    kind: AliasKind = "other"


class AliasRead(AliasIn):
    """An alias as stored."""

    model_config = ConfigDict(from_attributes=True)
    id: int


def _check_year_end(value: str | None) -> str | None:
    """MM-DD, validated."""
    if value is None:
        return None
    month, day = parse_year_end(value)
    return f"{month:02d}-{day:02d}"


def _check_sector(value: str | None) -> str | None:
    """One of the registry's 23 sectors."""
    if value is None:
        return None
    sector = canonical_sector(value)
    if sector is None:
        raise ValueError("not one of the registry's 23 sectors (see /api/v1/sectors)")
    return sector


class OrganisationFields(BaseModel):
    """Fields shared by create and update."""

    model_config = ConfigDict(extra="forbid")

    legal_form: LegalForm | None = None
    company_number: str | None = Field(default=None, max_length=16)
    company_status: str | None = Field(default=None, max_length=40)
    sic_codes: list[str] | None = None
    sector: str | None = None
    website: str | None = Field(default=None, max_length=500)
    address: str | None = None
    postcode: str | None = Field(default=None, max_length=16)
    country: str | None = Field(default=None, max_length=60)
    turnover: TurnoverIn | None = None
    total_assets: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    employee_count: int | None = Field(default=None, ge=0)
    financial_year_end: str | None = Field(default=None, description="MM-DD, e.g. 03-31")
    parent_id: int | None = None
    scope_declared: ScopeStatus | None = Field(
        default=None, description="A confirmed scope, overriding the presumption"
    )

    _year_end = field_validator("financial_year_end")(_check_year_end)
    _sector = field_validator("sector")(_check_sector)

    @field_validator("sic_codes")
    @classmethod
    def _sic(cls, value: list[str] | None) -> list[str] | None:
        """SIC codes are up to five digits."""
        if value is None:
            return None
        for code in value:
            if not (code.isdigit() and len(code) <= 5):
                raise ValueError(f"{code!r} is not a SIC code")
        return [code if code == "1" else code.zfill(5) for code in value]


class OrganisationCreate(OrganisationFields):
    """A new organisation."""

    name: str = Field(min_length=1, max_length=300)
    jurisdiction: Jurisdiction = "UK"
    aliases: list[AliasIn] = Field(default_factory=list)


class OrganisationUpdate(OrganisationFields):
    """A partial change: only the fields sent are changed (send null to clear one)."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    jurisdiction: Jurisdiction | None = None


class ScopeRead(BaseModel):
    """Presumed or confirmed scope, with its basis and a reason a person can read."""

    status: ScopeStatus
    confidence: Literal["presumed", "confirmed"]
    basis: str | None
    reason: str | None
    group_turnover: Decimal | None
    currency: str


class OrganisationRef(BaseModel):
    """A link to another organisation."""

    id: int
    name: str
    company_number: str | None


class OrganisationSummary(BaseModel):
    """An organisation in a list."""

    id: int
    name: str
    jurisdiction: str
    legal_form: str
    company_number: str | None
    sector: str | None
    website: str | None
    turnover: TurnoverRead | None
    financial_year_end: str | None
    parent_id: int | None
    scope: ScopeRead
    updated_at: datetime


class OrganisationRead(OrganisationSummary):
    """An organisation in full."""

    company_status: str | None
    sic_codes: list[str]
    address: str | None
    postcode: str | None
    country: str | None
    total_assets: Decimal | None
    employee_count: int | None
    parent: OrganisationRef | None
    subsidiaries_count: int
    aliases: list[AliasRead]
    source: str | None
    created_at: datetime


class OrganisationPage(BaseModel):
    """One page of a list, the exact number of matches, and where the next page is (when there is one)."""

    items: list[OrganisationSummary]
    total: int
    page: int | None = Field(description="The page number asked for; null when the page came by cursor")
    page_size: int
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page")
    next: str | None = Field(default=None, description="The next page's URL (path and query)")


class GroupNode(BaseModel):
    """An organisation in a group tree."""

    id: int
    name: str
    company_number: str | None
    scope_status: str
    subsidiaries: list[GroupNode] = Field(default_factory=list)


class GroupRead(BaseModel):
    """The group around an organisation: its parents up to the top, and the tree below the top."""

    organisation_id: int
    ancestors: list[OrganisationRef]
    tree: GroupNode


class ParentSet(BaseModel):
    """Set or clear an organisation's parent."""

    parent_id: int | None


class MatchReviewRead(BaseModel):
    """An uncertain match waiting for a person."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    source_line: int | None
    incoming_name: str
    incoming: dict[str, object]
    candidate_id: int
    score: float
    reason: str
    status: str
    created_at: datetime
    resolved_at: datetime | None


class MatchReviewDecision(BaseModel):
    """merge: the incoming record is the candidate; keep_separate: create it as new; dismiss: drop it."""

    decision: Literal["merge", "keep_separate", "dismiss"]
