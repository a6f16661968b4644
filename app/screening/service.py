"""Decisions on the orders register: create, update, status events, upsert by reference (flush, never commit)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from app.errors import Conflict, InvalidInput, NotFound
from app.models.screening import ForcedLabourOrder, OrderAlias, OrderStatusEvent
from app.screening import repository
from app.screening.normalise import fold
from app.screening.schemas import OrderCreate, OrderRead, OrderUpdate, StatusEventCreate, StatusEventRead
from app.screening.types import LEGAL_NOTE, OrderFacts, StatusChange, status_on

Outcome = Literal["created", "updated", "unchanged"]
_SCALARS = (
    "subject",
    "name",
    "country",
    "region",
    "products",
    "product_terms",
    "scope",
    "action",
    "issued_date",
    "source",
    "notes",
)


def make_reference(action: str, issued_date: date, name: str) -> str:
    """The stable key of an order: cbp-<action>-<issue date>-<name as a slug>."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:100]
    return f"cbp-{action.lower()}-{issued_date.isoformat()}-{slug}"


def _set_names(order: ForcedLabourOrder, aliases: list[str] | None, subsidiaries: list[str] | None) -> None:
    """Replace the aliases and/or subsidiaries given; a name is kept once, as a subsidiary if it is one."""
    stored_subsidiaries = [a.name for a in order.aliases if a.kind == "subsidiary"]
    keep_subsidiaries = stored_subsidiaries if subsidiaries is None else subsidiaries
    keep_aliases = [a.name for a in order.aliases if a.kind == "alias"] if aliases is None else aliases
    wanted = [(name, "subsidiary") for name in keep_subsidiaries]
    wanted += [(name, "alias") for name in keep_aliases if name not in keep_subsidiaries and name != order.name]
    wanted = list(dict(wanted).items())
    if sorted((a.name, a.kind) for a in order.aliases) == sorted(wanted):
        return
    existing = {alias.name: alias for alias in order.aliases}
    kept: list[OrderAlias] = []
    for name, kind in wanted:
        alias = existing.get(name) or OrderAlias(name=name, kind=kind)
        alias.kind = kind
        kept.append(alias)
    order.aliases = kept


def _add_event(order: ForcedLabourOrder, event: StatusEventCreate) -> bool:
    """Append an event unless one with the same date and status exists; True when added."""
    if any(e.status == event.status and e.effective_date == event.effective_date for e in order.status_events):
        return False
    order.status_events.append(OrderStatusEvent(**event.model_dump()))
    return True


def _events_for(spec: OrderCreate) -> list[StatusEventCreate]:
    """The events of a new order: those given, starting with an 'active' one on the issue date."""
    events = list(spec.events)
    if not any(e.status == "active" and e.effective_date == spec.issued_date for e in events):
        events.insert(
            0,
            StatusEventCreate(
                status="active",
                effective_date=spec.issued_date,
                action=spec.action,
                note=f"{spec.action} issued",
                source=spec.source,
            ),
        )
    return sorted(events, key=lambda e: e.effective_date)


def create_order(session: Session, spec: OrderCreate) -> ForcedLabourOrder:
    """A new order with its names and history; a clashing reference is a conflict."""
    reference = spec.reference or make_reference(spec.action, spec.issued_date, spec.name)
    if repository.get_by_reference(session, reference) is not None:
        raise Conflict(f"An order with reference {reference!r} already exists.", details={"reference": reference})
    early = [event for event in spec.events if event.effective_date < spec.issued_date]
    if early:
        raise InvalidInput(f"A status event ({early[0].effective_date}) is dated before the order was issued.")
    order = ForcedLabourOrder(
        reference=reference, aliases=[], status_events=[], **{field: getattr(spec, field) for field in _SCALARS}
    )
    _set_names(order, spec.aliases, spec.subsidiaries)
    for event in _events_for(spec):
        _add_event(order, event)
    session.add(order)
    session.flush()
    return order


def require_order(session: Session, order_id: int) -> ForcedLabourOrder:
    """The order, or NotFound."""
    order = repository.get_order(session, order_id)
    if order is None:
        raise NotFound(f"No order with id {order_id}.")
    return order


