"""Documents per second through the isolated worker pool (extract_batch, extract_safely) vs in-process extract.

Run: /work/venv/bin/python bench/extraction_batch.py
Plain text: the 981 UK statements in ../shared/data/uk-statement-texts; HTML: the 181 pages of
../shared/data/html-extraction-benchmark.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extraction import DocumentInput, ExtractionPool, extract, extract_batch, extract_safely

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def texts() -> list[DocumentInput]:
    """The UK statement texts as UTF-8 plain-text documents."""
    with gzip.open(DATA / "uk-statement-texts" / "statements.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [DocumentInput(json.loads(line)["text"].encode(), "text/plain") for line in lines]


def pages() -> list[DocumentInput]:
    """The benchmark's HTML pages."""
    folder = DATA / "html-extraction-benchmark" / "html"
    return [DocumentInput(gzip.decompress(path.read_bytes()), "text/html") for path in sorted(folder.glob("*.gz"))]


def rate(count: int, started: float) -> str:
    """Documents per second since `started`."""
    return f"{count / (time.perf_counter() - started):.0f}"


def measure(name: str, documents: list[DocumentInput]) -> None:
    """Print documents per second in-process, through a cold and a warm pool, and through extract_safely."""
    started = time.perf_counter()
    expected = [extract(d.data, content_type=d.content_type).status for d in documents]
    in_process = rate(len(documents), started)

    started = time.perf_counter()
    assert [result.status for result in extract_batch(documents, workers=2)] == expected
    cold = rate(len(documents), started)

    with ExtractionPool(workers=2) as pool:
        list(pool.map(documents[:4]))  # start both workers
        started = time.perf_counter()
        assert [result.status for result in pool.map(documents)] == expected
        warm = rate(len(documents), started)

    extract_safely(b"warm-up")
    sample = documents[:200]
    started = time.perf_counter()
    for document in sample:
        extract_safely(document.data, content_type=document.content_type)
    one_by_one = rate(len(sample), started)
    megabytes = sum(len(d.data) for d in documents) / 1e6
    print(f"| {name} ({len(documents)} docs, {megabytes:.0f} MB) | {in_process} | {cold} | {warm} | {one_by_one} |")


def main() -> None:
    if not DATA.exists():
        sys.exit(f"shared data not found at {DATA}")
    print(
        "| documents (docs/s) | in-process extract, 1 core | extract_batch, 2 workers, cold start | "
        "warm 2-worker pool | extract_safely, one at a time |"
    )
    print("|---|---|---|---|---|")
    measure("plain text", texts())
    measure("HTML", pages())


if __name__ == "__main__":
    main()
