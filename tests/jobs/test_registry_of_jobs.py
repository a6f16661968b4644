"""The job registry: scraper folders and app jobs from YAML, checked at start-up; the archive check job."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app.discovery.fetcher import FetchResult
from app.jobs.context import JobContext
from app.jobs.runner import run_job
from app.jobs.sources import SourceError, adapt, load_app_jobs, load_source
from app.statements.archive import archive_fetch
from app.statements.store import ContentStore


def test_unknown_entry_function_fails_at_start_up(tmp_path: Path) -> None:
    path = tmp_path / "jobs.yaml"
    path.write_text(
        "- {name: x.y, title: X, entry: 'app.nowhere:run', schedule: {trigger: cron, hour: 1}, "
        "expected: {min: 0, max: 1}}\n"
    )
    with pytest.raises(SourceError, match=r"entry 1: entry 'app.nowhere:run' cannot be loaded"):
        load_app_jobs(path)


def test_scraper_folder_without_a_schedule_is_refused(tmp_path: Path) -> None:
    (tmp_path / "source.yaml").write_text("name: a.b\ntitle: A\nexpected: {min: 0, max: 1}\n")
    (tmp_path / "__init__.py").write_text("def run(context):\n    return None\n")
    with pytest.raises(SourceError, match=r"source.yaml: missing field 'schedule'"):
        load_source(tmp_path)


def test_entry_functions_without_context_and_returning_dataclasses_are_adapted(context: JobContext) -> None:
    @dataclass
    class Result:
        yielded: int
        failed: list[str]

    outcome = adapt(lambda: Result(3, []))(context)
    assert outcome.yielded == 3 and outcome.summary == {"yielded": 3, "failed": []}


def test_archive_check_reports_missing_and_corrupted_bytes(context: JobContext, db_session) -> None:
    store = ContentStore(context.settings.data_dir / "archive")
    kept = archive_fetch(db_session, FetchResult(url="https://a.test/1", status=200, body=b"one"), store)
    gone = archive_fetch(db_session, FetchResult(url="https://a.test/2", status=200, body=b"two"), store)
    bad = archive_fetch(db_session, FetchResult(url="https://a.test/3", status=200, body=b"three"), store)
    assert kept and gone and bad
    store.path_of(gone.document_sha256).unlink()
    store.path_of(bad.document_sha256).write_bytes(b"tampered")
    record = run_job("archive.check_store", context)
    assert record.summary["missing"] == [gone.document_sha256]
    assert record.summary["corrupted"] == [bad.document_sha256] and record.summary["checked"] == 3
