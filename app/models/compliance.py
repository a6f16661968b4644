"""Compliance statuses, penalty-review cases with their append-only audit trail, webhooks and export jobs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow

STATUSES = ("compliant", "late", "incomplete", "missing", "not_due", "out_of_scope", "scope_unknown")
CASE_STATES = ("candidate", "under_review", "notice_sent", "resolved")
CASE_OUTCOMES = ("complied", "penalty_recommended", "dismissed")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL for `column IN (...)`."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ComplianceStatus(Base):
    """The status of one organisation for one statement year under one regime, with reasons and evidence."""

    __tablename__ = "compliance_statuses"
    __table_args__ = (
        UniqueConstraint("organisation_id", "statement_year", "regime"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        Index(
            "ix_compliance_statuses_summary",
            "regime",
            "statement_year",
            "status",
            "sector",
            "turnover_band",
            "ruleset_key",
        ),
        # The overdue list filters by status, band and sector in the index alone (migration w6b0001).
        Index(
            "ix_compliance_statuses_overdue",
            "regime",
            "statement_year",
            "status",
            "deadline",
            "organisation_id",
            "turnover_band",
            "sector",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    statement_year: Mapped[int] = mapped_column(Integer)
    regime: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(12))
    sector: Mapped[str | None] = mapped_column(String(120))
    turnover_band: Mapped[str] = mapped_column(String(24), default="unknown")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    period_end: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statements.id", ondelete="SET NULL"))
    assessment_id: Mapped[int | None] = mapped_column(Integer)
    ruleset_versions: Mapped[list[str]] = mapped_column(JSON, default=list)
    ruleset_key: Mapped[str] = mapped_column(String(200), default="")
    reason_text: Mapped[str] = mapped_column(Text, default="")
    inputs_fingerprint: Mapped[str] = mapped_column(String(64))
    previous_status: Mapped[str | None] = mapped_column(String(16))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ComplianceSummary(Base):
    """Counts of statuses per regime, year, status, sector, turnover band and ruleset versions, refreshed by each
    recomputation that wrote to the year (so the summary reads a few rows, not every status)."""

    __tablename__ = "compliance_summaries"
    __table_args__ = (Index("ix_compliance_summaries_regime_year", "regime", "statement_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime: Mapped[str] = mapped_column(String(24))
    statement_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str | None] = mapped_column(String(120))
    turnover_band: Mapped[str] = mapped_column(String(24))
    ruleset_key: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewCase(TimestampMixin, Base):
    """A penalty-review case opened from a candidate; never deleted, every change an event."""

    __tablename__ = "review_cases"
    __table_args__ = (
        UniqueConstraint("organisation_id", "statement_year", "regime"),
        CheckConstraint(_in("state", CASE_STATES), name="state"),
        CheckConstraint(f"outcome IS NULL OR {_in('outcome', CASE_OUTCOMES)}", name="outcome"),
        Index("ix_review_cases_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    statement_year: Mapped[int] = mapped_column(Integer)
    regime: Mapped[str] = mapped_column(String(24))
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    basis: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16), default="candidate")
    outcome: Mapped[str | None] = mapped_column(String(24))
    assignee: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", passive_deletes="all"
    )


class CaseEvent(Base):
    """One entry of a case's audit trail: who, when, what changed and why (append-only)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("review_cases.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[ReviewCase] = relationship(back_populates="events")


@event.listens_for(CaseEvent, "before_update")
@event.listens_for(CaseEvent, "before_delete")
def _refuse_changing_history(_mapper: Any, _connection: Any, target: CaseEvent) -> None:
    """Case events are append-only."""
    raise PermissionError(f"case event {target.id} is part of an append-only audit trail")


@event.listens_for(ReviewCase, "before_delete")
def _refuse_deleting_case(_mapper: Any, _connection: Any, target: ReviewCase) -> None:
    """Cases are never hard-deleted."""
    raise PermissionError(f"review case {target.id} cannot be deleted; resolve it instead")


class WebhookEndpoint(TimestampMixin, Base):
    """A subscriber URL, the events it wants and the shared secret its deliveries are signed with."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WebhookDelivery(Base):
    """One event for one endpoint, with its attempts (the delivery log)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'delivered', 'failed')", name="state"),
        Index("ix_webhook_deliveries_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExportJob(Base):
    """A large export produced in the background, downloadable when done."""

    __tablename__ = "export_jobs"
    __table_args__ = (CheckConstraint("state IN ('running', 'done', 'failed')", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    format: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="running")
    path: Mapped[str | None] = mapped_column(String(1000))
    row_count: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
