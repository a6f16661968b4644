"""Rulesets as data: YAML files validated at start-up against the registered checks."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.scoring.checks.registry import registered_checks
from app.scoring.types import Basis

RULESET_DIR = Path(__file__).parent / "rulesets"


class RulesetError(ValueError):
    """A ruleset file is malformed or names an unknown check; the message names the file and rule."""


class Rule(BaseModel):
    """One rule: a registered check with its parameters, weight, legal basis and citation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    check: str
    params: dict[str, Any] = Field(default_factory=dict)
    weight: float = Field(ge=0)
    basis: Basis
    citation: str = Field(min_length=1)
    description: str = Field(min_length=1)
    minimum_requirement: bool = False
    validated_params: Any = None

    @model_validator(mode="after")
    def _minimum_is_law(self) -> Rule:
        """A minimum requirement is a legal duty: it cannot rest on guidance or a proposal."""
        if self.minimum_requirement and self.basis != "law":
            raise ValueError(f"a minimum requirement must have basis 'law', not {self.basis!r}")
        return self


class Ruleset(BaseModel):
    """A versioned, named list of rules for one jurisdiction."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    version: str = Field(min_length=1)
    jurisdiction: Literal["UK", "AU", "CA"]
    title: str
    description: str = ""
    legal_forms: list[str] = Field(default_factory=lambda: ["company"])
    rules: list[Rule] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        """Refuse two rules with the same id."""
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} appears twice")
            seen.add(rule.id)
        return rules

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id."""
        return next(rule for rule in self.rules if rule.id == rule_id)


def _describe_errors(error: ValidationError, raw: dict[str, Any]) -> str:
    """Validation errors as 'rule <id>: field: reason' lines."""
    lines = []
    for item in error.errors():
        location = list(item["loc"])
        if len(location) >= 2 and location[0] == "rules" and isinstance(location[1], int):
            rules = raw.get("rules") or []
            rule_id = rules[location[1]].get("id", f"#{location[1]}") if location[1] < len(rules) else location[1]
            where = f"rule {rule_id!r}: " + ".".join(str(part) for part in location[2:])
        else:
            where = ".".join(str(part) for part in location) or "(top level)"
        lines.append(f"{where}: {item['msg']}")
    return "; ".join(lines)


def _validate_checks(ruleset: Ruleset, path: Path) -> Ruleset:
    """Resolve every rule's check and validate its parameters with the check's model."""
    checks = registered_checks()
    rules = []
    for rule in ruleset.rules:
        registered = checks.get(rule.check)
        if registered is None:
            known = ", ".join(sorted(checks))
            raise RulesetError(f"{path}: rule {rule.id!r}: unknown check {rule.check!r} (known checks: {known})")
        try:
            params = registered.params_model.model_validate(rule.params)
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise RulesetError(
                f"{path}: rule {rule.id!r}: params for check {rule.check!r} are invalid: {details}"
            ) from exc
        rules.append(rule.model_copy(update={"validated_params": params}))
    return ruleset.model_copy(update={"rules": rules})


def load_ruleset(path: Path) -> Ruleset:
    """Parse and validate one ruleset file; any problem raises RulesetError naming the file and rule."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesetError(f"{path}: cannot read ruleset: {exc}") from exc
    if not isinstance(raw, dict):
        raise RulesetError(f"{path}: a ruleset must be a mapping with id, version, jurisdiction and rules")
    try:
        ruleset = Ruleset.model_validate(raw)
    except ValidationError as exc:
        raise RulesetError(f"{path}: {_describe_errors(exc, raw)}") from exc
    return _validate_checks(ruleset, path)


@lru_cache
def load_rulesets(directory: Path = RULESET_DIR) -> dict[str, Ruleset]:
    """Every ruleset in the folder, by id; called at start-up so a bad file stops the service."""
    rulesets: dict[str, Ruleset] = {}
    for path in sorted(directory.glob("*.yaml")):
        ruleset = load_ruleset(path)
        if ruleset.id in rulesets:
            raise RulesetError(f"{path}: ruleset id {ruleset.id!r} is already defined by another file")
        rulesets[ruleset.id] = ruleset
    if not rulesets:
        raise RulesetError(f"{directory}: no ruleset files found")
    return rulesets


def get_ruleset(ruleset_id: str) -> Ruleset:
    """The ruleset with this id, or a clear error listing those that exist."""
    rulesets = load_rulesets()
    if ruleset_id not in rulesets:
        raise RulesetError(f"unknown ruleset {ruleset_id!r} (available: {', '.join(sorted(rulesets))})")
    return rulesets[ruleset_id]


DEFAULT_RULESET = {"UK": "uk-msa-s54", "AU": "au-msa-2018", "CA": "ca-s211"}
