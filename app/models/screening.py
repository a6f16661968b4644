"""The forced-labour orders register: orders, their aliases and their dated status history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow

ORDER_SUBJECTS = ("entity", "region")
ORDER_ACTIONS = ("WRO", "Finding")
ALIAS_KINDS = ("alias", "subsidiary")
EVENT_STATUSES = ("active", "modified", "lifted", "revoked", "inactive")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL for `column IN (...)`, for a named check constraint."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ForcedLabourOrder(TimestampMixin, Base):
    """A US CBP Withhold Release Order or Finding against an entity or a region."""

    __tablename__ = "forced_labour_orders"
    __table_args__ = (
        UniqueConstraint("reference"),
        CheckConstraint(_in("subject", ORDER_SUBJECTS), name="subject"),
        CheckConstraint(_in("action", ORDER_ACTIONS), name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(160))
    subject: Mapped[str] = mapped_column(String(8), default="entity")
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(60))
    region: Mapped[str | None] = mapped_column(String(120))
    products: Mapped[str] = mapped_column(Text, default="")
    product_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    scope: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(8), default="WRO")
    issued_date: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    aliases: Mapped[list[OrderAlias]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderAlias.id"
    )
    status_events: Mapped[list[OrderStatusEvent]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="[OrderStatusEvent.effective_date, OrderStatusEvent.id]",
    )


class OrderAlias(Base):
    """Another name the order's entity goes by, or a subsidiary the order names."""

    __tablename__ = "forced_labour_order_aliases"
    __table_args__ = (
        UniqueConstraint("order_id", "name"),
        CheckConstraint(_in("kind", ALIAS_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("forced_labour_orders.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(12), default="alias")

    order: Mapped[ForcedLabourOrder] = relationship(back_populates="aliases")


class OrderStatusEvent(Base):
    """From `effective_date` the order has `status` (active, or modified/lifted/revoked: no longer in force)."""

    __tablename__ = "order_status_events"
    __table_args__ = (
        UniqueConstraint("order_id", "effective_date", "status"),
        CheckConstraint(_in("status", EVENT_STATUSES), name="status"),
        Index("ix_order_status_events_order_date", "order_id", "effective_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("forced_labour_orders.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    effective_date: Mapped[date] = mapped_column(Date)
    action: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    order: Mapped[ForcedLabourOrder] = relationship(back_populates="status_events")
