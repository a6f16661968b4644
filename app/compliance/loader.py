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

from sqlalchemy import (
    ColumnElement,
    Connection,
    ScalarSelect,
    String,
    and_,
    cast,
    false,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

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


def homepage_value(link: Any) -> bool | None:
    """The homepage-link fact as discovery records it: a bool, or a mapping with `found` and `prominent`."""
    if isinstance(link, bool):
        return link
    if isinstance(link, dict) and "found" in link:
        return bool(link.get("found")) and bool(link.get("prominent", True))
    return None


@lru_cache(maxsize=256)
def homepage_from_json(text: str) -> bool | None:
    """The homepage-link fact from its JSON text (a handful of distinct texts: memoised)."""
    return homepage_value(json.loads(text))


def homepage_link(facts: dict[str, Any]) -> bool | None:
    """The homepage-link fact of a version's facts."""
    return homepage_value((facts or {}).get("homepage_link"))


def current_rulesets() -> tuple[tuple[str, str], ...]:
    """(ruleset id, version) of each jurisdiction's default ruleset as currently loaded."""
    return tuple(
        sorted((r.id, r.version) for r in load_rulesets().values() if DEFAULT_RULESET.get(r.jurisdiction) == r.id)
    )


# An assessment as loaded: (id, ruleset id, ruleset version, score, minimum requirements met, rules), each rule as
# (rule id, verdict, basis, description in the loaded ruleset): plain values, cheap to hash and to send to a worker.
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
    rules: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    by_id = {values[0]: values[1] for values in chosen.values()}
    for assessment_id, rule_id, verdict, basis in session.execute(
        select(r.assessment_id, r.rule_id, r.verdict, r.basis)
        .where(r.assessment_id.in_(list(by_id)))
        .order_by(r.assessment_id, r.position)
    ):
        described = rule_descriptions(by_id[assessment_id])
        rules[assessment_id].append((rule_id, verdict, basis, described.get(rule_id, "")))
    return {vid: (*values, tuple(rules.get(values[0], ()))) for vid, values in chosen.items()}


@lru_cache(maxsize=16)
def rule_descriptions(ruleset_id: str) -> dict[str, str]:
    """Rule id -> description in the loaded ruleset (empty for a ruleset no longer loaded)."""
    ruleset = load_rulesets().get(ruleset_id)
    return {rule.id: rule.description for rule in ruleset.rules} if ruleset else {}


def build_assessment(raw: RawAssessment | None) -> AssessmentSummary | None:
    """A raw assessment row as the summary status needs."""
    if raw is None:
        return None
    assessment_id, ruleset_id, ruleset_version, score, minimum_met, rules = raw
    outcomes = tuple(RuleOutcome(*rule) for rule in rules)
    return AssessmentSummary(assessment_id, ruleset_id, ruleset_version, score, minimum_met, outcomes)


@dataclass(frozen=True)
class Span:
    """A chunk of organisations: every id from `first` to `last`, or only the ids listed."""

    first: int
    last: int
    ids: tuple[int, ...] | None = None

    @classmethod
    def of(cls, ids: Iterable[int]) -> Span:
        """The span of some ids: a plain range when they are consecutive (the usual case of a full pass)."""
        unique = sorted(set(ids))
        if not unique:
            return cls(0, -1, ())
        dense = unique[-1] - unique[0] + 1 == len(unique)
        return cls(unique[0], unique[-1], None if dense else tuple(unique))

    def where(self, column: InstrumentedAttribute[int] | InstrumentedAttribute[int | None]) -> ColumnElement[bool]:
        """The condition that a column names an organisation of the span."""
        return column.between(self.first, self.last) if self.ids is None else column.in_(self.ids)


def _organisations(connection: Connection, span: Span) -> dict[int, OrganisationFacts]:
    """Register facts for the organisations."""
    o = Organisation
    rows = connection.execute(
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
        )
        .where(span.where(o.id))
        .order_by(o.id)  # statuses, and so notifications, in organisation order on every database
    )
    return {r[0]: OrganisationFacts(*r[:10], turnover_band(r[10], r[11])) for r in rows}


