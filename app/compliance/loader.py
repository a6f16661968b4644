"""Builds the status engine's inputs from the database, many organisations at a time (Core selects, no ORM)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from app.compliance.inputs import (
    AssessmentSummary,
    FetchFacts,
    OrganisationFacts,
    RuleOutcome,
    StatementFacts,
    StatusInputs,
)
from app.models.assessments import Assessment, AssessmentRule
from app.models.discovery import DiscoveryCheck
from app.models.organisations import Organisation
from app.models.statements import FetchAttempt, Statement, StatementCoverage, StatementVersion
from app.scoring.rulesets import DEFAULT_RULESET, load_rulesets

# The registry's yes/no answers for the six areas: by the registry import's area names, CSV column, or rule id.
DECLARED_AREAS = {
    "organisation_structure": "structure",
    "risk_assessment": "risk",
    "goals_and_kpis": "effectiveness",
    "StatementIncludesOrgStructure": "structure",
    "StatementIncludesPolicies": "policies",
    "StatementIncludesDueDiligence": "due_diligence",
    "StatementIncludesRisksAssessment": "risk",
    "StatementIncludesGoals": "effectiveness",
    "StatementIncludesTraining": "training",
    **{area: area for area in ("structure", "policies", "due_diligence", "risk", "effectiveness", "training")},
}
SUBMITTED_KEYS = ("submitted_on", "SubmittedDate", "DateSubmitted")
# The registry's five turnover bands (GBP); lower bound inclusive.
TURNOVER_BANDS = (
    (500_000_000, "over_500m"),
    (100_000_000, "100m_500m"),
    (60_000_000, "60m_100m"),
    (36_000_000, "36m_60m"),
    (0, "under_36m"),
)


def turnover_band(amount: Decimal | None, currency: str | None) -> str:
    """The registry turnover band of a GBP turnover, or `unknown`."""
    if amount is None or (currency or "GBP") != "GBP":
        return "unknown"
    return next(band for floor, band in TURNOVER_BANDS if amount >= floor) if amount >= 0 else "unknown"


def _declared_areas(declared: dict[str, Any]) -> tuple[tuple[str, bool], ...]:
    """The six areas as the registry entry declared them."""
    found: dict[str, bool] = {}
    answers = dict(declared or {})
    if isinstance(answers.get("areas"), dict):
        answers.update(answers.pop("areas"))
    for key, value in answers.items():
        if key in DECLARED_AREAS:
            said = value.get("included") if isinstance(value, dict) else value
            found[DECLARED_AREAS[key]] = str(said).strip().lower() in ("yes", "true", "1")
    return tuple(sorted(found.items()))


def _date(value: Any) -> date | None:
    """An ISO date (or datetime) string as a date, else None."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def homepage_link(facts: dict[str, Any]) -> bool | None:
    """The homepage-link fact discovery records: a bool, or a mapping with `found` and `prominent`."""
    link = (facts or {}).get("homepage_link")
    if isinstance(link, bool):
        return link
    if isinstance(link, dict) and "found" in link:
        return bool(link.get("found")) and bool(link.get("prominent", True))
    return None


def current_rulesets() -> tuple[tuple[str, str], ...]:
    """(ruleset id, version) of each jurisdiction's default ruleset as currently loaded."""
    return tuple(
        sorted((r.id, r.version) for r in load_rulesets().values() if DEFAULT_RULESET.get(r.jurisdiction) == r.id)
    )


RawAssessment = tuple[Any, ...]


def latest_assessments(session: Session, version_ids: Collection[int]) -> dict[int, RawAssessment]:
    """The latest assessment of each version under a current ruleset version, as raw hashable rows with rules."""
    if not version_ids:
        return {}
    a, r = Assessment, AssessmentRule
    current = or_(*(and_(a.ruleset_id == rid, a.ruleset_version == ver) for rid, ver in current_rulesets()))
    rows = session.execute(
        select(a.statement_version_id, a.id, a.ruleset_id, a.ruleset_version, a.score, a.minimum_requirements_met)
        .where(a.statement_version_id.in_(list(version_ids)), current)
        .order_by(a.assessed_at, a.id)
    )
    chosen = {row[0]: row[1:] for row in rows}  # ordered: the last one seen is the latest
    if not chosen:
        return {}
    rules: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    by_id = {values[0]: vid for vid, values in chosen.items()}
    for assessment_id, rule_id, verdict, basis in session.execute(
        select(r.assessment_id, r.rule_id, r.verdict, r.basis)
        .where(r.assessment_id.in_(list(by_id)))
        .order_by(r.assessment_id, r.position)
    ):
        rules[assessment_id].append((rule_id, verdict, basis))
    return {vid: (*values, tuple(rules.get(values[0], ()))) for vid, values in chosen.items()}


