"""A linear sentence model stored as data: features of a sentence and its context, one weight table per label."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from app.scoring.patterns import fast_finditer, lowered
from app.scoring.sentences import Sentence

if TYPE_CHECKING:
    import numpy as np

MODEL_DIR = Path(__file__).parent / "data" / "models"
TOKEN = re.compile(r"[a-z][a-z'’-]*[a-z]|\d+%|\d{4}|\d+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "by",
        "with",
        "at",
        "as",
        "is",
        "are",
        "be",
        "this",
        "that",
        "it",
        "its",
        "from",
    ]
)
FUTURE = re.compile(r"\b(?:will|plan|plans|intend|intends|aim|aims|next\s+year|going\s+forward|future)\b")
NAME_LINE = re.compile(r"^(?:[A-Z][a-zA-Z'’.-]+\s+){1,3}[A-Z][a-zA-Z'’-]+\b")
DIGIT = re.compile(r"\d")
FEATURE_VERSION = "1"


def _tokens(text: str) -> list[str]:
    """Lower-cased word tokens, digits folded to a placeholder."""
    return ["0" if token.isdigit() else token for token in TOKEN.findall(text.lower())]


def _words(tokens: list[str]) -> set[str]:
    """Unigrams without stop words."""
    return {token for token in tokens if token not in STOPWORDS}


def sentence_features(sentences: list[Sentence]) -> list[list[str]]:
    """Features of every sentence: its words and word pairs, its heading's words, its neighbours' words, shape."""
    tokens = [_tokens(s.text) for s in sentences]
    words = [_words(t) for t in tokens]
    heading_words: dict[str | None, set[str]] = {}
    features: list[list[str]] = []
    count = len(sentences)
    for index, sentence in enumerate(sentences):
        own = tokens[index]
        found = set(words[index])
        found.update(map("_".join, pairwise(own)))
        if sentence.heading not in heading_words:
            heading_words[sentence.heading] = _words(_tokens(sentence.heading or ""))
        found.update(map("h:".__add__, heading_words[sentence.heading]))
        if index:
            found.update(map("p:".__add__, words[index - 1]))
        if index + 1 < count:
            found.update(map("n:".__add__, words[index + 1]))
        found.add(f"pos:{min(10 * index // max(count, 1), 9)}")
        found.add(f"len:{min(len(own) // 5, 8)}")
        if sentence.is_heading:
            found.add("shape:heading")
        if NAME_LINE.match(sentence.text):
            found.add("shape:name")
        if FUTURE.search(sentence.text.lower()):
            found.add("shape:future")
        if len(own) <= 6:
            found.add("shape:short")
        if DIGIT.search(sentence.text):
            found.add("shape:digit")
        features.append(sorted(found))
    return features


@dataclass(frozen=True)
class LexiconCue:
    """A named pattern whose hits become a model feature."""

    feature: str
    source: str
    pattern: re.Pattern[str]
    on_heading: bool


def load_lexicon(path: Path) -> tuple[tuple[LexiconCue, ...], str]:
    """The cues of a model's lexicon file and the file's sha256 (the model records which lexicon it learned)."""
    raw_text = path.read_text(encoding="utf-8")
    raw = yaml.safe_load(raw_text)
    cues = []
    for group, entry in raw.items():
        for kind, prefix in (("cues", "cue"), ("heading_cues", "hcue")):
            for cue in entry.get(kind, []):
                pattern = re.compile(cue["pattern"], re.IGNORECASE | re.MULTILINE)
                cues.append(
                    LexiconCue(f"{prefix}:{group}.{cue['id']}", cue["pattern"], pattern, kind == "heading_cues")
                )
    return tuple(cues), hashlib.sha256(raw_text.encode("utf-8")).hexdigest()


def lexicon_features(text: str, sentences: list[Sentence], cues: tuple[LexiconCue, ...]) -> list[list[str]]:
    """For each sentence, the lexicon cues that match it (sentence cues) or its heading (heading cues)."""
    from bisect import bisect_right

    starts = [s.start for s in sentences]
    low = lowered(text)
    found: list[list[str]] = [[] for _ in sentences]
    under: dict[str, list[int]] = {}  # the sentences under each heading
    for index, sentence in enumerate(sentences):
        if sentence.heading:
            under.setdefault(sentence.heading, []).append(index)
    for cue in cues:
        if cue.on_heading:
            for heading, indices in under.items():
                if cue.pattern.search(heading):
                    for index in indices:
                        found[index].append(cue.feature)
            continue
        seen: set[int] = set()
        for match in fast_finditer(cue.source, text, low):
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < sentences[index].end and index not in seen:
                seen.add(index)
                found[index].append(cue.feature)
    return found


@dataclass(frozen=True)
class LinearModel:
    """Weights per feature for each label; a sentence's margin is bias + the sum of its features' weights."""

    name: str
    version: str
    labels: tuple[str, ...]
    biases: tuple[float, ...]
    thresholds: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    lexicon: tuple[LexiconCue, ...] = ()

    def features(self, text: str, sentences: list[Sentence]) -> list[list[str]]:
        """Every sentence's features: generic ones plus the hits of this model's lexicon."""
        generic = sentence_features(sentences)
        for index, extra in enumerate(lexicon_features(text, sentences, self.lexicon)):
            generic[index].extend(extra)
        return generic

    @cached_property
    def _weight_rows(self) -> tuple[dict[str, int], np.ndarray]:
        """Each feature's row in a matrix of per-label weights (0.0 where it has none); row 0 holds the biases."""
        import numpy as np  # here, not at the top: only the sentence-model rules need it, and it costs 10 MB

        rows = {feature: row for row, feature in enumerate(self.weights, start=1)}
        matrix = np.zeros((len(rows) + 1, len(self.labels)))
        matrix[0] = self.biases
        for feature, row in rows.items():
            for label_index, weight in self.weights[feature]:
                matrix[row, label_index] = weight
        return rows, matrix

    @cached_property
    def _by_label(self) -> tuple[dict[str, float], ...]:
        """For each label, the weight of every feature that has one for it."""
        by_label: tuple[dict[str, float], ...] = tuple({} for _ in self.labels)
        for feature, pairs in self.weights.items():
            for label_index, weight in pairs:
                by_label[label_index][feature] = weight
        return by_label

    def margins(self, features: list[list[str]]) -> list[list[float]]:
        """Every sentence's margin for every label: the bias plus its features' weights, added in feature order.

        numpy's add.accumulate adds the rows one after another, so every margin is the same float as adding one weight
        at a time (adding a missing weight's 0.0 changes no value).
        """
        from numpy import add

        rows, matrix = self._weight_rows
        result = []
        for sentence_features_ in features:
            picked = [0, *filter(None, map(rows.get, sentence_features_))]  # the biases, then each known feature
            result.append(add.accumulate(matrix[picked], axis=0)[-1].tolist())
        return result

    def explain(self, features: list[str], label: str, top: int = 4) -> list[tuple[str, float]]:
        """The features that pushed this sentence hardest towards the label."""
        weights = self._by_label[self.labels.index(label)]
        contributions = [(feature, weight) for feature in features if (weight := weights.get(feature)) is not None]
        return sorted(contributions, key=lambda item: -item[1])[:top]


