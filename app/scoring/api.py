"""HTTP routes of the rules engine: the rulesets in force and scoring a text on demand."""

from __future__ import annotations

from fastapi import APIRouter

from app.errors import InvalidInput, NotFound
from app.scoring.engine import assess
from app.scoring.rulesets import Ruleset, RulesetError, get_ruleset, load_rulesets
from app.scoring.schemas import RuleRead, RulesetRead, ScoreCreate, ScoreRead

load_rulesets()  # validate every ruleset when the API is built: a bad file stops start-up, naming file and rule
router = APIRouter(tags=["scoring"])


def _read(ruleset: Ruleset) -> RulesetRead:
    """A ruleset as published."""
    rules = [RuleRead.model_validate(rule.model_dump(exclude={"params", "validated_params"})) for rule in ruleset.rules]
    return RulesetRead(**ruleset.model_dump(exclude={"rules"}), rules=rules)


@router.get("/rulesets", response_model=list[RulesetRead])
def list_rulesets() -> list[RulesetRead]:
    """Every ruleset with its version and rules."""
    return [_read(ruleset) for ruleset in load_rulesets().values()]


@router.get("/rulesets/{ruleset_id}", response_model=RulesetRead)
def read_ruleset(ruleset_id: str) -> RulesetRead:
    """One ruleset."""
    try:
        return _read(get_ruleset(ruleset_id))
    except RulesetError as exc:
        raise NotFound(str(exc)) from exc


@router.post("/score", response_model=ScoreRead)
def score_text(body: ScoreCreate) -> ScoreRead:
    """Detect, extract facts and score a text against a ruleset (nothing is stored)."""
    try:
        ruleset = get_ruleset(body.ruleset) if body.ruleset else None
    except RulesetError as exc:
        raise InvalidInput(str(exc), details={"field": "ruleset"}) from exc
    discovery = {} if body.homepage_link is None else {"homepage_link": body.homepage_link}
    assessment = assess(body.text, ruleset, discovery, legal_form=body.legal_form, title=body.title)
    return ScoreRead.model_validate(assessment.to_dict())
