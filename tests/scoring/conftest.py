"""Fixtures for the scoring tests: the hand-written statement and non-statement texts."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(kind: str, name: str) -> str:
    """The text of one hand-written fixture file."""
    return (FIXTURES / kind / name).read_text(encoding="utf-8")


@pytest.fixture
def company_statement() -> str:
    """A complete UK company statement with all six areas, board approval and a director's signature."""
    return fixture_text("positives", "company_statement.txt")


@pytest.fixture
def no_steps_statement() -> str:
    """A lawful s54(4)(b) statement that no steps were taken."""
    return fixture_text("positives", "no_steps_statement.txt")


@pytest.fixture
def llp_statement() -> str:
    """An LLP statement approved by the members and signed by a designated member."""
    return fixture_text("positives", "llp_statement.txt")
