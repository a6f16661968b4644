"""Fixtures: organisations in the rolled-back test database, a content store, documents to archive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.models import Organisation
from app.organisations.normalise import name_key
from app.simweb.content import statement_paragraphs
from app.simweb.pdf import make_pdf
from app.statements.store import ContentStore


@pytest.fixture()
def store(tmp_path: Path) -> ContentStore:
    """An empty content store."""
    return ContentStore(tmp_path / "archive")


@pytest.fixture()
def make_organisation(db_session: Session) -> Callable[..., Organisation]:
    """Add an organisation to the register."""

    def make(name: str, website: str | None = None, **fields: object) -> Organisation:
        organisation = Organisation(name=name, name_key=name_key(name), website=website, **fields)
        db_session.add(organisation)
        db_session.flush()
        return organisation

    return make


def statement_pdf(org: str, year: int = 2024, covered: list[str] | None = None) -> bytes:
    """A statement PDF the detector accepts."""
    return make_pdf(f"{org} Modern Slavery Statement {year}", statement_paragraphs(org, year, "retail", covered))
