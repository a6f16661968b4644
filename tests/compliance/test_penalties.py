"""Penalty candidate rules as data: conditions, consecutive years, reasons and basis."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.compliance.penalties import StatusRow, evaluate, load_rules
from app.compliance.regimes import get_regime

REGIME = get_regime("uk-guidance")
TODAY = date(2026, 11, 22)


def row(year: int, status: str = "missing", flags: tuple[str, ...] = (), **overrides: object) -> StatusRow:
    values: dict[str, object] = {
        "organisation_id": 1,
        "organisation_name": "Juniper Ltd",
        "statement_year": year,
        "status": status,
        "flags": flags,
        "deadline": date(year, 6, 30),
        "scope_status": "in_scope",
        "scope_confidence": "confirmed",
    }
    return StatusRow(**{**values, **overrides})  # type: ignore[arg-type]


def test_rules_are_data_with_a_basis() -> None:
    rules = load_rules()
    assert [r.id for r in rules] == [
        "missing_past_deadline",
        "minimum_failed_consecutive_years",
        "missing_consecutive_years",
    ]
    assert {r.basis for r in rules} == {"proposed"}


def test_missing_needs_enough_days_past_the_deadline() -> None:
    assert evaluate([row(2026)], REGIME, date(2026, 9, 27)) == []  # 89 days
    [candidate] = evaluate([row(2026)], REGIME, date(2026, 9, 28))  # 90 days
    assert candidate.rule_ids == ["missing_past_deadline"] and candidate.days_past_deadline == 90
    assert candidate.reason == (
        "Juniper Ltd is confirmed in scope, and no modern slavery statement for 2026 has "
        "been found 90 days after the deadline of 30 June 2026."
    )
    assert candidate.note == REGIME.penalty_note and candidate.basis == "proposed"


def test_consecutive_years_must_be_consecutive() -> None:
    failing = ("incomplete",)
    gap = evaluate([row(2023, "incomplete", failing), row(2025, "incomplete", failing)], REGIME, TODAY)
    assert gap == []
    [candidate] = evaluate([row(2024, "late", failing), row(2025, "incomplete", failing)], REGIME, TODAY)
    assert candidate.statement_year == 2025 and candidate.rule_ids == ["minimum_failed_consecutive_years"]
    assert "for 2024 and 2025 that each fail a legal minimum" in candidate.reason


def test_out_of_scope_or_unknown_scope_is_never_a_candidate() -> None:
    assert evaluate([row(2024, scope_status="unknown"), row(2025, scope_status="unknown")], REGIME, TODAY) == []


def test_one_year_can_be_asked_for() -> None:
    found = evaluate([row(2024), row(2025)], REGIME, TODAY, year=2025)
    assert [(c.statement_year, c.rule_ids) for c in found] == [
        (2025, ["missing_past_deadline", "missing_consecutive_years"])
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules:\n  - {id: x, basis: proposed, when: {colour: [red]}, reason: r}\n", "unknown condition"),
        ("rules:\n  - {id: x, basis: rumour, when: {}, reason: r}\n", "basis must be"),
        ("rules:\n  - {id: x, basis: law, when: {}}\n", "missing field 'reason'"),
    ],
)
def test_bad_rule_files_are_refused_naming_file_and_rule(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(body)
    with pytest.raises(ValueError, match=message) as caught:
        load_rules(path)
    assert str(path) in str(caught.value) and "'x'" in str(caught.value)
