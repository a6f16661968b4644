"""Train the AIMS.au sentence model (logistic regression per label, numpy) and measure it honestly.

Word vectors come first, without labels: PPMI of word co-occurrence (window 5) in the 981 UK statement texts
(none of them is an AIMS.au statement), reduced to 64 dimensions by a randomised SVD. The model then learns,
besides a weight per feature, one projection per word group (own words, heading words, neighbours' words) from
the sum of the group's word vectors onto each label, so a word unseen in the labelled sentences still weighs
what words used like it weigh.

Nested cross-validation by statement: the outer 5 folds give the held-out figures; the threshold of each
outer fold is chosen on out-of-fold predictions of its own 4 inner folds. The shipped model is then trained
on all 50 statements, its thresholds chosen on 5-fold out-of-fold predictions, and written to
app/scoring/data/models/aims-au-v1.json.gz (weights with |w| < 0.01 dropped).

Run: PYTHONPATH=. /work/venv/bin/python bench/scoring_train_aims.py [--write]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _data import uk_statements  # noqa: E402
from scoring_aims import LABELS, MACRO_NINE, overlapped, prf, statements  # noqa: E402

from app.scoring.model import (  # noqa: E402
    FEATURE_VERSION,
    MODEL_DIR,
    STOPWORDS,
    _tokens,
    encode_vectors,
    lexicon_features,
    load_lexicon,
    save_model,
    sentence_features,
    vector_word,
)
from app.scoring.sentences import split_sentences  # noqa: E402

RULES = list(LABELS)
L2 = 1e-3
L2_PROJECTION = 1e-2
EPOCHS = 150
LEXICON = MODEL_DIR / "aims-au-v1.lexicon.yaml"
MIN_COUNT = 2
GROUPS = ("w", "h", "pn")
DIM = 64
WINDOW = 5
MIN_DOCS = 5


def word_vectors() -> tuple[list[str], np.ndarray]:
    """Unit word vectors (float16-exact) from PPMI co-occurrence in the UK statement texts, by randomised SVD."""
    docs = [_tokens(text) for _, text in uk_statements()]
    document_frequency = Counter(word for doc in docs for word in set(doc))
    words = [w for w, c in document_frequency.most_common() if c >= MIN_DOCS and w not in STOPWORDS]
    index = {word: i for i, word in enumerate(words)}
    size = len(words)
    codes = []
    for doc in docs:
        ids = np.array([index.get(token, -1) for token in doc], dtype=np.int64)
        for offset in range(1, WINDOW + 1):
            a, b = ids[:-offset], ids[offset:]
            keep = (a >= 0) & (b >= 0)
            codes.append(a[keep] * size + b[keep])
    counts = np.bincount(np.concatenate(codes), minlength=size * size).reshape(size, size).astype(np.float64)
    counts += counts.T
    total, rows = counts.sum(), counts.sum(axis=1)
    context = rows**0.75 / (rows**0.75).sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / total) - np.log(rows / total)[:, None] - np.log(context)[None, :]
    ppmi = np.where(np.isfinite(pmi), np.maximum(pmi, 0.0), 0.0).astype(np.float32)
    del counts, pmi
    basis = np.random.default_rng(0).standard_normal((size, DIM + 20)).astype(np.float32)
    for _ in range(4):
        basis, _ = np.linalg.qr(ppmi @ basis)
    u, sigma, _ = np.linalg.svd(basis.T @ ppmi, full_matrices=False)
    vectors = (basis @ u)[:, :DIM] * np.sqrt(sigma[:DIM])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-6)
    return words, vectors.astype("<f2").astype(np.float64)


def group_sums(features: list[list[str]], index: dict[str, int], vectors: np.ndarray) -> np.ndarray:
    """Per sentence, the sum of the word vectors of each group (own, heading, neighbours): n x (groups * dim)."""
    sums = np.zeros((len(features), len(GROUPS), vectors.shape[1]))
    for row, sentence in enumerate(features):
        for feature in sentence:
            found = vector_word(feature)
            if found is not None and found[1] in index:
                sums[row, GROUPS.index(found[0])] += vectors[index[found[1]]]
    return sums.reshape(len(features), -1)


def build(word_index: dict[str, int], vectors: np.ndarray) -> list[dict]:
    """Per statement: features of each engine sentence, its group vector sums, gold labels and the mapping."""
    out = []
    lexicon, _ = load_lexicon(LEXICON)
    for statement_id, text, spans, rows in statements():
        sentences = split_sentences(text)
        feats = sentence_features(sentences)
        for index, extra in enumerate(lexicon_features(text, sentences, lexicon)):
            feats[index].extend(extra)
        mapping = [sorted(overlapped(spans, s.start, s.end)) for s in sentences]
        gold = np.array([[row[LABELS[r]] == "1" for r in RULES] for row in rows], dtype=bool)
        y = np.array([gold[m].any(axis=0) if m else np.zeros(len(RULES), bool) for m in mapping], dtype=float)
        dense = group_sums(feats, word_index, vectors)
        out.append({"id": statement_id, "features": feats, "dense": dense, "y": y, "mapping": mapping, "gold": gold})
    return out


Model = tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]


def train(items: list[dict]) -> Model:
    """Logistic regression per label with Adam, L2 and balanced class weights: feature weights and projections."""
    counts = Counter(f for item in items for sentence in item["features"] for f in sentence)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    rows, cols = [], []
    row_index = 0
    for item in items:
        for sentence in item["features"]:
            for feature in sentence:
                if feature in vocab:
                    rows.append(row_index)
                    cols.append(vocab[feature])
            row_index += 1
    r, c = np.array(rows), np.array(cols)
    dense = np.vstack([item["dense"] for item in items])
    y = np.vstack([item["y"] for item in items])
    n, d, k = y.shape[0], len(vocab), y.shape[1]
    positive = y.mean(axis=0).clip(1e-3, 1 - 1e-3)
    sample_weight = np.where(y > 0, 0.5 / positive, 0.5 / (1 - positive)) ** 0.5
    w, p, b = np.zeros((d, k)), np.zeros((dense.shape[1], k)), np.log(positive / (1 - positive))
    moments = [(np.zeros_like(x), np.zeros_like(x)) for x in (w, p, b)]
    for step in range(1, EPOCHS + 1):
        z = np.stack([np.bincount(r, weights=w[c, j], minlength=n) for j in range(k)], axis=1) + dense @ p + b
        error = (1 / (1 + np.exp(-z)) - y) * sample_weight / n
        grad_w = np.stack([np.bincount(c, weights=error[r, j], minlength=d) for j in range(k)], axis=1) + L2 * w
        grad_p = dense.T @ error + L2_PROJECTION * p
        grad_b = error.sum(axis=0)
        for param, grad, (m, v) in zip((w, p, b), (grad_w, grad_p, grad_b), moments, strict=True):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad**2
            param -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return vocab, w, p, b


def margins(model: Model, item: dict) -> np.ndarray:
    """Margins of every engine sentence of one statement."""
    vocab, w, p, b = model
    own = np.array([w[[vocab[f] for f in s if f in vocab]].sum(axis=0) for s in item["features"]])
    return own + item["dense"] @ p + b


def gold_predictions(item: dict, margin: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Gold-sentence predictions: a gold sentence is positive if any engine sentence over it is."""
    predicted = np.zeros(item["gold"].shape, dtype=bool)
    for index, mapped in enumerate(item["mapping"]):
        for gold_index in mapped:
            predicted[gold_index] |= margin[index] >= thresholds
    return predicted