@lru_cache(maxsize=16)
def _rule_descriptions(ruleset_id: str) -> dict[str, str]:
    """Rule id -> description in the loaded ruleset (empty for a ruleset no longer loaded)."""
    ruleset = load_rulesets().get(ruleset_id)
    return {rule.id: rule.description for rule in ruleset.rules} if ruleset else {}


def build_assessment(raw: RawAssessment | None) -> AssessmentSummary | None:
    """A raw assessment row as the summary status needs (rule descriptions from the loaded ruleset)."""
    if raw is None:
        return None
    assessment_id, ruleset_id, ruleset_version, score, minimum_met, rules = raw
    described = _rule_descriptions(ruleset_id)
    outcomes = tuple(RuleOutcome(rid, verdict, basis, described.get(rid, "")) for rid, verdict, basis in rules)
    return AssessmentSummary(assessment_id, ruleset_id, ruleset_version, score, minimum_met, outcomes)


def _organisations(session: Session, ids: Sequence[int]) -> dict[int, OrganisationFacts]:
    """Register facts for the organisations."""
    o = Organisation
    rows = session.execute(
        select(
            o.id,
            o.name,
            o.jurisdiction,
            o.scope_status,
            o.scope_confidence,
            o.scope_basis,
            o.scope_reason,
            o.financial_year_end_month,
            o.financial_year_end_day,
            o.sector,
            o.turnover_amount,
            o.turnover_currency,
        ).where(o.id.in_(ids))
    )
    return {r[0]: OrganisationFacts(*r[:10], turnover_band(r[10], r[11])) for r in rows}


