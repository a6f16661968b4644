"""The statement detector: statements (including 'no steps') pass, pages that only mention the Act do not."""

from __future__ import annotations

import pytest

from app.scoring.detector import body_of, detect_statement
from tests.scoring.conftest import FIXTURES


@pytest.mark.parametrize("path", sorted((FIXTURES / "positives").glob("*.txt")), ids=lambda p: p.stem)
def test_statements_are_detected_with_reasons(path) -> None:
    detection = detect_statement(path.read_text(encoding="utf-8"))
    assert detection.is_statement
    assert detection.confidence >= 0.9
    assert detection.reasons and "+" in detection.reasons[0]


@pytest.mark.parametrize("path", sorted((FIXTURES / "negatives").glob("*.txt")), ids=lambda p: p.stem)
def test_pages_that_only_mention_the_act_are_not_statements(path) -> None:
    detection = detect_statement(path.read_text(encoding="utf-8"))
    assert not detection.is_statement, detection.reasons
    assert detection.confidence > 0.5
    assert detection.probability < 0.5


def test_no_steps_statement_is_a_statement(no_steps_statement: str) -> None:
    assert detect_statement(no_steps_statement).is_statement


def test_text_without_the_topic_is_rejected_outright() -> None:
    detection = detect_statement("Quarterly results: revenue rose 4% and the board declared a dividend.")
    assert not detection.is_statement
    assert detection.reasons == ["never mentions modern slavery, trafficking or forced labour"]


def test_title_counts_as_the_head_of_the_document() -> None:
    body = (
        "We have assessed our suppliers for forced labour risks during the financial year and trained our buyers. "
        "This statement was approved by the board of directors."
    )
    with_title = detect_statement(body, title="Modern Slavery Statement 2024")
    without_title = detect_statement(body)
    assert with_title.probability > without_title.probability
    assert with_title.is_statement


def test_empty_text_is_not_a_statement() -> None:
    assert not detect_statement("").is_statement


def _fixture(kind: str, name: str) -> str:
    return (FIXTURES / kind / name).read_text(encoding="utf-8")


def test_body_stops_at_the_first_appendix_heading_after_the_head() -> None:
    text = "Appendix 1 in the first line\n" + "x" * 2000 + "\n\x0cAppendix 2 Whistleblowing policy\nmore"
    assert body_of(text, 1500) == text[: text.index("\x0cAppendix 2")]
    assert body_of("No appended documents here.", 1500) == "No appended documents here."
    assert body_of("x" * 2000 + "\nThe appendix explains it.", 1500).endswith("explains it.")


def test_policies_appended_to_a_statement_do_not_make_it_a_policy() -> None:
    statement, policy = _fixture("positives", "company_statement.txt"), _fixture("negatives", "employee_policy.txt")
    padded = statement + "\n" * 3 + " " * max(0, 1600 - len(statement))
    appended = detect_statement(padded + "\nAppendix 1 Anti-slavery policy\n" + policy * 3)
    run_on = detect_statement(padded + "\nAnti-slavery policy\n" + policy * 3)
    assert appended.is_statement
    assert not any("internal policy" in reason for reason in appended.reasons)
    assert any("internal policy" in reason for reason in run_on.reasons)


def test_an_employee_policy_with_an_appendix_is_still_a_policy() -> None:
    policy = _fixture("negatives", "employee_policy.txt")
    assert not detect_statement(policy + "\n" + " " * 1600 + "\nAppendix A Reporting form\nName:").is_statement
