"""The job registry: every folder under scrapers/ with a source.yaml and an entry function `run`."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
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
APP_JOBS = Path(__file__).with_name("jobs.yaml")
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


def load_app_jobs(path: Path = APP_JOBS) -> list[Source]:
    """The non-scraper jobs listed in app/jobs/jobs.yaml; an unknown entry function fails at start-up."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    jobs = []
    for number, meta in enumerate(entries, start=1):
        where = f"{path}: entry {number}"
        for key in ("name", "title", "entry", "schedule", "expected"):
            if key not in meta:
                raise SourceError(f"{where}: missing field {key!r}")
        module_name, _, function_name = str(meta["entry"]).partition(":")
        try:
            entry = getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError) as error:
            raise SourceError(f"{where}: entry {meta['entry']!r} cannot be loaded: {error}") from None
        schedule, expected = dict(meta["schedule"]), meta["expected"]
        if schedule.get("trigger") not in TRIGGERS:
            raise SourceError(f"{where}: field 'schedule.trigger' must be one of {', '.join(TRIGGERS)}")
        jobs.append(
            Source(
                meta["name"],
                meta["title"],
                path.parent,
                schedule,
                int(expected["min"]),
                int(expected["max"]),
                adapt(entry),
            )
        )
    return jobs


def adapt(function: Callable[..., Any]) -> Callable[[JobContext], JobOutcome]:
    """Accept entry functions that take no context or return something other than a JobOutcome."""
    takes_context = bool(inspect.signature(function).parameters)

    def run(context: JobContext) -> JobOutcome:
        value = function(context) if takes_context else function()
        if isinstance(value, JobOutcome):
            return value
        summary = (
            dataclasses.asdict(value)
            if dataclasses.is_dataclass(value) and not isinstance(value, type)
            else (dict(value) if isinstance(value, dict) else {})
        )
        return JobOutcome(int(summary.get("yielded", 0)) if isinstance(summary.get("yielded"), int) else 0, summary)

    return run


@lru_cache
def all_sources(root: Path = SCRAPERS, app_jobs: Path = APP_JOBS) -> dict[str, Source]:
    """Every job: the scrapers under `root` and the jobs in app/jobs/jobs.yaml, by name (names must be unique)."""
    sources: dict[str, Source] = {}
    found = [load_source(meta.parent) for meta in sorted(root.glob("*/source.yaml"))] + load_app_jobs(app_jobs)
    for source in found:
        if source.name in sources:
            raise SourceError(
                f"{source.folder}: job name {source.name!r} is also used by {sources[source.name].folder}"
            )
        sources[source.name] = source
    return sources
