"""What a job receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings

Progress = Callable[[int, int], None]


@dataclass
class JobContext:
    """A job's settings, where it gets database sessions, how much to do, and whom to tell about progress."""

    settings: Settings
    sessions: sessionmaker[Session]
    limit: int | None = None
    progress: Progress | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class JobOutcome:
    """How many items a job yielded (checked against the source's expected range) and a summary."""

    yielded: int
    summary: dict[str, Any] = field(default_factory=dict)
