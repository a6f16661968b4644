"""The orders the project ships (app/screening/data/orders.yaml), seeded idempotently."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from app.screening.schemas import OrderCreate, StatusEventCreate
from app.screening.service import upsert_order

SEED_FILE = Path(__file__).resolve().parent / "data" / "orders.yaml"


def _event(raw: dict[str, Any], source: str | None) -> StatusEventCreate:
    """One status event from the seed file."""
    return StatusEventCreate(
        status=raw["status"],
        effective_date=raw["date"],
        action=raw.get("action"),
        note=raw.get("note"),
        source=raw.get("source", source),
    )


def seed_specs(path: Path = SEED_FILE) -> list[OrderCreate]:
    """The orders described by the seed file."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = document.get("source_defaults", {}).get("order")
    specs: list[OrderCreate] = []
    for raw in document["orders"]:
        issued: date = raw["issued_date"]
        specs.append(
            OrderCreate(
                subject=raw.get("subject", "entity"),
                name=raw["name"],
                aliases=raw.get("aliases") or [],
                subsidiaries=raw.get("subsidiaries") or [],
                country=raw["country"],
                region=raw.get("region"),
                products=raw.get("products", ""),
                product_terms=raw.get("product_terms") or [],
                scope=raw.get("scope"),
                action=raw.get("action", "WRO"),
                issued_date=issued,
                source=raw.get("source", source),
                notes=raw.get("notes"),
                events=[_event(event, source) for event in raw.get("events", [])],
            )
        )
    return specs


def seed_orders(session: Session, path: Path = SEED_FILE) -> dict[str, int]:
    """Create or refresh the shipped orders; running it twice changes nothing. Returns counts by outcome."""
    counts = Counter(upsert_order(session, spec) for spec in seed_specs(path))
    return {outcome: counts.get(outcome, 0) for outcome in ("created", "updated", "unchanged")}
