"""Pure register rules: company numbers, name keys, scope thresholds by jurisdiction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import InvalidInput
from app.organisations.normalise import core_key, name_key, normalise_company_number
from app.organisations.scope import ScopeInput, compute_scopes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4830352", "04830352"),
        ("sc123", "SC000123"),
        ("NI 012345", "NI012345"),
        ("OC301234", "OC301234"),
        ("LP1", "LP000001"),
        ("R12345", "R0012345"),
        ("IP28985R", "IP28985R"),
        ("SP1938RS", "SP1938RS"),
        ("00000001", "00000001"),
    ],
)
def test_company_numbers_normalise(raw: str, expected: str) -> None:
    assert normalise_company_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "ABC", "123456789", "S1234567", "SC1234567", "12-AB"])
def test_bad_company_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_company_number(raw)


def test_name_keys_fold_variants() -> None:
    assert name_key("The Smith & Jones Limited") == name_key("Smith and Jones Ltd.")
    assert name_key("ACME Public Limited Company") == name_key("Acme plc")
    assert name_key("Acme Ltd") != name_key("Acme plc")
    assert core_key("Acme (UK) Holdings Limited") == "acme holdings"


def _org(
    id: int,
    amount: str | None,
    *,
    parent: int | None = None,
    jurisdiction: str = "UK",
    form: str = "company",
    currency: str | None = None,
    basis: str = "entity",
    **extra: object,
) -> ScopeInput:
    return ScopeInput(
        id=id,
        parent_id=parent,
        jurisdiction=jurisdiction,
        legal_form=form,
        turnover_amount=Decimal(amount) if amount else None,
        turnover_currency=currency,
        turnover_basis=basis,
        **extra,
    )  # type: ignore[arg-type]


def test_threshold_is_inclusive() -> None:
    result = compute_scopes({1: _org(1, "36000000"), 2: _org(2, "35999999.99")})
    assert result[1].status == "in_scope" and result[1].basis == "law"
    assert result[2].status == "out_of_scope"


def test_unknown_member_turnover_makes_group_unknown_below_threshold() -> None:
    result = compute_scopes({1: _org(1, "20000000"), 2: _org(2, None, parent=1)})
    assert result[1].status == "unknown"
    assert "1 of 2 group members" in result[1].reason


def test_unknown_member_does_not_matter_above_threshold() -> None:
    result = compute_scopes({1: _org(1, "30000000"), 2: _org(2, None, parent=1), 3: _org(3, "7000000", parent=1)})
    assert result[1].status == "in_scope"


def test_consolidated_turnover_is_not_double_counted() -> None:
    result = compute_scopes({1: _org(1, "30000000", basis="consolidated"), 2: _org(2, "20000000", parent=1)})
    assert result[1].status == "out_of_scope"


def test_foreign_currency_is_converted_and_said() -> None:
    result = compute_scopes({1: _org(1, "50000000", currency="USD")})
    assert result[1].status == "in_scope"


def test_australia_uses_aud_100m() -> None:
    result = compute_scopes(
        {
            1: _org(1, "99000000", jurisdiction="AU", currency="AUD"),
            2: _org(2, "100000000", jurisdiction="AU", currency="AUD"),
        }
    )
    assert (result[1].status, result[2].status) == ("out_of_scope", "in_scope")


def test_canada_needs_two_of_three_tests() -> None:
    two = _org(1, "50000000", jurisdiction="CA", currency="CAD", employee_count=300)
    one = _org(2, "50000000", jurisdiction="CA", currency="CAD", employee_count=10, total_assets=Decimal(1_000_000))
    unsure = _org(3, "50000000", jurisdiction="CA", currency="CAD")
    result = compute_scopes({1: two, 2: one, 3: unsure})
    assert (result[1].status, result[2].status, result[3].status) == ("in_scope", "out_of_scope", "unknown")


def test_public_bodies_are_in_scope_only_under_the_proposal() -> None:
    result = compute_scopes({1: _org(1, "40000000", form="public_body")})
    assert result[1].basis == "proposed" and "no duty under s54 today" in result[1].reason


def test_declared_scope_is_confirmed() -> None:
    result = compute_scopes({1: _org(1, None, scope_declared="in_scope")})
    assert (result[1].status, result[1].confidence) == ("in_scope", "confirmed")


def test_cycles_do_not_hang() -> None:
    result = compute_scopes({1: _org(1, "1", parent=2), 2: _org(2, "1", parent=1)})
    assert result[1].status == "out_of_scope"
