"""Fast matching gives the same matches as case-insensitive matching, with offsets into the original text."""

from __future__ import annotations

import re

import pytest

from app.scoring.patterns import fast_finditer, literal_prefixes, lower_pattern, lowered, word_start_prefixes

TEXT = "Our Subsidiaries and our PARENT Company audit suppliers. KPIs: 3. Due  Diligence\nTraining for buyers."


def test_lower_pattern_keeps_escapes() -> None:
    assert lower_pattern(r"\bKPIs?\S+\W[A-Z]") == r"\bkpis?\S+\W[a-z]"


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:subsidiar(?:y|ies)|parent\s+company)\b",
        r"\bKPIs?\b",
        r"\bdue\s+diligence\b",
        r"\btrain(?:ing|ed)?\b",
        r"\b\d+\b",
        r"^\s*training",
        r"\b(?:kp|di)\w*",
        r"\b(?:our|we|the\s+buyers?)\b",
        r"\b(?:su|sub)\w+",
    ],
)
def test_fast_matches_equal_case_insensitive_matches(pattern: str) -> None:
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, TEXT, re.IGNORECASE | re.MULTILINE)]
    found = [(m.start(), m.end()) for m in fast_finditer(pattern, TEXT, lowered(TEXT))]
    assert found == expected and found


def test_literal_prefixes() -> None:
    assert literal_prefixes(r"\b(?:subsidiar(?:y|ies)|parent\s+company)\b") == ("par", "sub")
    assert literal_prefixes(r"\bKPIs?\b") == ("kpi",)
    assert literal_prefixes(r"\b\d+\s+suppliers") is None


def test_text_whose_lower_case_changes_length_falls_back() -> None:
    text = "İstanbul office: training delivered."
    assert lowered(text) is None
    assert [m.start() for m in fast_finditer(r"\btraining\b", text, lowered(text))] == [text.index("training")]


def test_word_start_prefixes_only_for_patterns_anchored_at_a_word() -> None:
    assert word_start_prefixes(r"\b(?:subsidiar(?:y|ies)|parent\s+company)\b") == ("par", "sub")
    assert word_start_prefixes(r"\b(?:su|sub)\w+") == ("su",)
    assert word_start_prefixes(r"slavery\s+act") is None
    assert word_start_prefixes(r"\b\(cth\)") is None


def test_limit_stops_after_that_many_matches() -> None:
    text = "Training, training and more training."
    assert [m.start() for m in fast_finditer(r"\btraining\b", text, lowered(text), 2)] == [0, 10]
    assert len(fast_finditer(r"\bmore\s+\w+", text, None, 1)) == 1
