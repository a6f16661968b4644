"""Pydantic shapes of the scoring API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

LegalFormIn = Literal["company", "llp", "limited_partnership", "partnership", "charity", "public_body", "other"]


class RuleRead(BaseModel):
    """A rule as published: what it checks, its weight, basis and citation."""

    id: str
    check: str
    weight: float
    basis: str
    citation: str
    description: str
    minimum_requirement: bool


class RulesetRead(BaseModel):
    """A ruleset and its rules."""

    id: str
    version: str
    jurisdiction: str
    title: str
    description: str
    legal_forms: list[str]
    rules: list[RuleRead]


class ScoreCreate(BaseModel):
    """Text to score without storing it."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = None
    ruleset: str | None = None
    legal_form: LegalFormIn = "company"
    homepage_link: bool | None = None


class ScoreRead(BaseModel):
    """The assessment, in the same shape as `mst score --json`."""

    is_statement: bool
    confidence: float
    detection_reasons: list[str]
    ruleset: str
    ruleset_version: str
    jurisdiction: str
    legal_form: str
    score: int
    minimum_requirements_met: bool | None
    minimum_requirements_unknown: list[str]
    facts: dict[str, Any]
    rules: list[dict[str, Any]]
    status: str
    error: str | None
