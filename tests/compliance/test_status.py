"""The pure status engine: every primary status and every flag, with reasons, basis and evidence."""

from __future__ import annotations

from datetime import date

from app.compliance.inputs import RuleOutcome, StatusResult
from app.compliance.regimes import get_regime
from app.compliance.status import compute_status
from tests.compliance.factories import PASSING_RULES, assessment, at, fetch, inputs, org, statement

GUIDANCE = get_regime("uk-guidance")
PROPOSED = get_regime("uk-proposed")
AFTER = date(2025, 9, 1)  # after the 30 June 2025 deadline for a 31 December 2024 year end


def status(*statements, today: date = AFTER, regime=GUIDANCE, organisation=None, fetches=()) -> StatusResult:  # type: ignore[no-untyped-def]
    return compute_status(inputs(organisation, tuple(statements), tuple(fetches)), 2025, regime, today)


def test_compliant_with_evidence_and_ruleset_version() -> None:
    result = status(statement())
    assert (result.status, result.basis, result.flags) == ("compliant", "guidance", [])
    assert result.deadline == date(2025, 6, 30) and result.period_end == date(2024, 12, 31)
    assert [(e.kind, e.id) for e in result.evidence] == [
        ("statement", 10),
        ("statement_version", 11),
        ("assessment", 70),
    ]
    assert result.ruleset_versions == ["uk-msa-s54@2026.11.1"]
    assert "meets the minimum requirements" in result.reasons[0]


def test_not_due_before_the_deadline() -> None:
    result = status(today=date(2025, 6, 30))
    assert result.status == "not_due"
    assert "due by 30 June 2025 (6 months after the financial year end, basis guidance)" in result.reasons[0]


def test_missing_after_the_deadline_lists_searches() -> None:
    result = status(fetches=[fetch(date(2025, 8, 1), id=91), fetch(date(2024, 6, 1), id=92)])
    assert (result.status, result.basis) == ("missing", "guidance")
    assert [(e.kind, e.id) for e in result.evidence] == [("fetch_attempt", 91)]
    assert "searched 1 time(s)" in result.reasons[0]


def test_late_when_approved_after_the_deadline() -> None:
    result = status(statement(approved_on=date(2025, 8, 1)))
    assert (result.status, result.basis) == ("late", "guidance")
    assert "32 days after the deadline of 30 June 2025" in result.reasons[0]
    assert result.flag_codes == ["late"]


def test_late_when_submitted_to_the_registry_after_the_deadline() -> None:
    result = status(statement(submitted_on=date(2025, 7, 2)))
    assert result.status == "late" and "Submitted to the registry on 2 July 2025, 2 days" in result.reasons[0]


def test_late_when_a_search_after_the_deadline_found_nothing() -> None:
    late = status(statement(first_seen_at=at(date(2025, 8, 20))), fetches=[fetch(date(2025, 7, 15), id=93)])
    assert late.status == "late"
    assert ("fetch_attempt", 93) in [(e.kind, e.id) for e in late.flags[0].evidence]
    # first found after the deadline, but nothing shows it was absent then: not called late
    assert status(statement(first_seen_at=at(date(2025, 8, 20)))).status == "compliant"


def test_incomplete_when_a_legal_minimum_fails() -> None:
    failed = assessment(RuleOutcome("approval", "fail", "law", "Approved by the board"), *PASSING_RULES[1:])
    result = status(statement(assessment=failed))
    assert (result.status, result.basis, result.flag_codes) == ("incomplete", "law", ["incomplete"])
    assert "Approved by the board (law)" in result.reasons[0]


def test_late_and_incomplete_keeps_both_flags() -> None:
    failed = assessment(RuleOutcome("signature", "fail", "law", "Signed by a director"))
    result = status(statement(assessment=failed, approved_on=date(2025, 7, 30)))
    assert result.status == "late"
    assert result.flag_codes == ["incomplete", "late"]


