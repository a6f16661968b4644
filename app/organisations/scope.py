"""Who is presumed in scope, and why: turnover thresholds by jurisdiction with group aggregation."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

from app.organisations.scope_rules import JurisdictionRule, scope_rules

_DATA = Path(__file__).with_name("data")


class ScopeInput(NamedTuple):
    """What scope needs to know about one organisation."""

    id: int
    parent_id: int | None
    jurisdiction: str
    legal_form: str
    turnover_amount: Decimal | None
    turnover_currency: str | None
    turnover_basis: str = "entity"
    total_assets: Decimal | None = None
    employee_count: int | None = None
    scope_declared: str | None = None


class ScopeResult(NamedTuple):
    """The presumed (or confirmed) scope, its basis and a reason a person can read."""

    status: str
    confidence: str
    basis: str | None
    reason: str
    group_turnover: Decimal | None


class GroupTotal(NamedTuple):
    """Turnover of an organisation plus its subsidiaries, in one currency, with what was missing."""

    amount: Decimal
    members: int
    unknown: int


@lru_cache
def exchange_rates() -> dict[str, Decimal]:
    """Reference rates to GBP, AUD and CAD from the shipped data file (units of currency per 1 GBP)."""
    data = yaml.safe_load((_DATA / "exchange_rates.yaml").read_text(encoding="utf-8"))
    return {code: Decimal(str(rate)) for code, rate in data["per_gbp"].items()}


def convert(amount: Decimal, currency: str | None, target: str) -> Decimal | None:
    """Convert between currencies through GBP; None when a rate is unknown."""
    rates = exchange_rates()
    source = (currency or target).upper()
    if source == target:
        return amount
    if source not in rates or target not in rates:
        return None
    return amount / rates[source] * rates[target]


@lru_cache(maxsize=64)
def _threshold(amount: Decimal, currency: str) -> str:
    """A threshold in words (thresholds are few: formatted once each)."""
    return _money(amount, currency)


def _money(amount: Decimal, currency: str) -> str:
    """£36,000,000 style, or 'AUD 100,000,000'."""
    return f"£{amount:,.0f}" if currency == "GBP" else f"{currency} {amount:,.0f}"


def group_totals(orgs: dict[int, ScopeInput], currency_of: dict[int, str]) -> dict[int, GroupTotal]:
    """Own turnover plus every subsidiary's (recursively), in each organisation's threshold currency."""
    children: dict[int, list[int]] = {}
    for org in orgs.values():
        if org.parent_id is not None and org.parent_id in orgs:
            children.setdefault(org.parent_id, []).append(org.id)
    totals: dict[int, GroupTotal] = {}
    zero = Decimal(0)

    def visit(org_id: int, target: str, seen: frozenset[int]) -> GroupTotal:
        org = orgs[org_id]
        own = org.turnover_amount
        if own is None:
            converted = None
        elif (org.turnover_currency or target).upper() == target:  # convert() would return the amount as it is
            converted = own
        else:
            converted = convert(own, org.turnover_currency, target)
        amount = zero if converted is None else zero + converted
        unknown = 1 if converted is None else 0
        members = 1
        kids = children.get(org_id)
        if kids and (converted is None or org.turnover_basis != "consolidated"):
            for child in kids:
                if child in seen:
                    continue
                sub = visit(child, target, seen | {child})
                amount += sub.amount
                members += sub.members
                unknown += sub.unknown
        return GroupTotal(amount, members, unknown)

    for org_id in orgs:
        totals[org_id] = visit(org_id, currency_of[org_id], frozenset((org_id,)))
    return totals


def _declared(org: ScopeInput, rule_basis: str) -> ScopeResult:
    """A scope the organisation or a regulator confirmed."""
    words = "in scope" if org.scope_declared == "in_scope" else "out of scope"
    return ScopeResult(
        org.scope_declared or "unknown",
        "confirmed",
        rule_basis,
        f"Confirmed {words} (declared for this organisation).",
        None,
    )


def _turnover_scope(
    org: ScopeInput,
    total: GroupTotal,
    threshold: Decimal,
    currency: str,
    basis: str,
    citation: str,
    what: str = "turnover",
) -> ScopeResult:
    """Threshold test on a group total: in at or above, out below with nothing unknown, otherwise unknown."""
    group = f" (organisation plus {total.members - 1} subsidiaries)" if total.members > 1 else ""
    known = _money(total.amount, currency)
    limit = _threshold(threshold, currency)
    if total.amount >= threshold:
        return ScopeResult(
            "in_scope",
            "presumed",
            basis,
            f"Total {what} of {known}{group} is at or above the {limit} threshold ({citation}).",
            total.amount,
        )
    if total.unknown == 0:
        return ScopeResult(
            "out_of_scope",
            "presumed",
            basis,
            f"Total {what} of {known}{group} is below the {limit} threshold ({citation}).",
            total.amount,
        )
    missing = "its own" if total.members == 1 else f"{total.unknown} of {total.members} group members'"
    return ScopeResult(
        "unknown",
        "presumed",
        basis,
        f"Scope unknown: {missing} {what} is not known; the known total of {known} is below {limit}.",
        total.amount if total.unknown < total.members else None,
    )


def _canada_scope(org: ScopeInput, total: GroupTotal, rule: JurisdictionRule) -> ScopeResult:
    """Canada: two of three size tests (assets, revenue, employees) on consolidated figures."""
    tests = rule.ca_tests
    values: dict[str, Decimal | None] = {
        "revenue": total.amount if total.unknown == 0 else (total.amount if total.amount >= tests["revenue"] else None),
        "total_assets": convert(org.total_assets, org.turnover_currency, "CAD")
        if org.total_assets is not None
        else None,
        "employees": Decimal(org.employee_count) if org.employee_count is not None else None,
    }
    met = [name for name, value in values.items() if value is not None and value >= tests[name]]
    failed = [name for name, value in values.items() if value is not None and value < tests[name]]
    detail = f"tests met: {', '.join(met) or 'none'}; not met: {', '.join(failed) or 'none'}"
    if len(met) >= rule.tests_required:
        status = "in_scope"
    elif len(failed) > len(tests) - rule.tests_required:
        status = "out_of_scope"
    else:
        status = "unknown"
    words = {"in_scope": "In scope", "out_of_scope": "Out of scope", "unknown": "Scope unknown"}[status]
    return ScopeResult(status, "presumed", rule.basis, f"{words}: {detail} ({rule.citation}).", total.amount)


def decide_scope(org: ScopeInput, total: GroupTotal) -> ScopeResult:
    """The scope of one organisation from its group total, by its jurisdiction's rule."""
    rule = scope_rules()[org.jurisdiction]
    if org.scope_declared in ("in_scope", "out_of_scope"):
        return _declared(org, rule.basis)
    if org.jurisdiction == "CA":
        return _canada_scope(org, total, rule)
    if org.legal_form == "public_body":
        if rule.public_body_threshold is None:
            return ScopeResult(
                "unknown", "presumed", None, "No reporting rule for public bodies in this jurisdiction.", None
            )
        result = _turnover_scope(
            org,
            total,
            rule.public_body_threshold,
            rule.currency,
            rule.public_body_basis or "proposed",
            rule.public_body_citation or "",
            what="budget",
        )
        note = " Public bodies have no duty under s54 today; this is the proposed extension."
        return ScopeResult(result.status, result.confidence, result.basis, result.reason + note, result.group_turnover)
    assert rule.turnover_threshold is not None
    return _turnover_scope(org, total, rule.turnover_threshold, rule.currency, rule.basis, rule.citation)


def compute_scopes(orgs: dict[int, ScopeInput]) -> dict[int, ScopeResult]:
    """Scope for every organisation given, with group aggregation over the organisations given."""
    rules = scope_rules()
    currency_of = {org_id: rules[org.jurisdiction].currency for org_id, org in orgs.items()}
    totals = group_totals(orgs, currency_of)
    return {org_id: decide_scope(org, totals[org_id]) for org_id, org in orgs.items()}
