"""Penalty-review candidates: rules as data over stored statuses, each candidate with a reason and evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.compliance.regimes import BASES, Regime
from app.compliance.text import long_date

RULES_FILE = Path(__file__).with_name("penalty_rules.yaml")
CONDITIONS = ("status", "flags_any", "scope_status", "scope_confidence", "min_days_past_deadline", "consecutive_years")


@dataclass(frozen=True)
class PenaltyRule:
    """One candidate rule."""

    id: str
    title: str
    basis: str
    when: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class StatusRow:
    """A stored status with the register facts the rules read."""

    organisation_id: int
    organisation_name: str
    statement_year: int
    status: str
    flags: tuple[str, ...]
    deadline: date | None
    scope_status: str
    scope_confidence: str
    evidence: tuple[dict[str, Any], ...] = ()
    reasons: tuple[str, ...] = ()
    sector: str | None = None
    company_number: str | None = None


@dataclass
class Candidate:
    """An organisation-year that meets at least one rule."""

    organisation_id: int
    organisation_name: str
    company_number: str | None
    sector: str | None
    statement_year: int
    regime: str
    status: str
    days_past_deadline: int | None
    rule_ids: list[str]
    basis: str
    reason: str
    note: str
    evidence: list[dict[str, Any]] = field(default_factory=list)


@lru_cache
def load_rules(path: Path = RULES_FILE) -> tuple[PenaltyRule, ...]:
    """The candidate rules, refusing unknown conditions or bases with the file and rule named."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules = []
    for raw in data.get("rules") or []:
        rule_id = raw.get("id", "?")
        unknown = set(raw.get("when", {})) - set(CONDITIONS)
        if unknown:
            raise ValueError(f"{path}: rule {rule_id!r}: unknown condition(s) {', '.join(sorted(unknown))}")
        if not raw.get("reason"):
            raise ValueError(f"{path}: rule {rule_id!r}: missing field 'reason'")
        if raw.get("basis") not in BASES:
            raise ValueError(f"{path}: rule {rule_id!r}: basis must be one of {', '.join(BASES)}")
        rules.append(
            PenaltyRule(
                rule_id,
                str(raw.get("title", rule_id)),
                raw["basis"],
                raw.get("when", {}),
                " ".join(str(raw["reason"]).split()),
            )
        )
    return tuple(rules)


def _year_holds(row: StatusRow | None, when: dict[str, Any]) -> bool:
    """Whether a year's status meets the status and flag conditions."""
    if row is None:
        return False
    if "status" in when and row.status not in when["status"]:
        return False
    return not ("flags_any" in when and not set(when["flags_any"]) & set(row.flags))


def matches(rule: PenaltyRule, row: StatusRow, by_year: dict[int, StatusRow], today: date) -> bool:
    """Whether the rule holds for the row's organisation and year."""
    when = rule.when
    if "scope_status" in when and row.scope_status not in when["scope_status"]:
        return False
    if "scope_confidence" in when and row.scope_confidence not in when["scope_confidence"]:
        return False
    minimum = when.get("min_days_past_deadline")
    if minimum is not None and (row.deadline is None or (today - row.deadline).days < int(minimum)):
        return False
    span = int(when.get("consecutive_years", 1))
    return all(_year_holds(by_year.get(row.statement_year - k), when) for k in range(span))


def _reason(rule: PenaltyRule, row: StatusRow, today: date) -> str:
    """The rule's reason with the organisation's facts filled in."""
    span = int(rule.when.get("consecutive_years", 1))
    years = [str(row.statement_year - k) for k in reversed(range(span))]
    return rule.reason.format(
        organisation=row.organisation_name,
        year=row.statement_year,
        status=row.status,
        days=(today - row.deadline).days if row.deadline else "?",
        deadline=long_date(row.deadline) if row.deadline else "unknown",
        scope=row.scope_confidence if row.scope_status == "in_scope" else row.scope_status,
        years=" and ".join([", ".join(years[:-1]), years[-1]]) if len(years) > 1 else years[0],
    )


def evaluate(rows: Iterable[StatusRow], regime: Regime, today: date, year: int | None = None) -> list[Candidate]:
    """Candidates among the statuses (all years, or one), most overdue first."""
    rules = load_rules()
    by_org: dict[int, dict[int, StatusRow]] = {}
    for row in rows:
        by_org.setdefault(row.organisation_id, {})[row.statement_year] = row
    found: list[Candidate] = []
    for by_year in by_org.values():
        for row in by_year.values():
            if year is not None and row.statement_year != year:
                continue
            hits = [rule for rule in rules if matches(rule, row, by_year, today)]
            if hits:
                found.append(_candidate(row, hits, regime, today))
    return sorted(found, key=lambda c: (-(c.days_past_deadline or 0), c.organisation_name, c.statement_year))


def _candidate(row: StatusRow, hits: list[PenaltyRule], regime: Regime, today: date) -> Candidate:
    """A candidate from the rules an organisation-year met."""
    basis = "law" if all(rule.basis == "law" for rule in hits) else "proposed"
    return Candidate(
        organisation_id=row.organisation_id,
        organisation_name=row.organisation_name,
        company_number=row.company_number,
        sector=row.sector,
        statement_year=row.statement_year,
        regime=regime.code,
        status=row.status,
        days_past_deadline=(today - row.deadline).days if row.deadline else None,
        rule_ids=[rule.id for rule in hits],
        basis=basis,
        reason=" ".join(_reason(rule, row, today) for rule in hits),
        note=regime.penalty_note,
        evidence=[*row.evidence, {"kind": "compliance_status", "id": None, "label": "; ".join(row.reasons)}],
    )