LinkFacts = dict[tuple[int, int], tuple[int, bool]]


def _checks(connection: Connection, span: Span) -> tuple[dict[int, list[FetchFacts]], LinkFacts]:
    """Discovery checks as searches, and the latest homepage-link fact per (organisation, statement found)."""
    d = DiscoveryCheck
    rows = connection.execute(
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
        .where(span.where(d.organisation_id))
        .order_by(d.checked_at, d.id)
    )
    searches: dict[int, list[FetchFacts]] = defaultdict(list)
    links: LinkFacts = {}
    for org_id, check_id, url, checked_at, outcome, statement_id, found, prominent, via in rows:
        searches[org_id].append(FetchFacts(check_id, url, checked_at, outcome, None, "discovery_check"))
        if outcome == "found" and statement_id is not None and via != "request":  # a given URL: homepage unseen
            links[(org_id, statement_id)] = (check_id, bool(found and prominent))
    return searches, links


# One statement covering an organisation, as loaded: (coverage source, statement id, source, url, publisher id,
# period end, statement year, approved on, declared JSON text, first seen, latest version id, version has text,
# version is a statement, homepage-link JSON text, assessment); the assessment is a RawAssessment or None.
RawStatement = tuple[Any, ...]


def _json_member(column: Any, key: str, dialect: str) -> ColumnElement[str]:
    """The JSON text of one top-level member of a JSON column (NULL when absent), without parsing the rest."""
    if dialect == "postgresql":
        return cast(column.op("->")(literal_column(f"'{key}'")), String)
    return type_coerce(column.op("->")(literal_column(f"'$.{key}'")), String)  # SQLite 3.38+


