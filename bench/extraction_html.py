"""HTML main-text quality against the gold text of ../shared/data/html-extraction-benchmark (181 pages).

Run: /work/venv/bin/python bench/extraction_html.py
Token precision, recall and F1 (bag of lower-cased word tokens, averaged over pages) for this project's
extractor and, as a comparison, for plain `trafilatura.extract` with its defaults.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extraction import extract
from app.extraction.html import decode_html

BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-extraction-benchmark"
TOKEN = re.compile(r"\w+")


def scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of one page."""
    predicted_tokens, gold_tokens = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(gold.lower()))
    overlap = sum((predicted_tokens & gold_tokens).values())
    precision = overlap / max(1, sum(predicted_tokens.values()))
    recall = overlap / max(1, sum(gold_tokens.values()))
    return precision, recall, 2 * precision * recall / (precision + recall) if overlap else 0.0


def evaluate(name: str, extractor: Callable[[bytes], str], pages: list[tuple[bytes, str]]) -> None:
    """Print mean precision, recall, F1 and speed of one extractor."""
    started = time.perf_counter()
    results = [scores(extractor(html), gold) for html, gold in pages]
    elapsed = time.perf_counter() - started
    means = [sum(values) / len(values) for values in zip(*results, strict=True)]
    print(f"| {name} | {means[0]:.3f} | {means[1]:.3f} | {means[2]:.3f} | {len(pages) / elapsed:.1f} |")


def plain_trafilatura(html: bytes) -> str:
    """trafilatura.extract with its defaults (decoded the same way, for a fair comparison)."""
    return trafilatura.extract(decode_html(html)) or ""


def main() -> None:
    if not BENCHMARK.exists():
        sys.exit(f"benchmark data not found at {BENCHMARK}")
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text())
    pages = [
        (gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes()), item["articleBody"])
        for key, item in sorted(truth.items())
    ]
    fallbacks = 0

    def ours(html: bytes) -> str:
        nonlocal fallbacks
        result = extract(html, content_type="text/html")
        fallbacks += result.warnings.count("main text too short; used the whole page")
        return result.text

    print(f"{len(pages)} pages\n")
    print("| extractor | precision | recall | F1 | pages/s |")
    print("|---|---|---|---|---|")
    evaluate("app.extraction (trafilatura favour-recall + whole-page fallback)", ours, pages)
    evaluate("trafilatura.extract defaults", plain_trafilatura, pages)
    print(f"\nwhole-page fallback used on {fallbacks} of {len(pages)} pages")


if __name__ == "__main__":
    main()
