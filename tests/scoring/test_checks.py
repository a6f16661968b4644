"""Checks through the UK ruleset: each verdict kind, promises, sign-off by legal form, minimum requirements."""

from __future__ import annotations

from app.scoring.engine import Assessment, assess

HEAD = "Modern Slavery Statement 2024\n\nThis statement is made under section 54 of the Modern Slavery Act 2015.\n\n"


def rule(assessment: Assessment, rule_id: str):
    """One rule's result by id."""
    return next(r for r in assessment.rules if r.id == rule_id)


def test_complete_statement_passes_the_law_rules(company_statement: str) -> None:
    assessment = assess(company_statement, "uk-msa-s54", {"homepage_link": True})
    for rule_id in ("statement_content", "approval", "signature", "homepage_link", "approval_date"):
        assert rule(assessment, rule_id).verdict == "pass", rule_id
    assert assessment.minimum_requirements_met is True
    assert assessment.score >= 90
    training = rule(assessment, "training")
    assert training.verdict == "pass" and training.basis == "guidance"
    assert all(company_statement[e.start : e.end].split() == e.text.split() for e in training.evidence)


def test_future_promises_are_partial_at_best() -> None:
    text = (
        HEAD
        + "Training\nNext year we will introduce modern slavery training for all buyers.\nWe plan to train our HR team."
    )
    result = rule(assess(text, "uk-msa-s54"), "training")
    assert result.verdict == "partial"
    assert "future" in result.explanation
    assert len(result.evidence) == 2


def test_steps_taken_pass_where_promises_do_not() -> None:
    text = HEAD + "Training\nIn 2024 all buyers completed modern slavery training."
    assert rule(assess(text, "uk-msa-s54"), "training").verdict == "pass"


def test_area_not_addressed_fails() -> None:
    result = rule(assess(HEAD + "We oppose slavery.", "uk-msa-s54"), "effectiveness")
    assert result.verdict == "fail" and result.evidence == []


def test_no_steps_statement_passes_s54_4_but_fails_the_areas(no_steps_statement: str) -> None:
    assessment = assess(no_steps_statement, "uk-msa-s54")
    content = rule(assessment, "statement_content")
    assert content.verdict == "pass" and "no steps" in content.explanation
    assert {rule(assessment, a).verdict for a in ("structure", "policies", "due_diligence", "risk", "training")} == {
        "fail"
    }


def test_executive_committee_approval_fails_with_a_reason() -> None:
    text = HEAD + "This statement was approved by the Executive Committee on 3 June 2024.\n\nJohn Smith\nDirector\n"
    result = rule(assess(text, "uk-msa-s54"), "approval")
    assert result.verdict == "fail"
    assert "executive committee" in result.explanation and "not the approval required" in result.explanation
    assert result.basis == "law"


def test_head_of_procurement_is_not_board_approval() -> None:
    text = HEAD + "This statement has been approved by the Head of Procurement."
    assert rule(assess(text, "uk-msa-s54"), "approval").verdict == "fail"


def test_board_named_before_a_committee_passes() -> None:
    text = HEAD + "This statement was approved by the Board following review by the Audit Committee."
    assert rule(assess(text, "uk-msa-s54"), "approval").verdict == "pass"


def test_llp_sign_off_depends_on_the_legal_form(llp_statement: str) -> None:
    as_llp = assess(llp_statement, "uk-msa-s54", legal_form="llp")
    assert rule(as_llp, "approval").verdict == "pass"
    assert rule(as_llp, "signature").verdict == "pass"
    as_company = assess(llp_statement, "uk-msa-s54", legal_form="company")
    assert rule(as_company, "approval").verdict == "partial"
    assert rule(as_company, "signature").verdict == "partial"


def test_partnership_sign_off() -> None:
    text = (
        HEAD + "This statement was approved by the partners of Hale & Co on 1 May 2024.\n\nSigned: Ann Hale\nPartner\n"
    )
    assessment = assess(text, "uk-msa-s54", legal_form="partnership")
    assert rule(assessment, "approval").verdict == "pass"
    assert rule(assessment, "signature").verdict == "pass"


def test_chair_signature_is_ambiguous() -> None:
    text = HEAD + "Approved by the Board on 1 May 2024.\n\nSigned: Mary Jones\nChairman\n"
    result = rule(assess(text, "uk-msa-s54"), "signature")
    assert result.verdict == "partial" and "chair" in result.explanation
    assert result.evidence and "Mary Jones" in result.evidence[0].text


def test_head_of_procurement_signature_fails() -> None:
    text = HEAD + "Approved by the Board on 1 May 2024.\n\nSigned: Tom Price\nHead of Procurement\n"
    result = rule(assess(text, "uk-msa-s54"), "signature")
    assert result.verdict == "fail" and "Tom Price" in result.explanation


def test_missing_signature_and_approval_fail() -> None:
    assessment = assess(HEAD + "We have audited our suppliers.", "uk-msa-s54")
    assert rule(assessment, "signature").verdict == "fail"
    assert rule(assessment, "approval").verdict == "fail"
    assert rule(assessment, "approval_date").verdict == "fail"
    assert assessment.minimum_requirements_met is False


def test_homepage_link_is_unknown_until_discovery_says(company_statement: str) -> None:
    unknown = assess(company_statement, "uk-msa-s54")
    assert rule(unknown, "homepage_link").verdict == "unknown"
    assert unknown.minimum_requirements_met is None
    assert unknown.minimum_requirements_unknown == ["homepage_link"]
    missing = assess(company_statement, "uk-msa-s54", {"homepage_link": False})
    assert rule(missing, "homepage_link").verdict == "fail"
    assert missing.minimum_requirements_met is False


def test_proposed_rules_are_tagged_and_do_not_count(company_statement: str) -> None:
    assessment = assess(company_statement, "uk-msa-s54", {"homepage_link": True})
    proposed = [r for r in assessment.rules if r.basis == "proposed"]
    assert {r.id for r in proposed} == {"proposed_six_areas", "proposed_approval_date", "proposed_entities_named"}
    assert all(r.weight == 0 for r in proposed)