def test_proposed_items_count_only_under_the_proposed_regime() -> None:
    failed = assessment(*PASSING_RULES, RuleOutcome("entities_named", "fail", "proposed", "Entities covered named"))
    assert status(statement(assessment=failed)).status == "compliant"
    proposed = status(statement(assessment=failed), regime=PROPOSED, today=date(2025, 10, 1))
    assert (proposed.status, proposed.basis, proposed.regime) == ("incomplete", "proposed", "uk-proposed")
    assert proposed.deadline == date(2025, 9, 30)


def test_out_of_scope_from_the_register_and_from_jurisdiction() -> None:
    out = status(organisation=org(scope_status="out_of_scope", scope_reason="Turnover of £20m is below £36m."))
    assert (out.status, out.reasons) == ("out_of_scope", ["Turnover of £20m is below £36m."])
    australian = status(organisation=org(jurisdiction="AU"))
    assert australian.status == "out_of_scope" and "applies to UK" in australian.reasons[0]


def test_scope_unknown_keeps_statement_findings() -> None:
    result = status(statement(homepage_link=False), organisation=org(scope_status="unknown", scope_reason=None))
    assert result.status == "scope_unknown"
    assert "homepage_link_missing" in result.flag_codes
    assert result.reasons[0].startswith("Whether this organisation must publish is not known")


def test_covered_by_group_statement() -> None:
    result = status(statement(publisher_id=2, coverage_source="named_in_text"))
    assert result.status == "compliant"
    assert result.flag_codes == ["covered_by_group_statement"]
    assert "published by organisation 2, which names it in its text" in result.flags[0].reason


def test_homepage_link_missing_is_a_flag_with_law_basis() -> None:
    result = status(statement(homepage_link=False))
    assert result.status == "compliant"
    assert [(f.code, f.basis) for f in result.flags] == [("homepage_link_missing", "law")]


def test_registry_entry_without_a_findable_statement_and_broken_url() -> None:
    registry = statement(
        source="registry", has_text=False, assessment=None, version_id=None, url="https://acme.example/gone"
    )
    result = status(
        registry,
        fetches=[fetch(date(2025, 3, 5), "broken_link", id=95, url="https://acme.example/gone", status_code=404)],
    )
    assert result.status == "incomplete"
    assert result.flag_codes == ["registry_entry_without_statement", "registry_url_broken"]
    assert "(404)" in next(f.reason for f in result.flags if f.code == "registry_url_broken")


def test_registry_declaration_that_the_text_does_not_bear_out() -> None:
    failed = assessment(*PASSING_RULES[:3], RuleOutcome("training", "fail", "guidance", "Training"))
    result = status(statement(assessment=failed, declared_areas=(("policies", True), ("training", True))))
    assert result.status == "compliant"
    assert result.flag_codes == ["registry_declaration_mismatch"]
    assert result.flags[0].reason.endswith("training.")


def test_a_document_that_is_not_a_statement_does_not_count() -> None:
    result = status(statement(is_statement=False))
    assert result.status == "missing"
    assert result.flag_codes == ["document_not_a_statement"]


def test_year_end_assumed_only_when_nothing_tells_it() -> None:
    unknown_year_end = org(fye_month=None, fye_day=None)
    assumed = status(organisation=unknown_year_end)
    assert assumed.flag_codes == ["year_end_assumed"] and assumed.period_end == date(2024, 12, 31)
    from_statement = status(statement(period_end=date(2025, 3, 31)), organisation=unknown_year_end)
    assert from_statement.period_end == date(2025, 3, 31) and "year_end_assumed" not in from_statement.flag_codes


def test_unassessed_statement_says_so() -> None:
    result = status(statement(assessment=None))
    assert result.status == "compliant" and result.flag_codes == ["not_assessed"]
    assert "not been assessed yet" in result.reasons[0]


def test_a_statement_for_another_year_does_not_count() -> None:
    assert status(statement(period_end=date(2023, 12, 31))).status == "missing"


def test_own_statement_preferred_over_group_statement() -> None:
    group = statement(id=20, publisher_id=2, coverage_source="named_in_text")
    result = status(group, statement(id=21))
    assert result.statement_id == 21 and result.flag_codes == []
