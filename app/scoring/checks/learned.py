"""Content checks by a linear sentence model stored as data; each evidence sentence names its strongest features."""

from __future__ import annotations

from pydantic import Field, field_validator

from app.scoring.checks.areas import DEFAULT_FUTURE, future_sentences
from app.scoring.checks.registry import CheckParams, check
from app.scoring.context import ScoringContext
from app.scoring.model import LinearModel, load_model
from app.scoring.types import CheckResult, Evidence


class LinearParams(CheckParams):
    """The model file and label; how many sentences of steps taken make a pass; whether promises count."""

    model: str
    label: str
    threshold_offset: float = 0.0
    pass_min: int = Field(default=1, ge=1)
    future_partial: bool = True
    future_pattern: str = DEFAULT_FUTURE
    max_evidence: int | None = Field(default=None, ge=1)

    @field_validator("model")
    @classmethod
    def _model_loads(cls, value: str) -> str:
        """Refuse a model that is missing or does not load (checked at start-up with the ruleset)."""
        load_model(value)
        return value


def model_margins(ctx: ScoringContext, model: LinearModel) -> tuple[list[list[str]], list[list[float]]]:
    """Features and margins of every sentence for this model (computed once per assessment)."""
    key = "model:" + model.name
    cached: tuple[list[list[str]], list[list[float]]] | None = ctx.cache.get(key)
    if cached is None:
        features = model.features(ctx.text, ctx.sentences)
        cached = (features, model.margins(features))
        ctx.cache[key] = cached
    return cached


def model_positive(ctx: ScoringContext, model_name: str, label: str, offset: float = 0.0) -> list[int]:
    """Indices of the sentences the model puts on the label's side of its threshold."""
    model = load_model(model_name)
    if label not in model.labels:
        raise ValueError(f"model {model_name!r} has no label {label!r}")
    column = model.labels.index(label)
    _, margins = model_margins(ctx, model)
    threshold = model.thresholds[column] + offset
    return [index for index, row in enumerate(margins) if row[column] >= threshold]


def describe(ctx: ScoringContext, model_name: str, label: str, indices: list[int]) -> str:
    """The features that weighed most across the evidence sentences, e.g. "'supplier' +0.8"."""
    model = load_model(model_name)
    features, _ = model_margins(ctx, model)
    totals: dict[str, float] = {}
    for index in indices:
        for feature, weight in model.explain(features[index], label):
            totals[feature] = totals.get(feature, 0.0) + weight
    top = sorted(totals.items(), key=lambda item: -item[1])[:5]
    return ", ".join(f"{feature} {weight / max(len(indices), 1):+.2f}" for feature, weight in top)


@check("linear_sentences", LinearParams)
def linear_sentences(ctx: ScoringContext, params: LinearParams) -> CheckResult:
    """Pass with enough sentences of steps taken; partial with fewer or only promises; fail with none."""
    if params.label not in load_model(params.model).labels:
        raise ValueError(f"model {params.model!r} has no label {params.label!r}")
    found = model_positive(ctx, params.model, params.label, params.threshold_offset)
    future = future_sentences(ctx, params.future_pattern) if params.future_partial else frozenset()
    taken = [index for index in found if index not in future]
    evidence: list[Evidence] = [ctx.evidence(ctx.sentences[i]) for i in found[: params.max_evidence or None]]
    if not found:
        return CheckResult("fail", "no sentence addresses it", [])
    features = describe(ctx, params.model, params.label, taken or found)
    if len(taken) >= params.pass_min:
        return CheckResult("pass", f"{len(taken)} sentence(s) address it (strongest features: {features})", evidence)
    if taken:
        return CheckResult("partial", f"only {len(taken)} sentence(s), {params.pass_min} wanted ({features})", evidence)
    return CheckResult("partial", f"only promises of future action, no steps taken ({features})", evidence)