def _current_assessment(version_id: InstrumentedAttribute[int]) -> ScalarSelect[int]:
    """The id of a version's latest assessment under a current ruleset version."""
    a = aliased(Assessment)
    pairs = current_rulesets()
    current = or_(*(and_(a.ruleset_id == rid, a.ruleset_version == ver) for rid, ver in pairs)) if pairs else false()
    return (
        select(a.id)
        .where(a.statement_version_id == version_id, current)
        .order_by(a.assessed_at.desc(), a.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _statements(
    connection: Connection, span: Span, since: date | None, all_rules: bool
) -> dict[int, list[RawStatement]]:
    """Current statements covering each organisation with their latest version, its current assessment and that
    assessment's rules (only the failed ones unless all are asked for: status reads no other), in one query."""
    s, c, v, a, r = Statement, StatementCoverage, StatementVersion, Assessment, AssessmentRule
    dialect = connection.dialect.name
    later = aliased(StatementVersion)
    latest_no = select(func.max(later.version_no)).where(later.statement_id == s.id).scalar_subquery()
    text_length = func.octet_length(v.text) if dialect == "postgresql" else func.length(v.text)
    rules_on = r.assessment_id == a.id if all_rules else and_(r.assessment_id == a.id, r.verdict == "fail")
    query = (
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
            v.id,
            text_length > 0,
            v.is_statement,
            _json_member(v.facts, "homepage_link", dialect),
            a.id,
            a.ruleset_id,
            a.ruleset_version,
            a.score,
            a.minimum_requirements_met,
            r.rule_id,
            r.verdict,
            r.basis,
        )
        .select_from(c)
        .join(s, s.id == c.statement_id)
        .outerjoin(v, and_(v.statement_id == s.id, v.version_no == latest_no))
        .outerjoin(a, a.id == _current_assessment(v.id))
        .outerjoin(r, rules_on)
        .where(span.where(c.organisation_id), s.state == "current")
        .where(*([or_(s.period_end.is_(None), s.period_end >= since)] if since else []))
        .order_by(c.organisation_id, s.id, r.position)
    )
    found: dict[int, list[RawStatement]] = defaultdict(list)
    key: tuple[int, int] | None = None
    head: tuple[Any, ...] = ()
    assessment: tuple[Any, ...] | None = None
    rules: list[tuple[str, str, str, str]] = []
    described: dict[str, str] = {}

    def finish() -> None:
        raw_assessment = (*assessment, tuple(rules)) if assessment is not None else None
        found[head[0]].append((*head[1:], raw_assessment))

    for row in connection.execute(query):
        if (row[0], row[2]) != key:
            if key is not None:
                finish()
            key, rules = (row[0], row[2]), []
            head = (*row[:12], bool(row[12]), row[13], row[14])
            assessment = tuple(row[15:20]) if row[15] is not None else None
            described = rule_descriptions(row[16]) if row[15] is not None else {}
        if row[20] is not None:
            rules.append((row[20], row[21], row[22], described.get(row[20], "")))
    if key is not None:
        finish()
    return found


def build_statement(org_id: int, raw: RawStatement, links: LinkFacts) -> StatementFacts:
    """A raw statement row as StatementFacts (JSON parsed here, only when a status is computed)."""
    coverage, sid, source, url, publisher, period_end, year, approved, declared_text, seen, *version = raw
    vid, has_text, is_statement, link_text, raw_assessment = version
    declared: dict[str, Any] = json.loads(declared_text) if declared_text and declared_text != "{}" else {}
    checked = links.get((org_id, sid))
    if checked is None:
        check_id, link = None, homepage_from_json(link_text) if link_text is not None else None
    else:
        check_id, link = checked
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
        declared_areas=_declared_areas(declared) if declared else (),
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
            statements = tuple(build_statement(org_id, r, self.links) for r in self.statements)
            self._built = StatusInputs(self.organisation, statements, tuple(self.fetches))
        return self._built


def _fetches(connection: Connection, span: Span) -> dict[int, list[FetchFacts]]:
    """Statement fetch attempts made on each organisation's behalf."""
    f = FetchAttempt
    rows = connection.execute(
        select(f.organisation_id, f.id, f.url, f.attempted_at, f.outcome, f.status_code).where(
            span.where(f.organisation_id), f.purpose == "statement"
        )
    )
    found: dict[int, list[FetchFacts]] = defaultdict(list)
    for org_id, fetch_id, url, attempted_at, outcome, status_code in rows:
        if org_id is not None:
            found[org_id].append(FetchFacts(fetch_id, url, attempted_at, outcome, status_code))
    return found


def load_raw(
    session: Session, ids: Iterable[int] | Span, since: date | None = None, all_rules: bool = True
) -> dict[int, RawInputs]:
    """Raw inputs for each organisation among the ids (statements for periods ending since `since`; with every
    rule of each assessment, or only the failed ones that status reads)."""
    span = ids if isinstance(ids, Span) else Span.of(ids)
    session.flush()  # read through the connection below: pending ORM changes must be there first
    connection = session.connection()
    organisations = _organisations(connection, span)
    searches, links = _checks(connection, span)
    statements = _statements(connection, span, since, all_rules)
    fetches = _fetches(connection, span)
    for org_id, checks in searches.items():
        fetches[org_id].extend(checks)
    links_by_org: dict[int, LinkFacts] = defaultdict(dict)
    for key, value in links.items():
        links_by_org[key[0]][key] = value
    return {
        org_id: RawInputs(
            facts,
            statements.get(org_id, []),  # ordered by statement id
            sorted(fetches.get(org_id, []), key=lambda f: (f.attempted_at, f.kind, f.id)),
            links_by_org.get(org_id, {}),
        )
        for org_id, facts in organisations.items()
    }


def load_inputs(session: Session, ids: Sequence[int], since: date | None = None) -> dict[int, StatusInputs]:
    """Status inputs for each organisation among the ids."""
    return {org_id: raw.build() for org_id, raw in load_raw(session, ids, since).items()}
