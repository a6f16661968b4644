"""Forced-labour screening of stored statement versions: one screening per version and the flags it raised."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow


class StatementScreening(Base):
    """When a version's text was last screened, against which state of the orders register, and on what date."""

    __tablename__ = "statement_screenings"
    __table_args__ = (UniqueConstraint("statement_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_version_id: Mapped[int] = mapped_column(
        ForeignKey("statement_versions.id", ondelete="CASCADE", name="fk_statement_screenings_version")
    )
    as_of: Mapped[date] = mapped_column(Date)
    register_fingerprint: Mapped[str] = mapped_column(String(64))
    order_count: Mapped[int] = mapped_column(Integer)
    flag_count: Mapped[int] = mapped_column(Integer)
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    flags: Mapped[list[StatementScreeningFlag]] = relationship(
        back_populates="screening", cascade="all, delete-orphan", order_by="StatementScreeningFlag.match_start"
    )


class StatementScreeningFlag(Base):
    """An ordered entity or region named in a sentence of a statement version, dated against the order's status."""

    __tablename__ = "statement_screening_flags"
    __table_args__ = (
        UniqueConstraint("screening_id", "order_id", "sentence_start", name="uq_screening_flags_order_sentence"),
        CheckConstraint("kind IN ('entity', 'region')", name="kind"),
        CheckConstraint("order_status IN ('active', 'inactive')", name="order_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("statement_screenings.id", ondelete="CASCADE", name="fk_screening_flags_screening"), index=True
    )
    statement_version_id: Mapped[int] = mapped_column(
        ForeignKey("statement_versions.id", ondelete="CASCADE", name="fk_screening_flags_version"), index=True
    )
    order_id: Mapped[int] = mapped_column(
        ForeignKey("forced_labour_orders.id", ondelete="CASCADE", name="fk_screening_flags_order"), index=True
    )
    order_reference: Mapped[str] = mapped_column(String(160))
    order_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(8))
    matched: Mapped[str] = mapped_column(String(300))
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    match_start: Mapped[int] = mapped_column(Integer)
    match_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    product: Mapped[str | None] = mapped_column(String(200))
    product_mentioned: Mapped[bool] = mapped_column(Boolean)
    order_status: Mapped[str] = mapped_column(String(8))
    as_of: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(200))

    screening: Mapped[StatementScreening] = relationship(back_populates="flags")
