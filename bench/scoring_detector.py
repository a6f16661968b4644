"""Statement detector: recall on the 981 UK statement texts; false positives on the 181 HTML benchmark pages
(text from app.extraction, as the service would see them) and on the hand-written negatives.

Run: /work/venv/bin/python bench/scoring_detector.py
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import SHARED, own_texts, uk_statements

from app.extraction import extract
from app.scoring.detector import detect_statement


def main() -> None:
    """Print recall, the misses (for inspection), and false positives."""
    misses, total, started = [], 0, time.perf_counter()
    for index, (_, text) in enumerate(uk_statements()):
        total += 1
        detection = detect_statement(text)
        if not detection.is_statement:
            misses.append((index, detection.probability, " ".join(text[:110].split())))
    elapsed = time.perf_counter() - started
    print(
        f"UK statement texts: recall {1 - len(misses) / total:.4f} ({total - len(misses)}/{total}), "
        f"{total / elapsed:.0f} texts/s"
    )
    for index, probability, head in misses:
        print(f"  miss #{index:<4} p={probability:.3f}  {head}")

    pages = sorted((SHARED / "html-extraction-benchmark" / "html").glob("*.html.gz"))
    false_positives = []
    for path in pages:
        document = extract(gzip.decompress(path.read_bytes()), content_type="text/html", source_name=path.name)
        if detect_statement(document.text, title=document.title).is_statement:
            false_positives.append(path.name)
    print(f"HTML benchmark pages: {len(false_positives)} false positives of {len(pages)}")
    for name in false_positives:
        print(f"  false positive: {name}")

    negatives = list(own_texts("negatives"))
    wrong = [name for name, text in negatives if detect_statement(text).is_statement]
    print(f"Hand-written negatives: {len(wrong)} false positives of {len(negatives)} {wrong or ''}")
    positives = list(own_texts("positives"))
    missed = [name for name, text in positives if not detect_statement(text).is_statement]
    print(f"Hand-written positives: {len(positives) - len(missed)}/{len(positives)} detected {missed or ''}")


if __name__ == "__main__":
    main()