def out_of_fold(items: list[dict], folds: int) -> list[np.ndarray]:
    """Margins for every statement from a model that did not see it."""
    result: list[np.ndarray] = [np.empty(0)] * len(items)
    for fold in range(folds):
        model = train([item for i, item in enumerate(items) if i % folds != fold])
        for i, item in enumerate(items):
            if i % folds == fold:
                result[i] = margins(model, item)
    return result


def best_thresholds(items: list[dict], margin_list: list[np.ndarray]) -> np.ndarray:
    """Per label, the threshold with the best sentence-level F1 on these margins."""
    grid = np.arange(-3.0, 4.01, 0.25)
    best = np.zeros(len(RULES))
    for j in range(len(RULES)):
        scores = []
        for t in grid:
            thresholds = np.full(len(RULES), np.inf)
            thresholds[j] = t
            tp = fp = fn = 0
            for item, margin in zip(items, margin_list, strict=True):
                predicted = gold_predictions(item, margin, thresholds)[:, j]
                gold = item["gold"][:, j]
                tp += int((predicted & gold).sum())
                fp += int((predicted & ~gold).sum())
                fn += int((~predicted & gold).sum())
            scores.append(prf(tp, fp, fn)[2])
        best[j] = grid[int(np.argmax(scores))]
    return best