def update_order(session: Session, order_id: int, changes: OrderUpdate) -> ForcedLabourOrder:
    """Apply the fields given; lists replace the stored ones."""
    order = require_order(session, order_id)
    data = changes.model_dump(exclude_unset=True)
    for field in _SCALARS:
        if field in data and data[field] is not None:
            setattr(order, field, data[field])
    _set_names(order, data.get("aliases"), data.get("subsidiaries"))
    session.flush()
    return order


def add_status_event(session: Session, order_id: int, event: StatusEventCreate) -> OrderStatusEvent:
    """Append a dated status change; the same status on the same date twice is a conflict."""
    order = require_order(session, order_id)
    if event.effective_date < order.issued_date:
        raise Conflict(f"The event date {event.effective_date} is before the order was issued ({order.issued_date}).")
    if not _add_event(order, event):
        raise Conflict(f"The order already has status {event.status!r} from {event.effective_date}.")
    if event.action:
        order.action = event.action
    session.flush()
    return order.status_events[-1]


def upsert_order(session: Session, spec: OrderCreate, *, fields_given: set[str] | None = None) -> Outcome:
    """Create the order, or bring the stored one in line with the fields given; history is only ever added to."""
    reference = spec.reference or make_reference(spec.action, spec.issued_date, spec.name)
    order = repository.get_by_reference(session, reference)
    if order is None:
        create_order(session, spec.model_copy(update={"reference": reference}))
        return "created"
    given = fields_given if fields_given is not None else set(OrderCreate.model_fields)
    changed = False
    for field in _SCALARS:
        if field in given and getattr(order, field) != getattr(spec, field):
            setattr(order, field, getattr(spec, field))
            changed = True
    names_before = sorted((a.name, a.kind) for a in order.aliases)
    _set_names(
        order, spec.aliases if "aliases" in given else None, spec.subsidiaries if "subsidiaries" in given else None
    )
    changed |= names_before != sorted((a.name, a.kind) for a in order.aliases)
    for event in _events_for(spec):
        changed |= _add_event(order, event)
    session.flush()
    return "updated" if changed else "unchanged"


def to_facts(order: ForcedLabourOrder) -> OrderFacts:
    """The plain-data view the screening functions use."""
    return OrderFacts(
        id=order.id,
        reference=order.reference,
        subject="region" if order.subject == "region" else "entity",
        name=order.name,
        country=order.country,
        action=order.action,
        issued_date=order.issued_date,
        region=order.region,
        aliases=tuple(a.name for a in order.aliases if a.kind == "alias"),
        subsidiaries=tuple(a.name for a in order.aliases if a.kind == "subsidiary"),
        product_terms=tuple(order.product_terms or ()),
        products=order.products,
        history=tuple(StatusChange(e.status, e.effective_date, e.note) for e in order.status_events),
    )


def load_facts(session: Session) -> list[OrderFacts]:
    """Every order in the register as plain data."""
    return [to_facts(order) for order in repository.list_orders(session)]


def to_read(order: ForcedLabourOrder, as_of: date) -> OrderRead:
    """The API view of an order, with its status on `as_of`."""
    state, _ = status_on(to_facts(order), as_of)
    return OrderRead(
        id=order.id,
        reference=order.reference,
        subject=order.subject,
        name=order.name,
        aliases=[a.name for a in order.aliases if a.kind == "alias"],
        subsidiaries=[a.name for a in order.aliases if a.kind == "subsidiary"],
        country=order.country,
        region=order.region,
        products=order.products,
        product_terms=list(order.product_terms or []),
        scope=order.scope,
        action=order.action,
        issued_date=order.issued_date,
        source=order.source,
        notes=order.notes,
        status=state,
        status_on=as_of,
        status_events=[StatusEventRead.model_validate(e) for e in order.status_events],
        basis=LEGAL_NOTE,
    )


def import_orders(session: Session, specs: list[OrderCreate], fields_given: set[str]) -> dict[str, int]:
    """Upsert parsed orders (all rows were validated first); counts by outcome."""
    outcomes = [upsert_order(session, spec, fields_given=fields_given) for spec in specs]
    return {outcome: outcomes.count(outcome) for outcome in ("created", "updated", "unchanged")}
