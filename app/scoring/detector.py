"""Is this text a modern slavery statement? Weighted cues from data/detector.yaml, each reason explained."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.scoring.patterns import fast_finditer, lowered

DETECTOR_FILE = Path(__file__).parent / "data" / "detector.yaml"
FLAGS = re.IGNORECASE | re.MULTILINE
SCOPES = ("head", "all", "body")
# An appended document (a policy, a code) starts at a line opening with "Appendix 1", "Annex B" ...
APPENDIX_HEADING = re.compile(r"^[^\S\n]*(?:appendix|annex(?:ure)?)(?:[^\S\n]+(?:\d{1,2}|[a-z]|[ivx]{1,4}))?\b", FLAGS)


@dataclass
class Detection:
    """The verdict, the confidence in that verdict (0.5-1.0) and the reasons behind it."""

    is_statement: bool
    confidence: float
    reasons: list[str] = field(default_factory=list)
    probability: float = 0.0  # that the text is a statement, for ranking candidates


@dataclass(frozen=True)
class Cue:
    """One weighted pattern of the detector."""

    id: str
    source: str
    pattern: re.Pattern[str]
    scope: str
    weight: float
    cap: int
    reason: str


@dataclass(frozen=True)
class DetectorModel:
    """The detector's cues, bias and threshold as loaded from its data file."""

    version: str
    head_chars: int
    bias: float
    threshold: float
    topic: re.Pattern[str]
    cues: tuple[Cue, ...]


def _cue(raw: dict[str, Any], path: Path) -> Cue:
    """One cue from its YAML mapping; a bad entry names the file and the cue."""
    try:
        if raw["scope"] not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {raw['scope']!r}")
        return Cue(
            id=str(raw["id"]),
            source=str(raw["pattern"]),
            pattern=re.compile(raw["pattern"], FLAGS),
            scope=raw["scope"],
            weight=float(raw["weight"]),
            cap=int(raw["cap"]),
            reason=str(raw["reason"]),
        )
    except (KeyError, ValueError, TypeError, re.error) as exc:
        raise ValueError(f"{path}: cue {raw.get('id', '?')!r} is invalid: {exc!r}") from exc


@lru_cache
def load_detector(path: Path = DETECTOR_FILE) -> DetectorModel:
    """Parse and compile the detector's data file once."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return DetectorModel(
        version=str(raw["version"]),
        head_chars=int(raw["head_chars"]),
        bias=float(raw["bias"]),
        threshold=float(raw["threshold"]),
        topic=re.compile(raw["topic"], FLAGS),
        cues=tuple(_cue(item, path) for item in raw["cues"]),
    )


def _logistic(value: float) -> float:
    """The logistic function, safe for large magnitudes."""
    return 1.0 / (1.0 + math.exp(-max(min(value, 50.0), -50.0)))


def _count(cue: Cue, text: str, low: str | None) -> int:
    """Hits of a cue in the text, up to its cap (on the lower-cased text when offsets allow)."""
    # the head is short and read by two cues: scanning it is cheaper than indexing its words
    return len(fast_finditer(cue.source, text, low, cue.cap, indexed=cue.scope != "head"))


def body_of(text: str, head_chars: int) -> str:
    """The text before its first appendix heading after the head: what the document itself says."""
    match = APPENDIX_HEADING.search(text, head_chars)
    return text[: match.start()] if match else text


def detect_statement(text: str, *, title: str | None = None) -> Detection:
    """Decide whether `text` (with an optional page or document title) is a statement, with reasons."""
    model = load_detector()
    head = f"{title or ''}\n{text[: model.head_chars]}"
    if not model.topic.search(head) and not model.topic.search(text):
        return Detection(False, 0.99, ["never mentions modern slavery, trafficking or forced labour"], 0.01)
    score = model.bias
    contributions: list[tuple[float, str]] = []
    body = body_of(text, model.head_chars)
    scopes = {"head": head, "all": text, "body": body}
    low = {"head": lowered(head), "all": lowered(text), "body": lowered(body)}
    for cue in model.cues:
        hits = _count(cue, scopes[cue.scope], low[cue.scope])
        if hits:
            weight = cue.weight * hits
            score += weight
            contributions.append((weight, f"{cue.reason} ({hits}x, {weight:+.1f})"))
    probability = _logistic(score)
    is_statement = probability >= model.threshold
    contributions.sort(key=lambda item: -item[0] if is_statement else item[0])
    reasons = [reason for _, reason in contributions] or ["no cue of a statement found"]
    confidence = probability if is_statement else 1.0 - probability
    return Detection(is_statement, round(confidence, 3), reasons, round(probability, 3))
