"""Statements and their archive: fetched documents, snapshots, fetch attempts, versions and coverage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow

STATEMENT_SOURCES = ("discovery", "registry", "upload", "api")
STATEMENT_STATES = ("current", "removed")
COVERAGE_SOURCES = ("publisher", "named_in_text", "registry", "manual")


class Document(Base):
    """A fetched body, stored once by its sha256 and never overwritten (bytes live in the archive store)."""

    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str | None] = mapped_column(String(12))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Snapshot(Base):
    """A URL seen serving a document; fetching the same bytes again only moves last_seen_at."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("url", "document_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    final_url: Mapped[str | None] = mapped_column(String(2000))
    document_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256", ondelete="RESTRICT"), index=True)
    status_code: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[Document] = relationship()


class FetchAttempt(Base):
    """One request made on an organisation's behalf, kept as evidence of what was tried and when."""

    __tablename__ = "fetch_attempts"
    __table_args__ = (Index("ix_fetch_attempts_organisation_attempted", "organisation_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2000))
    purpose: Mapped[str] = mapped_column(String(24), default="statement")
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(24))
    error: Mapped[str | None] = mapped_column(Text)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id", ondelete="SET NULL"))


class Statement(Base):
    """One statement (a publisher's statement for a period, at a URL), with versions as its text changes."""

    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("source", "source_key"),
        CheckConstraint("source IN ('discovery', 'registry', 'upload', 'api')", name="source"),
        CheckConstraint("state IN ('current', 'removed')", name="state"),
        Index("ix_statements_publisher_period", "publisher_id", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(12))
    source_key: Mapped[str] = mapped_column(String(2000))
    url: Mapped[str | None] = mapped_column(String(2000))
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    jurisdiction: Mapped[str] = mapped_column(String(2), default="UK")
    title: Mapped[str | None] = mapped_column(String(500))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    statement_year: Mapped[int | None] = mapped_column(Integer, index=True)
    approved_on: Mapped[date | None] = mapped_column(Date)
    declared: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(8), default="current")
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    versions: Mapped[list[StatementVersion]] = relationship(
        back_populates="statement", order_by="StatementVersion.version_no", cascade="all, delete-orphan"
    )
    coverage: Mapped[list[StatementCoverage]] = relationship(back_populates="statement", cascade="all, delete-orphan")


class StatementVersion(Base):
    """The text of one version of a statement, as extracted and detected (never overwritten)."""

    __tablename__ = "statement_versions"
    __table_args__ = (UniqueConstraint("statement_id", "version_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    version_no: Mapped[int] = mapped_column(Integer)
    document_sha256: Mapped[str | None] = mapped_column(ForeignKey("documents.sha256", ondelete="RESTRICT"))
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id", ondelete="SET NULL"))
    extraction_status: Mapped[str] = mapped_column(String(12))
    extraction_error: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    is_statement: Mapped[bool | None] = mapped_column(Boolean)
    detection_confidence: Mapped[float | None] = mapped_column(Float)
    detection_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    statement: Mapped[Statement] = relationship(back_populates="versions")


class StatementCoverage(Base):
    """An organisation a statement covers (a group statement covers several)."""

    __tablename__ = "statement_coverage"
    __table_args__ = (
        UniqueConstraint("statement_id", "organisation_id"),
        CheckConstraint("source IN ('publisher', 'named_in_text', 'registry', 'manual')", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16))

    statement: Mapped[Statement] = relationship(back_populates="coverage")
