"""The job registry: every folder under scrapers/ with a source.yaml and an entry function `run`."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.config import PROJECT_ROOT
from app.jobs.context import JobContext, JobOutcome

SCRAPERS = PROJECT_ROOT / "scrapers"
TRIGGERS = ("interval", "cron")


class SourceError(ValueError):
    """A scraper folder whose metadata or entry function is wrong."""


@dataclass(frozen=True)
class Source:
    """One scraper: its metadata and entry function."""

    name: str
    title: str
    folder: Path
    schedule: dict[str, Any]
    expected_min: int
    expected_max: int
    entry: Callable[[JobContext], JobOutcome]
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def description(self) -> str:
        """The first sentence of the title."""
        return self.title


def load_source(folder: Path) -> Source:
    """Read and check one scraper folder; errors name the file and the field."""
    meta_path = folder / "source.yaml"
    meta: dict[str, Any] = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    for key in ("name", "title", "schedule", "expected"):
        if key not in meta:
            raise SourceError(f"{meta_path}: missing field {key!r}")
    schedule = dict(meta["schedule"])
    if schedule.get("trigger") not in TRIGGERS:
        raise SourceError(f"{meta_path}: field 'schedule.trigger' must be one of {', '.join(TRIGGERS)}")
    expected = meta["expected"]
    if not isinstance(expected, dict) or not {"min", "max"} <= expected.keys() or expected["min"] > expected["max"]:
        raise SourceError(f"{meta_path}: field 'expected' needs min <= max")
    module = _import(folder)
    entry = getattr(module, "run", None)
    if not callable(entry):
        raise SourceError(f"{folder / '__init__.py'}: no entry function run(context)")
    options = {k: v for k, v in meta.items() if k not in ("name", "title", "description", "schedule", "expected")}
    return Source(
        meta["name"], meta["title"], folder, schedule, int(expected["min"]), int(expected["max"]), entry, options
    )


def _import(folder: Path) -> Any:
    """Import scrapers/<folder>/__init__.py as module scrapers.<folder>."""
    name = f"scrapers.{folder.name}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py")
    if spec is None or spec.loader is None:
        raise SourceError(f"{folder}: cannot import __init__.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@lru_cache
def all_sources(root: Path = SCRAPERS) -> dict[str, Source]:
    """Every scraper under `root`, by job name (names must be unique)."""
    sources: dict[str, Source] = {}
    for meta in sorted(root.glob("*/source.yaml")):
        source = load_source(meta.parent)
        if source.name in sources:
            raise SourceError(f"{meta}: job name {source.name!r} is also used by {sources[source.name].folder}")
        sources[source.name] = source
    return sources
