"""The scheduled job `screening.screen_statements`, run through the job runner as the scheduler would."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings
from app.jobs.context import JobContext
from app.jobs.runner import run_job
from app.jobs.sources import load_app_jobs
from app.models.screening_flags import StatementScreeningFlag
from tests.screening.test_statement_flags import add_version


@pytest.fixture()
def context(db_session: Session) -> JobContext:
    """A job context whose sessions join the test's rolled-back transaction."""
    sessions = sessionmaker(bind=db_session.connection(), join_transaction_mode="create_savepoint",
                            expire_on_commit=False)
    return JobContext(settings=get_settings(), sessions=sessions)


def test_the_job_is_registered() -> None:
    assert "screening.screen_statements" in {job.name for job in load_app_jobs()}


def test_the_job_screens_pending_versions_once(seeded: Session, context: JobContext) -> None:
    add_version(seeded)
    add_version(seeded, "We buy paper.", key="paper")
    first = run_job("screening.screen_statements", context)
    assert first.summary["screened"] == 2 and first.summary["flags"] == 2 and first.summary["failed"] == []
    assert run_job("screening.screen_statements", context).summary["screened"] == 0
    assert seeded.scalar(select(func.count()).select_from(StatementScreeningFlag)) == 2
