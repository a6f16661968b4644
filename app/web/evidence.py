"""An assessment shown against its statement text: each rule's verdict, basis and the evidence highlighted."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models.assessments import Assessment, AssessmentRule


@dataclass
class Segment:
    """A run of statement text, and the evidence marks that cover it (empty for plain text)."""

    text: str
    marks: list[str] = field(default_factory=list)
    anchor: str | None = None


@dataclass
class Shown:
    """The latest assessment of a version with its text cut into highlighted segments."""

    assessment: Assessment
    segments: list[Segment]
    anchors: dict[int, list[str]]


def latest_assessments(session: Session, version_ids: list[int]) -> dict[int, Assessment]:
    """The newest assessment of each version, with its rules."""
    if not version_ids:
        return {}
    rows = session.scalars(
        select(Assessment).where(Assessment.statement_version_id.in_(version_ids))
        .options(selectinload(Assessment.rules))
        .order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
    )
    latest: dict[int, Assessment] = {}
    for assessment in rows:
        latest.setdefault(assessment.statement_version_id, assessment)
    return latest


def _spans(rules: list[AssessmentRule], length: int) -> list[tuple[int, int, str, int]]:
    """(start, end, rule id, rule position) of every evidence span that lies inside the text."""
    spans = []
    for rule in rules:
        for item in rule.evidence or []:
            start, end = item.get("start"), item.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
                spans.append((start, end, rule.rule_id, rule.position))
    return sorted(spans)


def highlight(text: str, assessment: Assessment, prefix: str) -> Shown:
    """Cut the text at every span edge; each piece lists the rules whose evidence covers it."""
    spans = _spans(list(assessment.rules), len(text))
    edges = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    segments: list[Segment] = []
    anchors: dict[int, list[str]] = {}
    for start, end in itertools.pairwise(edges):
        covering = [(rule_id, position, s) for s, e, rule_id, position in spans if s <= start and end <= e]
        segment = Segment(text=text[start:end], marks=sorted({rule_id for rule_id, _, _ in covering}))
        for _rule_id, position, span_start in covering:
            if span_start == start:
                segment.anchor = f"{prefix}-{start}"
                anchors.setdefault(position, []).append(segment.anchor)
        segments.append(segment)
    return Shown(assessment=assessment, segments=segments, anchors=anchors)
