"""AIMS.au accuracy of the au-msa-2018 ruleset: statement level and sentence level, per rule and macro.

Each statement's labelled sentences are joined into one text (blank line between sentences), scored by the
engine exactly as `mst score` would, and every evidence span is mapped back to the labelled sentences it
overlaps. The shipped sentence model (aims-au-v1) was trained on these same 50 statements, so these figures
are IN-SAMPLE: they check that the engine reproduces the model end to end, not how it generalises. The
held-out figures come from bench/scoring_train_aims.py (nested cross-validation by statement).

Run: /work/venv/bin/python bench/scoring_aims.py
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import aims_rows

from app.scoring.engine import assess

LABELS = {
    "approval": "Approval",
    "signature": "Signature",
    "c1_reporting_entity": "C1 (reporting entity)",
    "c2_structure": "C2 (structure)",
    "c2_operations": "C2 (operations)",
    "c2_supply_chains": "C2 (supply chains)",
    "c3_risk": "C3 (risk description)",
    "c4_mitigation": "C4 (risk mitigation)",
    "c4_remediation": "C4 (remediation)",
    "c5_effectiveness": "C5 (effectiveness)",
    "c6_consultation": "C6 (consultation)",
}
MACRO_NINE = [
    "approval",
    "signature",
    "c2_structure",
    "c2_operations",
    "c2_supply_chains",
    "c3_risk",
    "c4_mitigation",
    "c4_remediation",
    "c5_effectiveness",
]
BAR = 0.67


def statements() -> list[tuple[str, str, list[tuple[int, int]], list[dict[str, str]]]]:
    """(id, joined text, gold sentence spans, rows) per statement, in sentence order."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in aims_rows():
        grouped[row["statement_id"]].append(row)
    result = []
    for statement_id, rows in grouped.items():
        rows.sort(key=lambda r: int(r["sentence_orig_idxs"]))
        spans, parts, offset = [], [], 0
        for row in rows:
            sentence = " ".join(row["sentence"].split())
            spans.append((offset, offset + len(sentence)))
            parts.append(sentence)
            offset += len(sentence) + 2
        result.append((statement_id, "\n\n".join(parts), spans, rows))
    return result


def overlapped(spans: list[tuple[int, int]], start: int, end: int) -> set[int]:
    """Indices of gold sentences that the span [start, end) overlaps."""
    starts = [s for s, _ in spans]
    first = max(bisect_right(starts, start) - 1, 0)
    found = set()
    for index in range(first, len(spans)):
        if spans[index][0] >= end:
            break
        if spans[index][1] > start:
            found.add(index)
    return found


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_shipped(data: list) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Per rule: statement-level and sentence-level P/R/F1 of the shipped ruleset."""
    counts: dict[str, dict[str, list[int]]] = {r: {"stmt": [0, 0, 0], "sent": [0, 0, 0]} for r in LABELS}
    for _, text, spans, rows in data:
        assessment = assess(text, "au-msa-2018")
        by_rule = {rule.id: rule for rule in assessment.rules}
        for rule_id, label in LABELS.items():
            gold = {i for i, row in enumerate(rows) if row[label] == "1"}
            rule = by_rule[rule_id]
            predicted = (
                set().union(*(overlapped(spans, e.start, e.end) for e in rule.evidence)) if rule.evidence else set()
            )
            sent = counts[rule_id]["sent"]
            sent[0] += len(predicted & gold)
            sent[1] += len(predicted - gold)
            sent[2] += len(gold - predicted)
            addressed, truth = rule.verdict in ("pass", "partial"), bool(gold)
            stmt = counts[rule_id]["stmt"]
            stmt[0] += addressed and truth
            stmt[1] += addressed and not truth
            stmt[2] += truth and not addressed
    return {r: {level: prf(*c) for level, c in levels.items()} for r, levels in counts.items()}


def main() -> None:
    """Print the per-rule tables and the macro figures."""
    data = statements()
    shipped = evaluate_shipped(data)
    print(f"AIMS.au gold test subset: {len(data)} statements, {sum(len(d[3]) for d in data)} sentences")
    print("IN-SAMPLE (the model was trained on these statements; held-out: bench/scoring_train_aims.py)\n")
    print(f"{'rule':<22}{'stmt P':>8}{'stmt R':>8}{'stmt F1':>9}{'sent P':>9}{'sent R':>8}{'sent F1':>9}")
    for rule_id in LABELS:
        stmt, sent = shipped[rule_id]["stmt"], shipped[rule_id]["sent"]
        print(
            f"{rule_id:<22}{stmt[0]:>8.3f}{stmt[1]:>8.3f}{stmt[2]:>9.3f}{sent[0]:>9.3f}{sent[1]:>8.3f}{sent[2]:>9.3f}"
        )
    macro_sent = sum(shipped[r]["sent"][2] for r in MACRO_NINE) / len(MACRO_NINE)
    macro_stmt = sum(shipped[r]["stmt"][2] for r in MACRO_NINE) / len(MACRO_NINE)
    macro_all = sum(shipped[r]["sent"][2] for r in LABELS) / len(LABELS)
    print(f"\nmacro sentence-level F1 over the 9 criteria: {macro_sent:.3f} (bar: {BAR})")
    print(f"macro statement-level F1 over the 9 criteria: {macro_stmt:.3f}")
    print(f"macro sentence-level F1 over all 11 labels: {macro_all:.3f}")


if __name__ == "__main__":
    main()