def _latest_versions(session: Session, statement_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """(version id, has text, is_statement, facts, assessment) of each statement's latest version."""
    v = StatementVersion
    latest: dict[int, tuple[Any, ...]] = {}
    rows = session.execute(
        select(
            v.statement_id, v.version_no, v.id, func.length(v.text) > 0, v.is_statement, cast(v.facts, String)
        ).where(v.statement_id.in_(list(statement_ids)))
    )
    best: dict[int, int] = {}
    for sid, version_no, vid, has_text, is_statement, facts in rows:
        if version_no > best.get(sid, -1):
            best[sid] = version_no
            latest[sid] = (vid, bool(has_text), is_statement, facts or "{}")
    assessments = latest_assessments(session, [values[0] for values in latest.values()])
    return {sid: (*values, assessments.get(values[0])) for sid, values in latest.items()}


LinkFacts = dict[tuple[int, int], tuple[int, bool]]


def _checks(session: Session, ids: Sequence[int]) -> tuple[dict[int, list[FetchFacts]], LinkFacts]:
    """Discovery checks as searches, and the latest homepage-link fact per (organisation, statement found)."""
    d = DiscoveryCheck
    rows = session.execute(
        select(
            d.organisation_id,
            d.id,
            d.start_url,
            d.checked_at,
            d.outcome,
            d.statement_id,
            d.link_found,
            d.link_prominent,
            d.found_via,
        )
        .where(d.organisation_id.in_(ids))
        .order_by(d.checked_at, d.id)
    )
    searches: dict[int, list[FetchFacts]] = defaultdict(list)
    links: LinkFacts = {}
    for org_id, check_id, url, checked_at, outcome, statement_id, found, prominent, via in rows:
        searches[org_id].append(FetchFacts(check_id, url, checked_at, outcome, None, "discovery_check"))
        if outcome == "found" and statement_id is not None and via != "request":  # a given URL: homepage unseen
            links[(org_id, statement_id)] = (check_id, bool(found and prominent))
    return searches, links


RawStatement = tuple[Any, ...]


def _statements(session: Session, ids: Sequence[int], since: date | None) -> dict[int, list[RawStatement]]:
    """Current statements covering each organisation with their latest version, as raw rows (JSON unparsed)."""
    s, c = Statement, StatementCoverage
    rows = session.execute(
        select(
            c.organisation_id,
            c.source,
            s.id,
            s.source,
            s.url,
            s.publisher_id,
            s.period_end,
            s.statement_year,
            s.approved_on,
            cast(s.declared, String),
            s.first_seen_at,
        )
        .join(s, s.id == c.statement_id)
        .where(c.organisation_id.in_(ids), s.state == "current")
        .where(*([or_(s.period_end.is_(None), s.period_end >= since)] if since else []))
    ).all()
    versions = _latest_versions(session, {r[2] for r in rows}) if rows else {}
    found: dict[int, list[RawStatement]] = defaultdict(list)
    for row in rows:
        found[row[0]].append((*row[1:], *versions.get(row[2], (None, False, None, "{}", None))))
    return found


def build_statement(org_id: int, raw: RawStatement, links: LinkFacts) -> StatementFacts:
    """A raw statement row as StatementFacts (JSON parsed here, only when a status is computed)."""
    coverage, sid, source, url, publisher, period_end, year, approved, declared_text, seen, *version = raw
    vid, has_text, is_statement, facts_text, raw_assessment = version
    declared: dict[str, Any] = json.loads(declared_text) if declared_text else {}
    facts: dict[str, Any] = json.loads(facts_text) if facts_text else {}
    check_id, link = links.get((org_id, sid), (None, homepage_link(facts)))
    submitted = next((_date(declared[k]) for k in SUBMITTED_KEYS if declared and declared.get(k)), None)
    return StatementFacts(
        id=sid,
        source=source,
        coverage_source=coverage,
        publisher_id=publisher,
        first_seen_at=seen,
        url=url,
        version_id=vid,
        period_end=period_end,
        statement_year=year,
        approved_on=approved,
        submitted_on=submitted,
        has_text=has_text,
        is_statement=is_statement,
        homepage_link=link,
        homepage_check_id=check_id,
        declared_areas=_declared_areas(declared),
        assessment=build_assessment(raw_assessment),
    )


@dataclass
class RawInputs:
    """One organisation's inputs as loaded: cheap to fingerprint, built into StatusInputs only when needed."""

    organisation: OrganisationFacts
    statements: list[RawStatement]
    fetches: list[FetchFacts]
    links: LinkFacts
    _built: StatusInputs | None = None

    def build(self) -> StatusInputs:
        """The status engine's inputs (parsed once)."""
        if self._built is None:
            org_id = self.organisation.id
            statements = sorted((build_statement(org_id, r, self.links) for r in self.statements), key=lambda s: s.id)
            fetches = sorted(self.fetches, key=lambda f: (f.attempted_at, f.kind, f.id))
            self._built = StatusInputs(self.organisation, tuple(statements), tuple(fetches))
        return self._built


def _fetches(session: Session, ids: Sequence[int]) -> dict[int, list[FetchFacts]]:
    """Statement fetch attempts made on each organisation's behalf."""
    f = FetchAttempt
    rows = session.execute(
        select(f.organisation_id, f.id, f.url, f.attempted_at, f.outcome, f.status_code).where(
            f.organisation_id.in_(ids), f.purpose == "statement"
        )
    )
    found: dict[int, list[FetchFacts]] = defaultdict(list)
    for org_id, fetch_id, url, attempted_at, outcome, status_code in rows:
        if org_id is not None:
            found[org_id].append(FetchFacts(fetch_id, url, attempted_at, outcome, status_code))
    return found


def load_raw(session: Session, ids: Sequence[int], since: date | None = None) -> dict[int, RawInputs]:
    """Raw inputs for each organisation among the ids (statements for periods ending since `since`)."""
    organisations = _organisations(session, ids)
    searches, links = _checks(session, ids)
    statements = _statements(session, ids, since)
    fetches = _fetches(session, ids)
    for org_id, checks in searches.items():
        fetches[org_id].extend(checks)
    links_by_org: dict[int, LinkFacts] = defaultdict(dict)
    for key, value in links.items():
        links_by_org[key[0]][key] = value
    return {
        org_id: RawInputs(
            facts,
            sorted(statements.get(org_id, []), key=lambda r: r[1]),
            sorted(fetches.get(org_id, []), key=lambda f: (f.attempted_at, f.kind, f.id)),
            links_by_org.get(org_id, {}),
        )
        for org_id, facts in organisations.items()
    }


def load_inputs(session: Session, ids: Sequence[int], since: date | None = None) -> dict[int, StatusInputs]:
    """Status inputs for each organisation among the ids."""
    return {org_id: raw.build() for org_id, raw in load_raw(session, ids, since).items()}
