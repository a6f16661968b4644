"""Statement screening kept as flags: persistence, idempotency, the hook after scoring, and the job."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Organisation, Statement, StatementVersion
from app.models.screening_flags import StatementScreening, StatementScreeningFlag
from app.scoring import service as scoring
from app.screening import statement_flags
from app.screening.schemas import StatusEventCreate
from app.screening.service import add_status_event
from app.screening.types import LEGAL_NOTE

TEXT = "We source tomatoes from Xinjiang. We also use Top Glove gloves."


def add_version(session: Session, text: str = TEXT, *, approved_on: date | None = date(2022, 1, 1),
                key: str = "s") -> StatementVersion:
    """An organisation's statement with one version split over two pages."""
    organisation = Organisation(name=f"Org {key}", name_key=f"org {key}", legal_form="company")
    session.add(organisation)
    session.flush()
    statement = Statement(source="upload", source_key=key, publisher_id=organisation.id, approved_on=approved_on)
    version = StatementVersion(statement=statement, version_no=1, extraction_status="ok", text=text,
                               pages=[[1, 0, 34], [2, 34, len(text)]])
    session.add(statement)
    session.flush()
    return version


def stored_flags(session: Session, version_id: int) -> list[StatementScreeningFlag]:
    """The flags stored for a version, in text order."""
    query = select(StatementScreeningFlag).where(StatementScreeningFlag.statement_version_id == version_id)
    return list(session.scalars(query.order_by(StatementScreeningFlag.match_start)))


def test_flags_are_stored_with_sentence_offsets_page_and_status(seeded: Session) -> None:
    version = add_version(seeded)
    statement_flags.screen_version(seeded, version)
    seeded.expire_all()
    flags = stored_flags(seeded, version.id)
    assert [(f.kind, f.order_status, f.product, f.page) for f in flags] == [
        ("region", "active", "tomato", 1),
        ("entity", "inactive", None, 2),
    ]
    glove = flags[1]
    assert TEXT[glove.sentence_start : glove.sentence_end] == glove.sentence == "We also use Top Glove gloves."
    assert TEXT[glove.match_start : glove.match_end] == "Top Glove"
    assert glove.as_of == date(2022, 1, 1) and glove.basis == LEGAL_NOTE
    assert "no longer in force on 2022-01-01" in glove.reason and "not UK law" in glove.reason
    screening = seeded.scalars(select(StatementScreening)).one()
    assert (screening.flag_count, screening.as_of) == (2, date(2022, 1, 1)) and screening.order_count > 10


def test_the_status_is_dated_by_the_statement(seeded: Session) -> None:
    early = add_version(seeded, approved_on=date(2020, 8, 1), key="early")
    statement_flags.screen_version(seeded, early)
    assert stored_flags(seeded, early.id)[1].order_status == "active"  # Top Glove's order was in force then
    undated = add_version(seeded, approved_on=None, key="undated")
    assert statement_flags.as_of_for(undated) == undated.first_seen_at.date()


def test_screening_twice_replaces_the_flags(seeded: Session) -> None:
    version = add_version(seeded)
    statement_flags.screen_version(seeded, version)
    first = [(f.order_id, f.sentence_start) for f in stored_flags(seeded, version.id)]
    statement_flags.screen_version(seeded, version)
    assert [(f.order_id, f.sentence_start) for f in stored_flags(seeded, version.id)] == first
    assert seeded.scalar(select(func.count()).select_from(StatementScreening)) == 1
    assert seeded.scalar(select(func.count()).select_from(StatementScreeningFlag)) == 2


def test_a_clean_text_is_recorded_as_screened_with_no_flags(seeded: Session) -> None:
    version = add_version(seeded, "We buy paper from local mills.")
    statement_flags.screen_version(seeded, version)
    assert stored_flags(seeded, version.id) == []
    assert statement_flags.screen_statements(seeded).screened == 0  # screened, so not pending


def test_scoring_a_version_screens_it(seeded: Session) -> None:
    version = add_version(seeded)
    record = scoring.assess_version(seeded, version)
    assert record.id is not None and record.status == "ok"
    assert len(stored_flags(seeded, version.id)) == 2


def test_rescoring_run_screens_what_it_scores(seeded: Session) -> None:
    version = add_version(seeded)
    result = scoring.rescore_statements(seeded)
    assert sum(result.scored.values()) == 1 and not result.failed
    assert len(stored_flags(seeded, version.id)) == 2


def test_scoring_with_an_empty_register_still_records_the_screening(db_session: Session) -> None:
    version = add_version(db_session)
    scoring.assess_version(db_session, version)
    screening = db_session.scalars(select(StatementScreening)).one()
    assert (screening.order_count, screening.flag_count) == (0, 0)


def test_the_job_screens_new_versions_and_again_after_the_register_changes(seeded: Session) -> None:
    version = add_version(seeded)
    other = add_version(seeded, "Nothing to see here.", key="other")
    first = statement_flags.screen_statements(seeded)
    assert (first.screened, first.flags, first.failed) == (2, 2, [])
    assert statement_flags.screen_statements(seeded).screened == 0
    region_flag = stored_flags(seeded, version.id)[0]
    add_status_event(seeded, region_flag.order_id,
                     StatusEventCreate(status="lifted", effective_date=date(2021, 6, 1), note="lifted for the test"))
    again = statement_flags.screen_statements(seeded)
    assert again.screened == 2 and other.id is not None
    assert stored_flags(seeded, version.id)[0].order_status == "inactive"


def test_page_of_reads_both_page_layouts(db_session: Session) -> None:
    version = StatementVersion(text="x" * 30, pages=[[0, 10], [10, 30]])
    assert [statement_flags.page_of(version, offset) for offset in (0, 12, 29, 30)] == [1, 2, 2, None]
    assert statement_flags.page_of(StatementVersion(text="abc", pages=[]), 1) is None
