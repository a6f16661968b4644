"""Assessments: a statement version scored against one ruleset version, with every rule's verdict and evidence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow

VERDICTS = ("pass", "partial", "fail", "unknown", "not_applicable")
BASES = ("law", "guidance", "registry", "proposed")
ASSESSMENT_STATUSES = ("ok", "needs_ocr", "error")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL for `column IN (...)`, for a named check constraint."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Assessment(Base):
    """One statement version against one ruleset version; a newer ruleset version adds a new assessment."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint(
            "statement_version_id", "ruleset_id", "ruleset_version", "legal_form", name="uq_assessments_version_ruleset"
        ),
        CheckConstraint(_in("status", ASSESSMENT_STATUSES), name="status"),
        CheckConstraint("score >= 0 AND score <= 100", name="score"),
        Index("ix_assessments_ruleset", "ruleset_id", "ruleset_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_version_id: Mapped[int] = mapped_column(
        ForeignKey("statement_versions.id", ondelete="CASCADE"), index=True
    )
    ruleset_id: Mapped[str] = mapped_column(String(40))
    ruleset_version: Mapped[str] = mapped_column(String(40))
    legal_form: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(12))
    error: Mapped[str | None] = mapped_column(Text)
    is_statement: Mapped[bool] = mapped_column(Boolean)
    detection_confidence: Mapped[float] = mapped_column(Float)
    score: Mapped[int] = mapped_column(Integer)
    minimum_requirements_met: Mapped[bool | None] = mapped_column(Boolean)
    minimum_requirements_unknown: Mapped[list[str]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    rules: Mapped[list[AssessmentRule]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentRule.position"
    )


class AssessmentRule(Base):
    """One rule's verdict inside an assessment, with its basis and evidence spans (text, start, end, page)."""

    __tablename__ = "assessment_rules"
    __table_args__ = (
        UniqueConstraint("assessment_id", "rule_id"),
        CheckConstraint(_in("verdict", VERDICTS), name="verdict"),
        CheckConstraint(_in("basis", BASES), name="basis"),
        Index("ix_assessment_rules_rule_verdict", "rule_id", "verdict"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(60))
    verdict: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(12))
    weight: Mapped[float] = mapped_column(Float)
    citation: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    assessment: Mapped[Assessment] = relationship(back_populates="rules")