def nested_cv(items: list[dict], folds: int = 5) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Held-out statement- and sentence-level P/R/F1 per label."""
    counts = {r: {"sent": [0, 0, 0], "stmt": [0, 0, 0]} for r in RULES}
    for fold in range(folds):
        train_items = [item for i, item in enumerate(items) if i % folds != fold]
        test_items = [item for i, item in enumerate(items) if i % folds == fold]
        thresholds = best_thresholds(train_items, out_of_fold(train_items, 4))
        model = train(train_items)
        for item in test_items:
            predicted = gold_predictions(item, margins(model, item), thresholds)
            for j, rule in enumerate(RULES):
                p, g = predicted[:, j], item["gold"][:, j]
                sent = counts[rule]["sent"]
                sent[0] += int((p & g).sum())
                sent[1] += int((p & ~g).sum())
                sent[2] += int((~p & g).sum())
                stmt = counts[rule]["stmt"]
                stmt[0] += int(p.any() and g.any())
                stmt[1] += int(p.any() and not g.any())
                stmt[2] += int(g.any() and not p.any())
        print(f"  outer fold {fold + 1}/{folds} done", file=sys.stderr)
    return {r: {level: prf(*c) for level, c in levels.items()} for r, levels in counts.items()}


def write_model(items: list[dict], words: list[str], vectors: np.ndarray) -> Path:
    """Train on everything and write the model file."""
    thresholds = best_thresholds(items, out_of_fold(items, 5))
    vocab, w, p, b = train(items)
    projections = p.reshape(len(GROUPS), vectors.shape[1], len(RULES))
    features = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
    data = {
        "name": "aims-au-v1",
        "version": "1",
        "feature_version": FEATURE_VERSION,
        "lexicon_sha256": load_lexicon(LEXICON)[1],
        "trained_on": "AIMS.au gold test subset (50 statements, 4,794 sentences), CC-BY, Mila / QUT; word vectors "
        "from the 981 UK statement texts (no labels)",
        "labels": RULES,
        "biases": {r: round(float(b[j]), 4) for j, r in enumerate(RULES)},
        "thresholds": {r: float(thresholds[j]) for j, r in enumerate(RULES)},
        "weights": {
            r: {f: round(float(w[i, j]), 3) for i, f in enumerate(features) if abs(w[i, j]) >= 0.01}
            for j, r in enumerate(RULES)
        },
        "vectors": {
            "dim": int(vectors.shape[1]),
            "words": words,
            "float16": encode_vectors(vectors),
            "projections": {
                group: {r: [round(float(x), 5) for x in projections[g, :, j]] for j, r in enumerate(RULES)}
                for g, group in enumerate(GROUPS)
            },
        },
    }
    return save_model("aims-au-v1", data)


def main() -> None:
    """Nested CV figures, then (with --write) the shipped model."""
    words, vectors = word_vectors()
    items = build({word: i for i, word in enumerate(words)}, vectors)
    result = nested_cv(items)
    print(f"{'rule':<22}{'stmt P':>8}{'stmt R':>8}{'stmt F1':>9}{'sent P':>9}{'sent R':>8}{'sent F1':>9}")
    for rule in RULES:
        stmt, sent = result[rule]["stmt"], result[rule]["sent"]
        print(f"{rule:<22}{stmt[0]:>8.3f}{stmt[1]:>8.3f}{stmt[2]:>9.3f}{sent[0]:>9.3f}{sent[1]:>8.3f}{sent[2]:>9.3f}")
    print(f"held-out macro sentence F1 over the 9 criteria: {np.mean([result[r]['sent'][2] for r in MACRO_NINE]):.3f}")
    if "--write" in sys.argv:
        print(f"wrote {write_model(items, words, vectors)}")


if __name__ == "__main__":
    main()
