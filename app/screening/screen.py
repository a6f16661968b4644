"""Screening entry points over the register: supplier lists and statement texts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.screening.service import load_facts
from app.screening.statements import StatementHit, screen_text
from app.screening.suppliers import SupplierResult, SupplierRow, SupplierScreener
from app.screening.types import OrderFacts


def register_facts(session: Session) -> list[OrderFacts]:
    """The register's orders; an empty register is an error, not a list of clean results."""
    facts = load_facts(session)
    if not facts:
        raise InvalidInput("The orders register is empty: run `mst screen orders seed` (or import orders) first.")
    return facts


def screen_supplier_rows(session: Session, rows: list[SupplierRow], as_of: date) -> list[SupplierResult]:
    """Verdicts for every supplier against the register on `as_of`."""
    return SupplierScreener(register_facts(session)).screen_all(rows, as_of)


def screen_statement_text(session: Session, text: str, as_of: date) -> list[StatementHit]:
    """Ordered entities and regions named in a statement's text."""
    return screen_text(text, as_of=as_of, orders=register_facts(session))
