"""The scope thresholds by jurisdiction, loaded from data with their basis and citation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class JurisdictionRule:
    """One jurisdiction's size test."""

    jurisdiction: str
    currency: str
    basis: str
    citation: str
    turnover_threshold: Decimal | None
    public_body_threshold: Decimal | None
    public_body_basis: str | None
    public_body_citation: str | None
    ca_tests: dict[str, Decimal]
    tests_required: int


def _rule(code: str, raw: dict[str, Any]) -> JurisdictionRule:
    """Parse one jurisdiction's entry."""
    public = raw.get("public_body") or {}
    threshold = raw.get("turnover_threshold")
    return JurisdictionRule(
        jurisdiction=code,
        currency=raw["currency"],
        basis=raw["basis"],
        citation=raw["citation"],
        turnover_threshold=Decimal(str(threshold)) if threshold is not None else None,
        public_body_threshold=Decimal(str(public["budget_threshold"])) if public else None,
        public_body_basis=public.get("basis"),
        public_body_citation=public.get("citation"),
        ca_tests={name: Decimal(str(value)) for name, value in (raw.get("tests") or {}).items()},
        tests_required=int(raw.get("tests_required", 0)),
    )


@lru_cache
def scope_rules() -> dict[str, JurisdictionRule]:
    """Every jurisdiction's rule, keyed by code (UK, AU, CA)."""
    raw = yaml.safe_load(Path(__file__).with_name("data").joinpath("scope_rules.yaml").read_text("utf-8"))
    return {code: _rule(code, entry) for code, entry in raw.items()}
