"""Builders for status-engine inputs and for database rows the compliance tests need."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

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
from app.models.organisations import Organisation
from app.models.statements import FetchAttempt, Statement, StatementCoverage, StatementVersion
from app.scoring.rulesets import get_ruleset

PASSING_RULES = (
    RuleOutcome("approval", "pass", "law", "Approved by the board"),
    RuleOutcome("signature", "pass", "law", "Signed by a director"),
    RuleOutcome("statement_content", "pass", "law", "Steps taken (s54(4))"),
    RuleOutcome("training", "pass", "guidance", "Training"),
)


def at(day: date) -> datetime:
    """Noon UTC on a day."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def org(**overrides: Any) -> OrganisationFacts:
    """An in-scope UK company with a 31 December year end."""
    values: dict[str, Any] = {
        "id": 1,
        "name": "Acme Ltd",
        "jurisdiction": "UK",
        "scope_status": "in_scope",
        "scope_confidence": "presumed",
        "scope_basis": "law",
        "fye_month": 12,
        "fye_day": 31,
    }
    return OrganisationFacts(**{**values, **overrides})


def assessment(*rules: RuleOutcome, id: int = 70) -> AssessmentSummary:
    """An assessment with the given rule outcomes (passing minimums by default)."""
    return AssessmentSummary(id, "uk-msa-s54", "2026.11.1", 80.0, True, rules or PASSING_RULES)


def statement(**overrides: Any) -> StatementFacts:
    """Acme's own assessed statement for the year ending 31 December 2024, found in March 2025."""
    values: dict[str, Any] = {
        "id": 10,
        "source": "discovery",
        "coverage_source": "publisher",
        "publisher_id": 1,
        "first_seen_at": at(date(2025, 3, 1)),
        "url": "https://acme.example/msa",
        "version_id": 11,
        "period_end": date(2024, 12, 31),
        "has_text": True,
        "is_statement": True,
        "homepage_link": True,
        "assessment": assessment(),
    }
    return StatementFacts(**{**values, **overrides})


def fetch(
    day: date,
    outcome: str = "not_found",
    id: int = 90,
    url: str = "https://acme.example/",
    status_code: int | None = None,
) -> FetchFacts:
    """A fetch attempt on a day."""
    return FetchFacts(id, url, at(day), outcome, status_code)


def inputs(
    organisation: OrganisationFacts | None = None,
    statements: tuple[StatementFacts, ...] = (),
    fetches: tuple[FetchFacts, ...] = (),
) -> StatusInputs:
    """Status inputs."""
    return StatusInputs(organisation or org(), statements, fetches)


def add_organisation(session: Session, name: str = "Acme Ltd", **overrides: Any) -> Organisation:
    """A stored in-scope UK organisation."""
    values: dict[str, Any] = {
        "name": name,
        "name_key": name.lower(),
        "jurisdiction": "UK",
        "legal_form": "company",
        "scope_status": "in_scope",
        "scope_confidence": "presumed",
        "scope_basis": "law",
        "scope_reason": "Turnover of £50m is at least £36m.",
        "financial_year_end_month": 12,
        "financial_year_end_day": 31,
        "sector": "Retail",
        "turnover_amount": 50_000_000,
        "turnover_currency": "GBP",
    }
    organisation = Organisation(**{**values, **overrides})
    session.add(organisation)
    session.flush()
    return organisation


def add_statement(
    session: Session,
    publisher: Organisation,
    *,
    covers: tuple[Organisation, ...] = (),
    period_end: date = date(2024, 12, 31),
    seen: date = date(2025, 3, 1),
    text: str = "We have taken steps.",
    facts: dict[str, Any] | None = None,
    **overrides: Any,
) -> tuple[Statement, StatementVersion]:
    """A stored statement with one version, covering its publisher and any named organisations."""
    statement = Statement(
        source=overrides.pop("source", "discovery"),
        source_key=overrides.pop("source_key", f"https://{publisher.id}.example/msa/{period_end}"),
        url=f"https://{publisher.id}.example/msa",
        publisher_id=publisher.id,
        period_end=period_end,
        first_seen_at=at(seen),
        last_seen_at=at(seen),
        **overrides,
    )
    session.add(statement)
    session.flush()
    version = StatementVersion(
        statement_id=statement.id,
        version_no=1,
        extraction_status="ok",
        text=text,
        is_statement=True,
        facts=facts if facts is not None else {},
        first_seen_at=at(seen),
    )
    session.add(version)
    session.add(StatementCoverage(statement_id=statement.id, organisation_id=publisher.id, source="publisher"))
    for other in covers:
        session.add(StatementCoverage(statement_id=statement.id, organisation_id=other.id, source="named_in_text"))
    session.flush()
    return statement, version


def add_fetch(
    session: Session,
    organisation: Organisation,
    day: date,
    outcome: str = "not_found",
    url: str | None = None,
    status_code: int | None = None,
) -> FetchAttempt:
    """A stored fetch attempt."""
    attempt = FetchAttempt(
        organisation_id=organisation.id,
        url=url or f"https://{organisation.id}.example/",
        attempted_at=at(day),
        outcome=outcome,
        status_code=status_code,
    )
    session.add(attempt)
    session.flush()
    return attempt


def homepage_facts(homepage: bool = True) -> dict[str, Any]:
    """StatementVersion.facts holding the homepage-link fact discovery records."""
    return {"homepage_link": {"found": homepage, "prominent": homepage}}


def add_assessment(
    session: Session,
    version: StatementVersion,
    *failed: tuple[str, str],
    ruleset_version: str | None = None,
    score: int = 70,
    assessed: datetime | None = None,
    legal_form: str = "company",
) -> Assessment:
    """A stored uk-msa-s54 assessment of a version (current ruleset version unless given): the passing rules, some
    of them replaced by failed (rule, basis) pairs."""
    failing = {rule for rule, _ in failed}
    rules = [(r.id, "pass", r.basis) for r in PASSING_RULES if r.id not in failing]
    rules += [(rule, "fail", basis) for rule, basis in failed]
    record = Assessment(
        statement_version_id=version.id,
        ruleset_id="uk-msa-s54",
        ruleset_version=ruleset_version or get_ruleset("uk-msa-s54").version,
        legal_form=legal_form,
        status="ok",
        is_statement=True,
        detection_confidence=0.9,
        score=score,
        minimum_requirements_met=all(basis != "law" for _, basis in failed),
        assessed_at=assessed or datetime.now(UTC),
        rules=[
            AssessmentRule(
                position=n, rule_id=rule, verdict=verdict, basis=basis, weight=1.0, citation="s54", explanation=rule
            )
            for n, (rule, verdict, basis) in enumerate(rules)
        ],
    )
    session.add(record)
    session.flush()
    return record
