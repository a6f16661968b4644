"""Scoring decisions for stored statements: assess a version, store the result, re-score on a new ruleset version."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy.orm import Session

from app.extraction.types import ExtractedDocument, PageSpan
from app.models.assessments import Assessment, AssessmentRule
from app.models.statements import StatementVersion
from app.scoring import repository
from app.scoring.engine import assess
from app.scoring.rulesets import DEFAULT_RULESET, Ruleset, get_ruleset, load_rulesets
from app.scoring.types import LegalForm
from app.screening.statement_flags import screen_after_scoring

logger = logging.getLogger(__name__)
KNOWN_FORMS = {"company", "llp", "limited_partnership", "partnership", "charity", "public_body", "other"}


@dataclass
class RescoreResult:
    """What a re-scoring run did, per ruleset."""

    scored: dict[str, int] = field(default_factory=dict)
    skipped_current: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    version_ids: list[int] = field(default_factory=list)  # the versions given a new assessment


def document_of(version: StatementVersion) -> ExtractedDocument:
    """The stored extraction of a version; pages are [number, start, end] (or [start, end] in page order)."""
    pages = [
        PageSpan(*span) if len(span) == 3 else PageSpan(number, span[0], span[1])
        for number, span in enumerate(version.pages or [], start=1)
    ]
    status = version.extraction_status if version.extraction_status in ("ok", "needs_ocr", "error") else "error"
    return ExtractedDocument(
        status=status,  # type: ignore[arg-type]  # narrowed by the membership test above
        kind="unknown",
        text=version.text or "",
        pages=pages,
        error=version.extraction_error,
    )


def inputs_for(session: Session, version: StatementVersion) -> tuple[LegalForm, dict[str, Any]]:
    """The legal form of the publisher (company when unknown) and the facts discovery recorded (homepage link)."""
    statement = version.statement
    form = repository.publisher_legal_form(session, statement)
    legal_form = cast(LegalForm, form if form in KNOWN_FORMS else "company")
    declared = statement.declared or {}
    discovery = {"homepage_link": declared["homepage_link"]} if declared.get("homepage_link") is not None else {}
    return legal_form, discovery


def assess_version(session: Session, version: StatementVersion, ruleset: Ruleset | None = None) -> Assessment:
    """Score one stored version (ruleset by the statement's jurisdiction unless given), add the result, screen it."""
    chosen = ruleset or get_ruleset(DEFAULT_RULESET.get(version.statement.jurisdiction, "uk-msa-s54"))
    legal_form, discovery = inputs_for(session, version)
    outcome = assess(document_of(version), chosen, discovery, legal_form=legal_form, title=version.statement.title)
    record = Assessment(
        statement_version_id=version.id,
        ruleset_id=outcome.ruleset_id,
        ruleset_version=outcome.ruleset_version,
        legal_form=legal_form,
        status=outcome.status,
        error=outcome.error,
        is_statement=outcome.detection.is_statement,
        detection_confidence=outcome.detection.confidence,
        score=outcome.score,
        minimum_requirements_met=outcome.minimum_requirements_met,
        minimum_requirements_unknown=outcome.minimum_requirements_unknown,
        facts=outcome.facts.to_dict(),
        inputs={"legal_form": legal_form, "discovery": discovery, "detection_reasons": outcome.detection.reasons},
        rules=[
            AssessmentRule(
                position=position,
                rule_id=rule.id,
                verdict=rule.verdict,
                basis=rule.basis,
                weight=rule.weight,
                citation=rule.citation,
                explanation=rule.explanation,
                evidence=[e.to_dict() for e in rule.evidence],
            )
            for position, rule in enumerate(outcome.rules)
        ],
    )
    session.add(record)
    session.flush()
    screen_after_scoring(session, version)  # issue 7: the scored text is screened for forced-labour orders
    return record


def rescore_statements(session: Session, limit: int | None = None) -> RescoreResult:
    """Assess every current statement's newest version not yet assessed with its ruleset's current version."""
    result = RescoreResult()
    for ruleset in load_rulesets().values():
        if DEFAULT_RULESET.get(ruleset.jurisdiction) != ruleset.id:
            continue
        pending = repository.pending_version_ids(session, ruleset.jurisdiction, ruleset.id, ruleset.version, limit)
        total = repository.count_current_statements(session, ruleset.jurisdiction)
        result.skipped_current[ruleset.id] = max(total - len(pending), 0)  # already current (or beyond the limit)
        for version_id in pending:
            version = session.get(StatementVersion, version_id)
            if version is None:
                continue
            try:
                with session.begin_nested():
                    record = assess_version(session, version, ruleset)
            except Exception as exc:  # one bad version must not stop the run; it is reported and retried next time
                logger.exception("scoring statement version %s failed", version_id)
                result.failed.append(f"version {version_id}: {exc!r}")
                continue
            session.expunge(record)
            session.expunge(version)
            result.scored[ruleset.id] = result.scored.get(ruleset.id, 0) + 1
            result.version_ids.append(version_id)
    return result
