"""Each regime's deadline and statement-year rule, including the 30 June / 1 July boundary and 29 February."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.compliance.regimes import add_months, get_regime, load_regimes
from app.errors import InvalidInput


def test_every_regime_is_configured_with_basis_and_citation() -> None:
    regimes = load_regimes()
    assert set(regimes) == {"uk-guidance", "uk-proposed", "au", "ca"}
    assert regimes["uk-guidance"].basis == "guidance"
    assert regimes["uk-proposed"].basis == "proposed"
    assert all(r.citation for r in regimes.values())
    assert "no financial penalty exists in UK law today" in regimes["uk-guidance"].penalty_note


@pytest.mark.parametrize(
    ("year_end", "statement_year", "deadline"),
    [
        (date(2025, 6, 30), 2025, date(2025, 12, 30)),  # 1 Jan - 30 Jun: same year
        (date(2025, 7, 1), 2026, date(2026, 1, 1)),  # 1 Jul - 31 Dec: next year
        (date(2024, 12, 31), 2025, date(2025, 6, 30)),
        (date(2025, 1, 1), 2025, date(2025, 7, 1)),
        (date(2024, 2, 29), 2024, date(2024, 8, 29)),
        (date(2023, 8, 31), 2024, date(2024, 2, 29)),  # clamped to the leap day
        (date(2024, 8, 31), 2025, date(2025, 2, 28)),
    ],
)
def test_uk_guidance_statement_year_rule(year_end: date, statement_year: int, deadline: date) -> None:
    regime = get_regime("uk-guidance")
    assert regime.statement_year_of(year_end) == statement_year
    assert regime.period_end_for(statement_year, year_end.month, year_end.day) == year_end
    assert regime.deadline_for(statement_year, year_end) == deadline


def test_uk_guidance_leap_day_year_end_in_an_ordinary_year() -> None:
    regime = get_regime("uk-guidance")
    assert regime.period_end_for(2025, 2, 29) == date(2025, 2, 28)
    assert regime.deadline_for(2025, date(2025, 2, 28)) == date(2025, 8, 28)


@pytest.mark.parametrize(
    ("fye", "year", "period_end"),
    [
        ((12, 31), 2025, date(2024, 12, 31)),
        ((3, 31), 2025, date(2025, 3, 31)),
        ((4, 30), 2025, date(2024, 4, 30)),
        ((6, 30), 2025, date(2024, 6, 30)),
        ((2, 29), 2025, date(2025, 2, 28)),
    ],
)
def test_uk_proposed_single_deadline(fye: tuple[int, int], year: int, period_end: date) -> None:
    regime = get_regime("uk-proposed")
    assert regime.period_end_for(year, *fye) == period_end
    assert regime.deadline_for(year, period_end) == date(year, 9, 30)
    assert regime.statement_year_of(period_end) == year


def test_au_six_months_after_the_reporting_period() -> None:
    regime = get_regime("au")
    assert regime.period_end_for(2025, 6, 30) == date(2025, 6, 30)
    assert regime.deadline_for(2025, date(2025, 6, 30)) == date(2025, 12, 30)
    assert regime.statement_year_of(date(2025, 7, 1)) == 2026


def test_ca_31_may_on_the_previous_financial_year() -> None:
    regime = get_regime("ca")
    assert regime.period_end_for(2025, 12, 31) == date(2024, 12, 31)
    assert regime.period_end_for(2025, 3, 31) == date(2024, 3, 31)
    assert regime.deadline_for(2025, date(2024, 3, 31)) == date(2025, 5, 31)
    assert regime.statement_year_of(date(2024, 3, 31)) == 2025
    assert regime.statement_year_of(date(2025, 1, 1)) == 2026


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


def test_unknown_regime_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        get_regime("mars")
    assert caught.value.details == {"known": ["au", "ca", "uk-guidance", "uk-proposed"]}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("regimes:\n  x: {title: t}\n", "missing or bad field"),
        (
            "regimes:\n  x: {title: t, jurisdiction: UK, deadline: {kind: weekly}, basis: law, citation: c,"
            " minimum_bases: [law], first_statement_year: 2020, penalty_note: n}\n",
            "unknown deadline kind",
        ),
        (
            "regimes:\n  x: {title: t, jurisdiction: UK, deadline: {kind: fixed_date, month: 2, day: 30}, basis: law,"
            " citation: c, minimum_bases: [law], first_statement_year: 2020, penalty_note: n}\n",
            "is not a date",
        ),
        (
            "regimes:\n  x: {title: t, jurisdiction: UK, deadline: {kind: fixed_date, month: 5, day: 31},"
            " basis: rumour,"
            " citation: c, minimum_bases: [law], first_statement_year: 2020, penalty_note: n}\n",
            "basis must be",
        ),
    ],
)
def test_bad_regime_file_names_file_and_regime(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "regimes.yaml"
    path.write_text(body)
    with pytest.raises(ValueError, match=message) as caught:
        load_regimes(path)
    assert str(path) in str(caught.value)
    assert "'x'" in str(caught.value)
