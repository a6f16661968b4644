"""The UK 'training' area against WikiRate's human labels (213 UK statements).

Gold: "No" -> fail; only "In Development" -> partial (training promised, not given); anything naming who was
trained or "Training provided" -> pass. Prints the confusion matrix, three-way accuracy, and P/R/F1 of
"training is addressed" (pass or partial) against "No".

Run: /work/venv/bin/python bench/scoring_wikirate.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import wikirate_rows

from app.scoring.engine import assess

VERDICTS = ("pass", "partial", "fail")


def gold_verdict(value: str) -> str:
    """The verdict the human label implies."""
    parts = {part.strip() for part in value.split(",")}
    if parts == {"No"}:
        return "fail"
    if parts == {"In Development"}:
        return "partial"
    return "pass"


def main() -> None:
    """Score every statement with uk-msa-s54 and compare its training verdict with the label."""
    pairs = []
    for row in wikirate_rows():
        assessment = assess(row["Text"], "uk-msa-s54")
        verdict = next(rule.verdict for rule in assessment.rules if rule.id == "training")
        pairs.append((gold_verdict(row["Value"]), verdict))
    matrix = Counter(pairs)
    print(f"WikiRate training labels: {len(pairs)} UK statements")
    print(f"{'gold / predicted':<18}" + "".join(f"{v:>9}" for v in VERDICTS))
    for gold in VERDICTS:
        print(f"{gold:<18}" + "".join(f"{matrix[(gold, v)]:>9}" for v in VERDICTS))
    accuracy = sum(matrix[(v, v)] for v in VERDICTS) / len(pairs)
    tp = sum(matrix[(g, p)] for g in ("pass", "partial") for p in ("pass", "partial"))
    fp = sum(matrix[("fail", p)] for p in ("pass", "partial"))
    fn = sum(matrix[(g, "fail")] for g in ("pass", "partial"))
    tn = matrix[("fail", "fail")]
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(f"three-way accuracy: {accuracy:.3f}")
    print(
        f"addressed vs not: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} "
        f"accuracy {(tp + tn) / len(pairs):.3f}"
    )


if __name__ == "__main__":
    main()
