"""Discovery evidence per organisation, its revisit cadence, and the scheduler's lease and job history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class DiscoveryCheck(Base):
    """One discovery run for one organisation: the outcome and the s54(7) homepage-link evidence."""

    __tablename__ = "discovery_checks"
    __table_args__ = (Index("ix_discovery_checks_organisation_checked", "organisation_id", "checked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    start_url: Mapped[str] = mapped_column(String(2000))
    homepage_url: Mapped[str | None] = mapped_column(String(2000))
    outcome: Mapped[str] = mapped_column(String(20))
    statement_url: Mapped[str | None] = mapped_column(String(2000))
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statements.id", ondelete="SET NULL"))
    found_via: Mapped[str | None] = mapped_column(String(12))
    link_found: Mapped[bool] = mapped_column(Boolean, default=False)
    link_prominent: Mapped[bool] = mapped_column(Boolean, default=False)
    link_direct: Mapped[bool] = mapped_column(Boolean, default=False)
    link_text: Mapped[str | None] = mapped_column(String(500))
    link_href: Mapped[str | None] = mapped_column(String(2000))
    link_location: Mapped[str | None] = mapped_column(String(12))
    link_path: Mapped[list[str]] = mapped_column(JSON, default=list)
    history: Mapped[list[str]] = mapped_column(JSON, default=list)
    broken_links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str | None] = mapped_column(Text)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)


class CrawlSchedule(Base):
    """When an organisation's website is next due a visit, and how it has been answering."""

    __tablename__ = "crawl_schedules"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    next_due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_outcome: Mapped[str | None] = mapped_column(String(20))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    interval_days: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(String(200))


class JobLease(Base):
    """Who may run scheduled jobs: one holder at a time, until its lease expires."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JobRun(Base):
    """One run of a job, by the scheduler or by hand, with what it did."""

    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_name_started", "name", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    trigger: Mapped[str] = mapped_column(String(12), default="manual")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(12), default="running")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
