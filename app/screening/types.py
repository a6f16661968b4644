"""Plain data the screening functions work on, independent of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Verdict = Literal["match", "possible", "none"]
OrderState = Literal["active", "inactive"]
LEGAL_NOTE = "US import measure (CBP Withhold Release Order or Finding), not UK law."


@dataclass(frozen=True)
class StatusChange:
    """From `effective_date` the order has `status` (active, modified, lifted, revoked or inactive)."""

    status: str
    effective_date: date
    note: str | None = None


@dataclass(frozen=True)
class OrderFacts:
    """One order as the screening functions see it."""

    id: int
    reference: str
    subject: Literal["entity", "region"]
    name: str
    country: str
    action: str
    issued_date: date
    region: str | None = None
    aliases: tuple[str, ...] = ()
    subsidiaries: tuple[str, ...] = ()
    product_terms: tuple[str, ...] = ()
    products: str = ""
    history: tuple[StatusChange, ...] = field(default_factory=tuple)

    def label(self) -> str:
        """How the order is named in results: its action, name and issue date."""
        return f"{self.action} {self.name} ({self.issued_date.isoformat()})"


def status_on(order: OrderFacts, as_of: date) -> tuple[OrderState, StatusChange | None]:
    """The order's state on `as_of` and the event that set it (None before it was issued)."""
    if as_of < order.issued_date:
        return "inactive", None
    current: StatusChange | None = None
    for change in sorted(order.history, key=lambda item: item.effective_date):
        if change.effective_date <= as_of:
            current = change
    if current is None:
        return "active", None
    return ("active" if current.status == "active" else "inactive"), current


def describe_status(order: OrderFacts, as_of: date) -> str:
    """A plain-language sentence on whether the order was in force on `as_of`."""
    state, change = status_on(order, as_of)
    when = as_of.isoformat()
    if as_of < order.issued_date:
        return f"The order was not yet issued on {when} (issued {order.issued_date.isoformat()})."
    if state == "active":
        return f"The order was in force on {when}."
    assert change is not None
    note = f": {change.note}" if change.note else ""
    return f"The order was no longer in force on {when} ({change.status} {change.effective_date.isoformat()}{note})."
