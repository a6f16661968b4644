"""A linear sentence model stored as data: features of a sentence and its context, one weight table per label."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
FEATURE_VERSION = "2"
# Word-vector groups: a feature's group is its prefix ("" for the sentence's own words); "p:" and "n:" share one.
VECTOR_GROUPS = {"": "w", "h:": "h", "p:": "pn", "n:": "pn"}


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


def vector_word(feature: str) -> tuple[str, str] | None:
    """(group, word) of a word feature that can carry a word vector, or None (word pairs, cues, shape)."""
    prefix, _, word = feature.rpartition(":")
    group = VECTOR_GROUPS.get(prefix + ":" if prefix else "")
    if group is None or "_" in word or not word:
        return None
    return group, word


def encode_vectors(vectors: np.ndarray) -> str:
    """Word vectors as base64 of little-endian float16 (how a model file stores them)."""
    import numpy as np

    return base64.b64encode(np.asarray(vectors, dtype="<f2").tobytes()).decode("ascii")


def check_vectors(raw: dict[str, object], labels: tuple[str, ...]) -> None:
    """Refuse a "vectors" section whose sizes do not match (checked at load, without importing numpy)."""
    words = list(raw["words"])  # type: ignore[call-overload]
    dim = int(raw["dim"])  # type: ignore[call-overload]
    values = len(base64.b64decode(str(raw["float16"]))) // 2
    if values != len(words) * dim:
        raise ValueError(f"{values} vector values for {len(words)} words of dimension {dim}")
    projections: dict[str, dict[str, list[float]]] = raw["projections"]  # type: ignore[assignment]
    for group, per_label in projections.items():
        if group not in VECTOR_GROUPS.values() or any(len(per_label[label]) != dim for label in labels):
            raise ValueError(f"projection {group!r} does not match the groups, labels and dimension {dim}")


def vector_weights(raw: dict[str, object], labels: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The word-vector part of each word feature's weights: the word's vector times its group's projection.

    The vectors are learned without labels from statement texts; the model learns one projection per group (own
    words, heading words, neighbours' words). A word rare or absent in the labelled sentences thus borrows weight
    from words used in the same contexts, and the model stays a sum of per-feature weights that can be named.
    """
    import numpy as np  # here, not at the top: only the sentence-model rules need it, and it costs 10 MB

    words = list(raw["words"])  # type: ignore[call-overload]
    dim = int(raw["dim"])  # type: ignore[call-overload]
    vectors = np.frombuffer(base64.b64decode(str(raw["float16"])), dtype="<f2").astype(np.float64)
    vectors = vectors.reshape(len(words), dim)
    projections: dict[str, dict[str, list[float]]] = raw["projections"]  # type: ignore[assignment]
    result: dict[str, np.ndarray] = {}
    for group, per_label in projections.items():
        projected = vectors @ np.array([per_label[label] for label in labels], dtype=np.float64).T
        for prefix in [p for p, g in VECTOR_GROUPS.items() if g == group]:
            for word, row in zip(words, projected, strict=True):
                result[prefix + word] = row.copy()
    return result


@dataclass(frozen=True)
class LinearModel:
    """Weights per feature for each label; a sentence's margin is bias + the sum of its features' weights.

    A word feature's whole weight is its own learned weight plus its word vector's part (see vector_weights).
    """

    name: str
    version: str
    labels: tuple[str, ...]
    biases: tuple[float, ...]
    thresholds: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]
    lexicon: tuple[LexiconCue, ...] = ()
    vectors: dict[str, object] | None = field(default=None, repr=False)

    def features(self, text: str, sentences: list[Sentence]) -> list[list[str]]:
        """Every sentence's features: generic ones plus the hits of this model's lexicon."""
        generic = sentence_features(sentences)
        for index, extra in enumerate(lexicon_features(text, sentences, self.lexicon)):
            generic[index].extend(extra)
        return generic

    def margins(self, features: list[list[str]]) -> list[list[float]]:
        """Every sentence's margin for every label: the bias plus its features' weights, added in feature order.

        numpy's add.accumulate adds the rows one after another, so every margin is the same float as adding one weight
        at a time.
        """
        from numpy import add

        rows, matrix = self._weight_rows
        result = []
        for sentence_features_ in features:
            picked = [0, *filter(None, map(rows.get, sentence_features_))]  # the biases, then each known feature
            result.append(add.accumulate(matrix[picked], axis=0)[-1].tolist())
        return result

    @cached_property
    def _weight_rows(self) -> tuple[dict[str, int], np.ndarray]:
        """Each feature's row in a matrix of whole per-label weights (built on first use); row 0 holds the biases."""
        import numpy as np  # here, not at the top: only the sentence-model rules need it, and it costs 10 MB

        whole = vector_weights(self.vectors, self.labels) if self.vectors else {}
        for feature, pairs in self.weights.items():
            row = whole.get(feature)
            if row is None:
                row = whole[feature] = np.zeros(len(self.labels))
            for label_index, weight in pairs:
                row[label_index] += weight
        names = sorted(whole)
        matrix = np.array([self.biases, *(whole[feature] for feature in names)]).reshape(len(names) + 1, -1)
        return {feature: row for row, feature in enumerate(names, start=1)}, matrix

    def weight(self, feature: str, label_index: int) -> float:
        """One feature's whole weight for one label (0 for a feature the model does not know)."""
        rows, matrix = self._weight_rows
        row = rows.get(feature)
        return 0.0 if row is None else float(matrix[row, label_index])

    def explain(self, features: list[str], label: str, top: int = 4) -> list[tuple[str, float]]:
        """The features that pushed this sentence hardest towards the label."""
        index = self.labels.index(label)
        contributions = [(feature, self.weight(feature, index)) for feature in features]
        return sorted((item for item in contributions if item[1] != 0.0), key=lambda item: -item[1])[:top]


def probability(margin: float) -> float:
    """The logistic of a margin."""
    return 1.0 / (1.0 + math.exp(-max(min(margin, 50.0), -50.0)))


def model_path(name: str) -> Path:
    """Where a model's weights are stored: gzip-compressed JSON (word vectors make the plain file several MB)."""
    return MODEL_DIR / f"{name}.json.gz"


def read_model_data(name: str) -> dict[str, Any]:
    """A stored model's raw data, as save_model wrote it."""
    data: dict[str, Any] = json.loads(gzip.decompress(model_path(name).read_bytes()).decode("utf-8"))
    return data


def save_model(name: str, data: dict[str, Any]) -> Path:
    """Store a model's weights where load_model reads them; the same data always gives the same bytes."""
    path = model_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return path


@lru_cache
def load_model(name: str) -> LinearModel:
    """Load a model file from app/scoring/data/models/<name>.json.gz (validated once)."""
    path = model_path(name)
    try:
        raw = read_model_data(name)
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
        if raw.get("vectors"):
            check_vectors(raw["vectors"], labels)
        return LinearModel(
            name=name,
            version=str(raw["version"]),
            labels=labels,
            biases=tuple(float(raw["biases"][label]) for label in labels),
            thresholds=tuple(float(raw["thresholds"][label]) for label in labels),
            weights={feature: tuple(pairs) for feature, pairs in weights.items()},
            lexicon=lexicon,
            vectors=raw.get("vectors"),
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: invalid sentence model: {exc!r}") from exc
