"""Every query on the orders register."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption
from sqlalchemy.sql.selectable import ScalarSelect

from app.models.screening import ForcedLabourOrder, OrderStatusEvent


def _with_children() -> tuple[ExecutableOption, ...]:
    """Load options that fetch aliases and history with the orders."""
    return (selectinload(ForcedLabourOrder.aliases), selectinload(ForcedLabourOrder.status_events))


def latest_status_on(as_of: date) -> ScalarSelect[str]:
    """SQL: the status of the order's last event on or before `as_of` (correlated to the order row)."""
    return (
        select(OrderStatusEvent.status)
        .where(OrderStatusEvent.order_id == ForcedLabourOrder.id, OrderStatusEvent.effective_date <= as_of)
        .order_by(OrderStatusEvent.effective_date.desc(), OrderStatusEvent.id.desc())
        .limit(1)
        .correlate(ForcedLabourOrder)
        .scalar_subquery()
    )


def list_orders(
    session: Session, *, active_on: date | None = None, subject: str | None = None
) -> Sequence[ForcedLabourOrder]:
    """Orders by issue date (newest first); with `active_on`, only those in force on that date."""
    query = select(ForcedLabourOrder).options(*_with_children())
    if active_on is not None:
        status = latest_status_on(active_on)
        query = query.where(ForcedLabourOrder.issued_date <= active_on, func.coalesce(status, "active") == "active")
    if subject is not None:
        query = query.where(ForcedLabourOrder.subject == subject)
    query = query.order_by(ForcedLabourOrder.issued_date.desc(), ForcedLabourOrder.id)
    return session.scalars(query).all()


def get_order(session: Session, order_id: int) -> ForcedLabourOrder | None:
    """One order by id, with its aliases and history."""
    query = select(ForcedLabourOrder).options(*_with_children()).where(ForcedLabourOrder.id == order_id)
    return session.scalars(query).one_or_none()


def get_by_reference(session: Session, reference: str) -> ForcedLabourOrder | None:
    """One order by its stable reference."""
    query = select(ForcedLabourOrder).options(*_with_children()).where(ForcedLabourOrder.reference == reference)
    return session.scalars(query).one_or_none()


def count_orders(session: Session) -> int:
    """How many orders the register holds."""
    return session.scalar(select(func.count()).select_from(ForcedLabourOrder)) or 0
