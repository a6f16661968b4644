"""Screening fixtures: the seed orders as plain data, a seeded database, CSV writers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.screening.seed import seed_orders
from app.screening.suppliers import SupplierScreener
from app.screening.types import OrderFacts
from bench.screening_quality import seed_facts


@pytest.fixture()
def orders() -> list[OrderFacts]:
    """The shipped orders as plain data."""
    return seed_facts()


@pytest.fixture()
def screener(orders: list[OrderFacts]) -> SupplierScreener:
    """A screener over the shipped orders."""
    return SupplierScreener(orders)


@pytest.fixture()
def seeded(db_session: Session) -> Session:
    """The test database with the shipped orders."""
    seed_orders(db_session)
    db_session.flush()
    return db_session


@pytest.fixture()
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a CSV file in a temporary folder."""

    def _write(content: str | bytes, name: str = "suppliers.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
