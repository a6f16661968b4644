"""The register: organisations, their aliases and identifiers, imports and the match-review list."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow

JURISDICTIONS = ("UK", "AU", "CA")
LEGAL_FORMS = (
    "company",
    "llp",
    "limited_partnership",
    "partnership",
    "charity",
    "public_body",
    "other",
    "unknown",
)
SCOPE_STATUSES = ("in_scope", "out_of_scope", "unknown")
SCOPE_CONFIDENCES = ("presumed", "confirmed")
ALIAS_KINDS = ("former", "trading", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL for `column IN (...)`, for a named check constraint."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Organisation(TimestampMixin, Base):
    """An organisation that has, or may have, a duty to publish a statement."""

    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("company_number", "jurisdiction"),
        CheckConstraint(_in("jurisdiction", JURISDICTIONS), name="jurisdiction"),
        CheckConstraint(_in("legal_form", LEGAL_FORMS), name="legal_form"),
        CheckConstraint(_in("scope_status", SCOPE_STATUSES), name="scope_status"),
        CheckConstraint(_in("scope_confidence", SCOPE_CONFIDENCES), name="scope_confidence"),
        CheckConstraint("turnover_basis IN ('entity', 'consolidated')", name="turnover_basis"),
        CheckConstraint(
            "financial_year_end_month IS NULL OR financial_year_end_month BETWEEN 1 AND 12",
            name="fye_month",
        ),
        CheckConstraint("financial_year_end_day IS NULL OR financial_year_end_day BETWEEN 1 AND 31", name="fye_day"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_organisations_scope_status_name_key", "scope_status", "name_key"),
        Index("ix_organisations_sector_name_key", "sector", "name_key"),
        Index("ix_organisations_jurisdiction_name_key", "jurisdiction", "name_key"),
        # Sorts end with the id (see migration r2g0001); -turnover's index is in TURNOVER_DESC_INDEX below.
        Index("ix_organisations_name_key_id", "name_key", "id"),
        Index("ix_organisations_turnover_amount_id", "turnover_amount", "id"),
        Index("ix_organisations_updated_at_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))
    jurisdiction: Mapped[str] = mapped_column(String(2), default="UK")
    legal_form: Mapped[str] = mapped_column(String(24), default="unknown")
    company_number: Mapped[str | None] = mapped_column(String(16))
    company_status: Mapped[str | None] = mapped_column(String(40))
    sic_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    sector: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(500))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(60))
    turnover_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    turnover_currency: Mapped[str | None] = mapped_column(String(3))
    turnover_period_end: Mapped[date | None] = mapped_column(Date)
    turnover_source: Mapped[str | None] = mapped_column(String(200))
    turnover_basis: Mapped[str] = mapped_column(String(12), default="entity")
    total_assets: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    employee_count: Mapped[int | None] = mapped_column(Integer)
    financial_year_end_month: Mapped[int | None] = mapped_column(Integer)
    financial_year_end_day: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    scope_declared: Mapped[str | None] = mapped_column(String(16))
    scope_status: Mapped[str] = mapped_column(String(16), default="unknown")
    scope_confidence: Mapped[str] = mapped_column(String(12), default="presumed")
    scope_basis: Mapped[str | None] = mapped_column(String(12))
    scope_reason: Mapped[str | None] = mapped_column(Text)
    scope_group_turnover: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    source: Mapped[str | None] = mapped_column(String(40))

    aliases: Mapped[list[OrganisationAlias]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="OrganisationAlias.id"
    )
    identifiers: Mapped[list[OrganisationIdentifier]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="OrganisationIdentifier.id"
    )
    parent: Mapped[Organisation | None] = relationship(remote_side=[id], back_populates="subsidiaries")
    subsidiaries: Mapped[list[Organisation]] = relationship(back_populates="parent", order_by="Organisation.name")


# `sort=-turnover` (DESC NULLS LAST, then id) on PostgreSQL, whose backward index scans would put NULLs first.
TURNOVER_DESC_INDEX = Index(
    "ix_organisations_turnover_desc", Organisation.turnover_amount.desc().nulls_last(), Organisation.id
).ddl_if(dialect="postgresql")


class OrganisationAlias(Base):
    """A former, trading or other name of an organisation."""

    __tablename__ = "organisation_aliases"
    __table_args__ = (
        UniqueConstraint("organisation_id", "name_key"),
        CheckConstraint(_in("kind", ALIAS_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="other")
    valid_until: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="aliases")


class OrganisationSearchToken(Base):
    """One word of an organisation's name or aliases, for fast word-prefix search."""

    __tablename__ = "organisation_search_tokens"
    __table_args__ = ({"sqlite_with_rowid": False},)

    token: Mapped[str] = mapped_column(String(120), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class OrganisationIdentifier(Base):
    """An identifier other than the Companies House number (charity number, ABN, business number...)."""

    __tablename__ = "organisation_identifiers"
    __table_args__ = (UniqueConstraint("scheme", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(60))

    organisation: Mapped[Organisation] = relationship(back_populates="identifiers")


class ImportRun(Base):
    """One import of an organisation file: what it was, what it did, and its error report."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(24))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MatchReview(TimestampMixin, Base):
    """An uncertain name match held for a person to decide, never merged silently."""

    __tablename__ = "match_reviews"
    __table_args__ = (CheckConstraint("status IN ('open', 'merged', 'kept_separate', 'dismissed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id", ondelete="SET NULL"))
    source_line: Mapped[int | None] = mapped_column(Integer)
    incoming_name: Mapped[str] = mapped_column(String(300))
    incoming_key: Mapped[str] = mapped_column(String(300), index=True)
    incoming: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
