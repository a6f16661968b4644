"""Pydantic shapes for orders, status events and screening requests and results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EventStatus = Literal["active", "modified", "lifted", "revoked", "inactive"]


class StatusEventCreate(BaseModel):
    """A change of an order's status from a date."""

    status: EventStatus
    effective_date: date
    action: Literal["WRO", "Finding"] | None = None
    note: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=500)


class StatusEventRead(StatusEventCreate):
    """A stored status event."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    created_at: datetime


class OrderCreate(BaseModel):
    """A new order; an 'active' event on the issue date is added unless events say otherwise."""

    reference: str | None = Field(default=None, max_length=160)
    subject: Literal["entity", "region"] = "entity"
    name: str = Field(min_length=1, max_length=300)
    aliases: list[str] = Field(default_factory=list)
    subsidiaries: list[str] = Field(default_factory=list)
    country: str = Field(min_length=1, max_length=60)
    region: str | None = Field(default=None, max_length=120)
    products: str = ""
    product_terms: list[str] = Field(default_factory=list)
    scope: str | None = None
    action: Literal["WRO", "Finding"] = "WRO"
    issued_date: date
    source: str | None = Field(default=None, max_length=500)
    notes: str | None = None
    events: list[StatusEventCreate] = Field(default_factory=list)

    @field_validator("aliases", "subsidiaries", "product_terms")
    @classmethod
    def _strip_blank(cls, values: list[str]) -> list[str]:
        """Drop blank entries and duplicates, keep the order."""
        return list(dict.fromkeys(value.strip() for value in values if value.strip()))


class OrderUpdate(BaseModel):
    """Fields to change on an order; lists given replace the stored ones."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    aliases: list[str] | None = None
    subsidiaries: list[str] | None = None
    country: str | None = Field(default=None, min_length=1, max_length=60)
    region: str | None = None
    products: str | None = None
    product_terms: list[str] | None = None
    scope: str | None = None
    action: Literal["WRO", "Finding"] | None = None
    issued_date: date | None = None
    source: str | None = None
    notes: str | None = None


class OrderRead(BaseModel):
    """An order with its names, history and its status on the date asked about."""

    id: int
    reference: str
    subject: str
    name: str
    aliases: list[str]
    subsidiaries: list[str]
    country: str
    region: str | None
    products: str
    product_terms: list[str]
    scope: str | None
    action: str
    issued_date: date
    source: str | None
    notes: str | None
    status: Literal["active", "inactive"]
    status_on: date
    status_events: list[StatusEventRead]
    basis: str


class SupplierIn(BaseModel):
    """One supplier in a JSON screening request."""

    name: str = Field(min_length=1, max_length=500)
    country: str = ""
    company_number: str = ""
    products: str = ""
    region: str = ""


class SupplierScreenRequest(BaseModel):
    """Suppliers to screen, on a date (today by default)."""

    as_of: date | None = None
    suppliers: list[SupplierIn] = Field(min_length=1, max_length=200_000)


class TextScreenRequest(BaseModel):
    """A statement's text to screen for ordered entities and regions."""

    text: str = Field(min_length=1, max_length=5_000_000)
    as_of: date | None = None


class ScreeningFlagRead(BaseModel):
    """An ordered entity or region named in a statement, with the sentence as evidence and the order's status."""

    model_config = ConfigDict(from_attributes=True)

    statement_id: int
    statement_year: int | None
    statement_title: str | None
    statement_version_id: int
    version_no: int
    order_id: int
    order_reference: str
    order_name: str
    kind: Literal["entity", "region"]
    matched: str
    sentence: str
    sentence_start: int
    sentence_end: int
    match_start: int
    match_end: int
    page: int | None
    product: str | None
    product_mentioned: bool
    order_status: Literal["active", "inactive"]
    as_of: date
    reason: str
    basis: str
