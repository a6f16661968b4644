"""Import orders from CSV (the columns of ../shared/data/withhold-release-orders.csv, synonyms accepted)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from app.screening.csvfile import FileInputError, parse_table, row_values
from app.screening.schemas import OrderCreate, StatusEventCreate

ORDER_COLUMNS: dict[str, set[str]] = {
    "issued_on": {"issued date", "issue date", "issued", "date issued", "date"},
    "entity": {"name", "entity name", "subject name", "region or entity"},
    "aliases": {"alias", "aka", "also known as"},
    "subsidiaries": {"subsidiary"},
    "country": {"country name"},
    "region": {"province"},
    "products": {"product", "goods", "merchandise"},
    "product_terms": {"product terms", "screening terms"},
    "scope": {"scope text", "description"},
    "action": {"type", "action type", "order type"},
    "status": {"current status"},
    "status_changed_on": {"status date", "status changed", "modified on", "status changed date"},
    "status_note": {"note", "notes", "status notes"},
    "subject": {"kind", "subject type"},
    "source": {"source url", "url"},
    "reference": {"ref", "id"},
}
_SUBSIDIARIES_PHRASE = re.compile(r"\s+and\s+(its\s+)?subsidiaries\s*$", re.IGNORECASE)
_GENERIC_PRODUCTS = {"downstream products", "all products", "products", "downstream items"}
_STATUS_WORDS = ("lifted", "revoked", "modified")


def _list(text: str) -> list[str]:
    """A ';'- or '|'-separated cell as a list."""
    return [part.strip() for part in re.split(r"[;|]", text) if part.strip()]


def product_terms(products: str) -> list[str]:
    """Screening terms from a products description ("Palm oil and palm oil products" -> ["palm oil"])."""
    terms: list[str] = []
    for part in re.split(r",|;|\band\b", products, flags=re.IGNORECASE):
        term = re.sub(r"[-\s]*(based\s+)?products?$", "", part.strip(), flags=re.IGNORECASE).strip().lower()
        if term and part.strip().lower() not in _GENERIC_PRODUCTS and term not in ("all", "downstream"):
            terms.append(re.sub(r"^processed\s+", "", term))
    return list(dict.fromkeys(terms))


def _date(value: str, file_name: str, line: int, field: str) -> date:
    """A YYYY-MM-DD date, or an error naming the cell."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FileInputError(file_name, f"{value!r} is not a date (YYYY-MM-DD)", line=line, field=field) from exc


def _events(values: dict[str, str], issued: date, file_name: str, line: int) -> list[StatusEventCreate]:
    """The issue event and, for an order no longer in force, the dated change."""
    status = (values.get("status") or "active").strip().lower()
    if status == "active":
        return []
    if status not in ("inactive", *_STATUS_WORDS):
        raise FileInputError(
            file_name,
            f"status {status!r} is not active, inactive, modified, lifted or revoked",
            line=line,
            field="status",
        )
    if not values.get("status_changed_on"):
        raise FileInputError(
            file_name,
            "an order that is not active needs the date its status changed",
            line=line,
            field="status_changed_on",
        )
    note = values.get("status_note") or None
    if status == "inactive":
        status = next((word for word in _STATUS_WORDS if word in (note or "").lower()), "inactive")
    changed = _date(values["status_changed_on"], file_name, line, "status_changed_on")
    return [StatusEventCreate(status=status, effective_date=changed, note=note, source=values.get("source") or None)]


def _spec(values: dict[str, str], file_name: str, line: int) -> OrderCreate:
    """One order from one row."""
    for field in ("issued_on", "entity", "country"):
        if not values.get(field):
            raise FileInputError(file_name, f"'{field}' is empty", line=line, field=field)
    issued = _date(values["issued_on"], file_name, line, "issued_on")
    action = {"wro": "WRO", "finding": "Finding"}.get((values.get("action") or "WRO").strip().lower())
    if action is None:
        raise FileInputError(file_name, f"action {values['action']!r} is not WRO or Finding", line=line, field="action")
    name = values["entity"]
    aliases = [_SUBSIDIARIES_PHRASE.sub("", alias) for alias in _list(values.get("aliases", ""))]
    note = values.get("status_note") or None
    region_wide = bool(re.search(r"\bregion\b", name, re.I) or re.search(r"region-wide", note or "", re.I))
    subject = (values.get("subject") or ("region" if region_wide and values.get("region") else "entity")).lower()
    active = (values.get("status") or "active").strip().lower() == "active"
    data: dict[str, Any] = {
        "reference": values.get("reference") or None,
        "subject": subject,
        "name": name,
        "aliases": aliases,
        "subsidiaries": _list(values.get("subsidiaries", "")),
        "country": values["country"],
        "region": values.get("region") or None,
        "products": values.get("products", ""),
        "product_terms": _list(values["product_terms"])
        if values.get("product_terms")
        else product_terms(values.get("products", "")),
        "scope": values.get("scope") or None,
        "action": action,
        "issued_date": issued,
        "source": values.get("source") or None,
        "notes": note if active else None,
    }
    try:
        return OrderCreate(**data, events=_events(values, issued, file_name, line))
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise FileInputError(file_name, error["msg"], line=line, field=field) from exc


def parse_order_csv(data: bytes, file_name: str) -> tuple[list[OrderCreate], set[str]]:
    """Every order in the file and the fields the file gives, or an error naming the bad line."""
    table = parse_table(data, file_name, ORDER_COLUMNS, ("issued_on", "entity", "country"))
    specs: list[OrderCreate] = []
    seen: dict[tuple[str, date, str], int] = {}
    for line, cells in table.rows:
        spec = _spec(row_values(table, line, cells), file_name, line)
        key = (spec.action, spec.issued_date, spec.reference or spec.name.casefold())
        if key in seen:
            raise FileInputError(file_name, f"repeats the order on line {seen[key]}", line=line, field="entity")
        seen[key] = line
        specs.append(spec)
    mapped = {"entity": "name", "issued_on": "issued_date"}
    fields = {mapped.get(field, field) for field in table.fields if field and field != "status_note"}
    return specs, fields