def probability(margin: float) -> float:
    """The logistic of a margin."""
    return 1.0 / (1.0 + math.exp(-max(min(margin, 50.0), -50.0)))


@lru_cache
def load_model(name: str) -> LinearModel:
    """Load a model file from app/scoring/data/models/<name>.json (validated once)."""
    path = MODEL_DIR / f"{name}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        labels = tuple(raw["labels"])
        if raw["feature_version"] != FEATURE_VERSION:
            raise ValueError(f"feature version {raw['feature_version']} != {FEATURE_VERSION}; retrain the model")
        lexicon, digest = load_lexicon(MODEL_DIR / f"{name}.lexicon.yaml")
        if raw["lexicon_sha256"] != digest:
            raise ValueError("the lexicon file changed since the model was trained; retrain the model")
        weights: dict[str, list[tuple[int, float]]] = {}
        for label_index, label in enumerate(labels):
            for feature, weight in raw["weights"][label].items():
                weights.setdefault(feature, []).append((label_index, float(weight)))
        return LinearModel(
            name=name,
            version=str(raw["version"]),
            labels=labels,
            biases=tuple(float(raw["biases"][label]) for label in labels),
            thresholds=tuple(float(raw["thresholds"][label]) for label in labels),
            weights={feature: tuple(pairs) for feature, pairs in weights.items()},
            lexicon=lexicon,
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: invalid sentence model: {exc!r}") from exc
