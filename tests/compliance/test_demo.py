"""The compliance seed of `mst demo`: statuses, candidates and cases at every stage from the first start."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.compliance.demo import describe, seed_compliance
from app.compliance.regimes import get_regime
from tests.compliance.conftest import TODAY, Scenario


def test_seed_gives_statuses_candidates_and_cases_at_every_stage(db_session: Session, scenario: Scenario) -> None:
    result = seed_compliance(db_session, get_regime("uk-guidance"), TODAY, walk=4)
    assert result.candidates >= 4 and result.cases_opened == result.candidates
    assert set(result.cases_by_state) == {"candidate", "under_review", "notice_sent", "resolved"}
    lines = describe(result)
    assert lines[0].startswith("Compliance: ") and "1 resolved" in lines[1]
    again = seed_compliance(db_session, get_regime("uk-guidance"), TODAY, walk=0)
    assert again.statuses == 0 and again.cases_opened == 0  # a second start changes nothing
