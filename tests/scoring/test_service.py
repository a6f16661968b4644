"""Stored assessments: scoring a version, idempotent re-runs, and re-scoring when the ruleset version changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Assessment, Organisation, Statement, StatementVersion
from app.scoring import service
from app.scoring.rulesets import load_rulesets


def add_statement(
    session: Session,
    text: str,
    *,
    legal_form: str = "company",
    status: str = "ok",
    homepage_link: bool | None = None,
    key: str = "a",
) -> StatementVersion:
    """An organisation, its statement and one version with this text."""
    organisation = Organisation(name=f"Org {key}", name_key=f"org {key}", legal_form=legal_form)
    session.add(organisation)
    session.flush()
    declared = {} if homepage_link is None else {"homepage_link": homepage_link}
    statement = Statement(
        source="upload", source_key=key, publisher_id=organisation.id, jurisdiction="UK", declared=declared
    )
    version = StatementVersion(
        statement=statement, version_no=1, extraction_status=status, text=text, pages=[[1, 0, len(text)]]
    )
    session.add(statement)
    session.flush()
    return version


def test_assess_version_stores_every_rule_with_evidence(db_session: Session, llp_statement: str) -> None:
    version = add_statement(db_session, llp_statement, legal_form="llp", homepage_link=True)
    record = service.assess_version(db_session, version)
    db_session.expire_all()
    stored = db_session.get(Assessment, record.id)
    assert stored is not None
    assert (stored.ruleset_id, stored.legal_form, stored.status) == ("uk-msa-s54", "llp", "ok")
    assert stored.ruleset_version == load_rulesets()["uk-msa-s54"].version
    assert stored.minimum_requirements_met is True and stored.minimum_requirements_unknown == []
    approval = next(rule for rule in stored.rules if rule.rule_id == "approval")
    assert approval.verdict == "pass" and approval.basis == "law"
    evidence = approval.evidence[0]
    assert llp_statement[evidence["start"] : evidence["end"]].split() == evidence["text"].split()
    assert evidence["page"] == 1
    assert stored.facts["signatory"] == {"name": "Helen Wren", "role": "Designated Member"}


def test_rescore_is_idempotent_and_follows_the_ruleset_version(
    db_session: Session, company_statement: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = add_statement(db_session, company_statement)
    first = service.rescore_statements(db_session)
    assert first.scored == {"uk-msa-s54": 1} and not first.failed
    again = service.rescore_statements(db_session)
    assert again.scored == {} and again.skipped_current["uk-msa-s54"] == 1

    rulesets = dict(load_rulesets())
    rulesets["uk-msa-s54"] = rulesets["uk-msa-s54"].model_copy(update={"version": "9999.1"})
    monkeypatch.setattr(service, "load_rulesets", lambda: rulesets)
    bumped = service.rescore_statements(db_session)
    assert bumped.scored == {"uk-msa-s54": 1}
    versions = db_session.scalars(
        select(Assessment.ruleset_version).where(Assessment.statement_version_id == version.id)
    ).all()
    assert sorted(versions) == sorted([load_rulesets()["uk-msa-s54"].version, "9999.1"])


def test_unknown_legal_form_is_scored_as_a_company_and_said_so(db_session: Session, company_statement: str) -> None:
    version = add_statement(db_session, company_statement, legal_form="unknown")
    record = service.assess_version(db_session, version)
    assert record.legal_form == "company" and record.inputs["legal_form"] == "company"
    assert record.minimum_requirements_met is None and record.minimum_requirements_unknown == ["homepage_link"]


def test_version_needing_ocr_is_stored_with_unknown_verdicts(db_session: Session) -> None:
    version = add_statement(db_session, "", status="needs_ocr")
    record = service.assess_version(db_session, version)
    assert record.status == "needs_ocr" and record.score == 0 and record.is_statement is False
    assert {rule.verdict for rule in record.rules} == {"unknown"}
