"""Fast matching gives the same matches as case-insensitive matching, with offsets into the original text."""

from __future__ import annotations

import re

import pytest

from app.scoring.patterns import Start, fast_finditer, lower_pattern, lowered, match_starts, scan

TEXT = (
    "Our Subsidiaries and our PARENT Company audit suppliers. KPIs: 3. Due  Diligence\nTraining for buyers.\n"
    "  Signed: Jane Doe, Director. Turnover of £2m; 120 employees in 4 sites; 85% trained (section 54)."
)


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
        r"\b\d+(?:\.\d+)?\s?%|\bper\s?cent\b",
        r"\b(?:turnover|revenue)\s+of\b|£\s?\d",
        r"^\s*(?:signed[:\s]|director\b)|\bsaid\b",
        r"\b(?:no|\d+)\s+(?:employees|sites)\b",
        r"\b(?:e[\s-]?learning|trained)\b",
        r"\(section\s+54\)|\bDiligence\b",
        r"\b(?:we|our|in)\b|\bkp\w+",
        r"\bFY\s?\d|\b3\.",
        r"\b(?:for|buyers)?\s*training\b|\b(?:our)?\s*parent\s+\w+",
    ],
)
def test_fast_matches_equal_case_insensitive_matches(pattern: str) -> None:
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, TEXT, re.IGNORECASE | re.MULTILINE)]
    found = [(m.start(), m.end()) for m in fast_finditer(pattern, TEXT, lowered(TEXT))]
    assert found == expected and found


def test_match_starts() -> None:
    assert match_starts(r"\b(?:subsidiar(?:y|ies)|parent\s+company)\b") == (Start("word", "par"), Start("word", "sub"))
    assert match_starts(r"\bKPIs?\b") == (Start("word", "kpi"),)
    assert match_starts(r"\b\d+\s+suppliers") == (Start("digit"),)
    assert match_starts(r"£\s?\d|\bsales\b") == (Start("any", "£"), Start("word", "sal"))
    assert match_starts(r"^\s*signed|\bsaid\b") == (Start("line"), Start("word", "sai"))
    assert match_starts(r"\be[\s-]?learning") == (Start("word", "e", whole=True), Start("word", "ele"))
    assert match_starts(r"\b(?:we|UK)\b|\bFY\s?\d") == (
        Start("word", "fy"),
        Start("word", "uk", whole=True),
        Start("word", "we", whole=True),
    )
    assert match_starts(r"\b(?:su|sub)\w+") == (Start("word", "su"),)
    assert match_starts(r"slavery\s+act|forced\s*labou?r") == (Start("any", "forced"), Start("any", "slavery"))
    assert match_starts(r"\b(?:supplier)?\s*codes?") == (Start("gap", "code"), Start("word", "sup"))
    assert match_starts(r"\b\(cth\)") == (Start("any", "(ct"),)


def test_patterns_without_a_useful_start_are_left_to_the_regex_engine() -> None:
    assert match_starts(r"s\.?\s?54") is None  # a one-letter start anywhere narrows nothing
    assert match_starts(r"\b\w+\s+officer") is None
    assert match_starts(r"^\s*") is None  # may match empty text
    assert match_starts(r"(?a)\bsupplier") is None  # an ASCII-only word boundary differs from the index's


def test_text_whose_lower_case_changes_length_falls_back() -> None:
    text = "İstanbul office: training delivered."
    assert lowered(text) is None
    assert [m.start() for m in fast_finditer(r"\btraining\b", text, lowered(text))] == [text.index("training")]


def test_limit_stops_after_that_many_matches() -> None:
    text = "Training, training and more training."
    assert [m.start() for m in fast_finditer(r"\btraining\b", text, lowered(text), 2)] == [0, 10]
    assert len(fast_finditer(r"\bmore\s+\w+", text, None, 1)) == 1


@pytest.mark.parametrize(
    "compiled",
    [
        re.compile(r"\b(?:[Ss]igned|SIGNED)\b\s*:?\s*(?P<name>[A-Z][a-z]+\s+[A-Z][a-z]+)", re.MULTILINE),
        re.compile(r"^\s*(?P<name>[A-Z][a-z]+\s+[A-Z][a-z]+)\s*,\s*Director\b", re.MULTILINE),
        re.compile(
            r"\b(?:financial|reporting)\s+year\s+end(?:ed|ing)\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})", re.IGNORECASE
        ),
        re.compile(r"\b(?P<kind>ABN|ACN)\s*:?\s*(?P<number>\d{2,3}(?:\s?\d{3}){2,3})\b"),
        re.compile(r"\b ABN \s* (?P<number>\d{2,3}) # verbose", re.VERBOSE),
        re.compile(r"\bon\b", re.ASCII),
    ],
)
def test_scan_equals_finditer_for_compiled_patterns(compiled: re.Pattern[str]) -> None:
    text = (
        "For the Financial Year ended 31 March 2024. SIGNED: Jane Doe\nJohn Smith, Director\n"
        "signed by Ann Lee on behalf of Acme Pty Ltd ABN 12 345 678 901; the reporting year ending 30 June 2023.\n"
        "  Mary Jones , Director of Finance (Léon)"
    )
    expected = [(m.span(), m.groupdict()) for m in compiled.finditer(text)]
    assert expected
    assert [(m.span(), m.groupdict()) for m in scan(compiled, text, lowered(text))] == expected
    assert [m.span() for m in scan(compiled, text, lowered(text), 1)] == [expected[0][0]]


def test_characters_that_ignorecase_pairs_beyond_lower_casing_fall_back() -> None:
    text = "Our ſupplier audits and the ıncident log."  # long s matches 's', dotless i matches 'i' under IGNORECASE
    assert lowered(text) is None
    for pattern in (r"\bsupplier\b", r"\bincident\b"):
        expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE | re.MULTILINE)]
        assert expected and [m.span() for m in fast_finditer(pattern, text, lowered(text))] == expected


def test_lower_pattern_keeps_named_groups() -> None:
    assert lower_pattern(r"(?P<Date>X)\(?P(?P=Date)") == r"(?P<date>x)\(?p(?P=date)"
