"""The statement detector: statements (including 'no steps') pass, pages that only mention the Act do not."""

from __future__ import annotations

import pytest

from app.scoring.detector import detect_statement
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
