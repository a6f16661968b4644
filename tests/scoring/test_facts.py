"""Facts: period end, approval body and date, signatory, company numbers, organisations, jurisdiction."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.scoring.facts import ORGANISATION, extract_facts, find_jurisdiction, find_organisations, find_period_end


def test_company_statement_facts(company_statement: str) -> None:
    facts = extract_facts(company_statement)
    assert facts.period_end == date(2024, 3, 31)
    assert facts.approval_date == date(2024, 9, 12)
    assert facts.approved_by == "the Board of Directors"
    assert facts.signatory is not None
    assert (facts.signatory.name, facts.signatory.role) == ("Jane Morrow", "Chief Executive Officer and Director")
    assert facts.company_numbers == ["04567890"]
    assert facts.jurisdiction == "UK"


def test_llp_facts(llp_statement: str) -> None:
    facts = extract_facts(llp_statement)
    assert facts.company_numbers == ["OC312345"]
    assert facts.organisations == ["Calder & Wren LLP"]
    assert facts.signatory is not None and facts.signatory.role == "Designated Member"
    assert facts.approved_by == "the members of Calder & Wren LLP"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for the financial year ending 31 March 2024", date(2024, 3, 31)),
        ("covers the year ended 31st December 2022.", date(2022, 12, 31)),
        ("for the financial year ended June 30, 2021", date(2021, 6, 30)),
        ("for the period 1 April 2022 to 31 March 2023", date(2023, 3, 31)),
        ("for the financial year ending June 2020", date(2020, 6, 30)),
        ("our reporting period ended 30/09/2019", date(2019, 9, 30)),
        ("This statement has no dates in it.", None),
    ],
)
def test_period_end_forms(text: str, expected: date | None) -> None:
    assert find_period_end(text) == expected


def test_approval_date_from_a_date_line_under_the_signature() -> None:
    text = "This statement was approved by the Board.\n\nJohn Smith\nDirector\n14 July 2023\n"
    facts = extract_facts(text)
    assert facts.approved_by == "the Board"
    assert facts.approval_date == date(2023, 7, 14)
    assert facts.signatory is not None and facts.signatory.name == "John Smith"


def test_name_and_role_on_one_line() -> None:
    facts = extract_facts("Approved by the board on 2 March 2021.\nMatthew Thomas, Director\n")
    assert facts.signatory is not None
    assert (facts.signatory.name, facts.signatory.role) == ("Matthew Thomas", "Director")


def test_australian_numbers_and_jurisdiction() -> None:
    text = (
        "Coventry Group Ltd ABN 37 008 670 102 reports under the Modern Slavery Act 2018 (Cth) as a reporting entity."
    )
    facts = extract_facts(text)
    assert facts.company_numbers == ["ABN 37008670102"]
    assert facts.jurisdiction == "AU"


def test_canadian_jurisdiction() -> None:
    assert (
        find_jurisdiction(
            "This report is made under the Fighting Against Forced Labour and Child Labour in Supply Chains Act."
        )
        == "CA"
    )


def test_missing_facts_are_none_or_empty() -> None:
    facts = extract_facts("We oppose modern slavery.")
    assert facts.to_dict() == {
        "period_end": None,
        "approval_date": None,
        "approved_by": None,
        "signatory": None,
        "company_numbers": [],
        "organisations": [],
        "jurisdiction": "UK",
    }


def test_organisations_match_the_plain_scan_across_lines_and_ampersands() -> None:
    text = (
        "Acme Widgets Holdings\nLimited and Smith & Jones LLP own Beta Pty.\n  Ltd; AT&T Inc. trades.\n"
        "Our partner Gamma Corporation, plus Delta S.A. and the Epsilon B.V. group (not Limited)."
    )
    expected = [re.sub(r"\s+", " ", m["name"]).strip() for m in ORGANISATION.finditer(text)]
    assert find_organisations(text) == expected
    assert "Acme Widgets Holdings Limited" in expected and "Beta Pty. Ltd" in expected
