"""Statuses from the database: the loader, incremental recomputation that writes only what changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.compliance.loader import load_inputs
from app.compliance.recompute import recompute_all, recompute_for_organisations
from app.compliance.regimes import get_regime
from app.models.compliance import ComplianceStatus
from app.scoring.rulesets import get_ruleset
from tests.compliance.conftest import TODAY, Scenario
from tests.compliance.factories import add_assessment, add_statement, homepage_facts

GUIDANCE = get_regime("uk-guidance")


def statuses(session: Session, organisation_id: int, regime: str = "uk-guidance") -> dict[int, ComplianceStatus]:
    rows = session.scalars(
        select(ComplianceStatus).where(
            ComplianceStatus.organisation_id == organisation_id, ComplianceStatus.regime == regime
        )
    )
    return {row.statement_year: row for row in rows}


def test_every_status_from_the_database(db_session: Session, scenario: Scenario) -> None:
    assert {y: r.status for y, r in statuses(db_session, scenario.compliant.id).items()} == {
        2024: "compliant",
        2025: "compliant",
        2026: "compliant",
    }
    assert statuses(db_session, scenario.missing.id)[2025].status == "missing"
    incomplete = statuses(db_session, scenario.incomplete.id)
    assert (incomplete[2025].status, incomplete[2025].basis) == ("incomplete", "law")
    assert incomplete[2026].status == "missing"
    covered = statuses(db_session, scenario.subsidiary.id)[2025]
    assert covered.status == "compliant" and covered.flags == ["covered_by_group_statement"]
    assert statuses(db_session, scenario.out_of_scope.id)[2025].status == "out_of_scope"
    assert statuses(db_session, scenario.unknown.id)[2025].status == "scope_unknown"
    row = statuses(db_session, scenario.compliant.id)[2025]
    assert row.ruleset_versions == [f"uk-msa-s54@{get_ruleset('uk-msa-s54').version}"] and row.sector == "Retail"
    assert row.turnover_band == "36m_60m" and row.deadline == date(2025, 6, 30)
    assert {e["kind"] for e in row.details["evidence"]} == {"statement", "statement_version", "assessment"}


def test_recomputing_unchanged_inputs_writes_nothing(db_session: Session, scenario: Scenario) -> None:
    report = recompute_all(db_session, GUIDANCE, TODAY)
    assert report.examined == 21 and report.written == 0 and report.changes == []


def test_a_new_statement_rewrites_only_its_organisation(db_session: Session, scenario: Scenario) -> None:
    before = statuses(db_session, scenario.compliant.id)[2025].computed_at
    _, version = add_statement(
        db_session, scenario.missing, period_end=date(2024, 12, 31), seen=date(2025, 5, 1), facts=homepage_facts()
    )
    add_assessment(db_session, version)
    report = recompute_all(db_session, GUIDANCE, TODAY)
    assert report.written == 1
    assert [(c.organisation_id, c.statement_year, c.previous, c.current) for c in report.changes] == [
        (scenario.missing.id, 2025, "missing", "compliant")
    ]
    db_session.expire_all()
    assert statuses(db_session, scenario.compliant.id)[2025].computed_at == before
    assert statuses(db_session, scenario.missing.id)[2025].previous_status == "missing"


def test_a_corrected_year_end_moves_the_deadline(db_session: Session, scenario: Scenario) -> None:
    scenario.missing.financial_year_end_month, scenario.missing.financial_year_end_day = 6, 30
    db_session.flush()
    report = recompute_for_organisations(db_session, [scenario.missing.id], GUIDANCE, TODAY)
    assert report.written == 3  # every tracked year of that organisation, nobody else's
    db_session.expire_all()
    assert statuses(db_session, scenario.missing.id)[2025].deadline == date(2025, 12, 30)


def test_the_deadline_passing_changes_status_without_new_inputs(db_session: Session, scenario: Scenario) -> None:
    assert statuses(db_session, scenario.missing.id)[2026].status == "missing"
    report = recompute_for_organisations(db_session, [scenario.missing.id], GUIDANCE, date(2026, 6, 1))
    assert [(c.statement_year, c.current) for c in report.changes] == [(2026, "not_due")]


def test_each_regime_keeps_its_own_statuses(db_session: Session, scenario: Scenario) -> None:
    recompute_for_organisations(db_session, [scenario.incomplete.id], get_regime("uk-proposed"), TODAY)
    proposed = statuses(db_session, scenario.incomplete.id, "uk-proposed")
    assert proposed[2025].status == "incomplete" and proposed[2025].deadline == date(2025, 9, 30)
    assert statuses(db_session, scenario.incomplete.id)[2025].regime == "uk-guidance"


def test_status_change_to_missing_emits_a_notification(db_session: Session, scenario: Scenario) -> None:
    from app.models.compliance import WebhookDelivery, WebhookEndpoint

    db_session.add(
        WebhookEndpoint(url="http://127.0.0.1:9/hook", secret="s" * 20, events=["organisation.status_changed"])
    )
    db_session.flush()
    recompute_for_organisations(db_session, [scenario.missing.id], GUIDANCE, date(2026, 6, 1))
    recompute_for_organisations(db_session, [scenario.missing.id], GUIDANCE, TODAY)
    deliveries = db_session.scalars(select(WebhookDelivery)).all()
    assert [(d.payload["data"]["previous_status"], d.payload["data"]["status"]) for d in deliveries] == [
        ("not_due", "missing")
    ]


def test_discovery_checks_and_registry_declarations_feed_the_status(db_session: Session) -> None:
    from app.models.discovery import DiscoveryCheck
    from tests.compliance.factories import add_organisation, at

    organisation = add_organisation(db_session, "Gorse Logistics Ltd")
    statement, version = add_statement(
        db_session,
        organisation,
        seen=date(2025, 9, 1),
        source="registry",
        facts=homepage_facts(),
        declared={"areas": {"training": {"included": True, "reason_if_not": None}, "policies": {"included": False}}},
    )
    add_assessment(db_session, version, ("training", "guidance"))
    miss = DiscoveryCheck(
        organisation_id=organisation.id, checked_at=at(date(2025, 8, 1)), start_url="https://g/", outcome="not_found"
    )
    found = DiscoveryCheck(
        organisation_id=organisation.id,
        checked_at=at(date(2025, 9, 1)),
        start_url="https://g/",
        outcome="found",
        statement_id=statement.id,
        link_found=True,
        link_prominent=False,
    )
    db_session.add_all([miss, found])
    db_session.flush()
    recompute_for_organisations(db_session, [organisation.id], GUIDANCE, TODAY)
    row = statuses(db_session, organisation.id)[2025]
    assert row.status == "late"
    assert row.flags == ["homepage_link_missing", "late", "registry_declaration_mismatch"]
    flags = {f["code"]: f for f in row.details["flags"]}
    assert flags["late"]["evidence"][0] == {
        "kind": "discovery_check",
        "id": miss.id,
        "label": "search: not_found",
        "at": "2025-08-01T12:00:00+00:00",
        "url": "https://g/",
    }
    assert flags["homepage_link_missing"]["evidence"][0]["id"] == found.id
    assert flags["registry_declaration_mismatch"]["reason"].endswith("training.")


def test_only_the_latest_assessment_under_the_current_ruleset_version_counts(db_session: Session) -> None:
    from tests.compliance.factories import add_organisation, at

    organisation = add_organisation(db_session, "Hazel Textiles Ltd")
    _, version = add_statement(db_session, organisation, seen=date(2025, 5, 1), facts=homepage_facts())
    add_assessment(db_session, version, ruleset_version="2000.1.1", assessed=at(date(2025, 12, 1)))
    inputs = load_inputs(db_session, [organisation.id])[organisation.id]
    assert inputs.statements[0].assessment is None  # an outdated ruleset version is not the current assessment
    add_assessment(db_session, version, ("approval", "law"), score=40, assessed=at(date(2025, 6, 1)))
    newest = add_assessment(db_session, version, score=80, assessed=at(date(2025, 7, 1)), legal_form="llp")
    summary = load_inputs(db_session, [organisation.id])[organisation.id].statements[0].assessment
    assert summary is not None and summary.id == newest.id and summary.score == 80
    assert summary.minimum_requirements_met is True
    approval = next(r for r in summary.rules if r.id == "approval")
    assert (approval.verdict, approval.basis) == ("pass", "law") and approval.description


def _stored(session: Session) -> list[tuple[object, ...]]:
    """Every stored status, less the row id, the times and the fingerprint."""
    c = ComplianceStatus
    skip = {"id", "computed_at", "changed_at", "inputs_fingerprint"}
    columns = [column for column in c.__table__.columns if column.name not in skip]
    return [tuple(row) for row in session.execute(select(*columns).order_by(c.organisation_id, c.statement_year))]


def test_a_worker_process_computes_what_the_process_itself_would(
    db_session: Session, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.compliance import recompute

    in_process = _stored(db_session)
    db_session.execute(delete(ComplianceStatus))
    monkeypatch.setattr(recompute, "PARALLEL_MIN", 1)
    report = recompute_all(db_session, GUIDANCE, TODAY)
    assert report.written == len(in_process) and report.worker_cpu_seconds > 0
    assert _stored(db_session) == in_process
    # the worker only computes: it sees this session's uncommitted statement, and the status moves
    _, version = add_statement(
        db_session, scenario.missing, period_end=date(2024, 12, 31), seen=date(2025, 5, 1), facts=homepage_facts()
    )
    add_assessment(db_session, version)
    moved = recompute_all(db_session, GUIDANCE, TODAY)
    assert [(c.organisation_id, c.statement_year, c.previous, c.current) for c in moved.changes] == [
        (scenario.missing.id, 2025, "missing", "compliant")
    ]
    row = statuses(db_session, scenario.missing.id)[2025]
    db_session.refresh(row)
    assert (row.status, row.previous_status) == ("compliant", "missing")
    assert recompute_all(db_session, GUIDANCE, TODAY).written == 0
