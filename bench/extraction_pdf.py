"""PDF extraction throughput (pages per second) and peak memory on generated multi-page statements.

Run: /work/venv/bin/python bench/extraction_pdf.py [--documents 200]
Statements are typeset with fpdf2 from the UK statement texts in ../shared/data (or a built-in paragraph set
when that folder is absent): headings, wrapped paragraphs and hyphenated words, 2-20 pages each.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.extraction import DocumentInput, extract, extract_batch

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "uk-statement-texts" / "statements.jsonl.gz"
CACHE = Path("/tmp/mst-bench-extraction-pdfs")
FALLBACK = [
    "This statement is made pursuant to section 54(1) of the Modern Slavery Act 2015 and sets out the steps "
    "taken during the financial year to ensure that slavery and human trafficking are not taking place in "
    "any of our supply chains or in any part of our own business.",
    "We assess suppliers against our code of conduct, audit high-risk factories and train procurement staff.",
]


def paragraphs() -> list[str]:
    """Paragraphs of real statements (latin-1 safe), or the fallback set."""
    if not SHARED.exists():
        return FALLBACK
    found = []
    with gzip.open(SHARED, "rt", encoding="utf-8") as lines:
        for line in lines:
            for paragraph in json.loads(line)["text"].split("\n"):
                clean = paragraph.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-"})
                if len(clean) > 80:
                    found.append(clean.encode("latin-1", "replace").decode("latin-1"))
    return found


def generate(count: int) -> None:
    """Typeset `count` statements of 2-20 pages into the cache folder."""
    from fpdf import FPDF

    rng = random.Random(2024)
    source = paragraphs()
    CACHE.mkdir(exist_ok=True)
    for number in range(count):
        pdf = FPDF()
        pdf.set_auto_page_break(True, margin=15)
        target = rng.randint(2, 20)
        while pdf.pages_count < target or pdf.get_y() < 200:
            if pdf.pages_count == 0 or rng.random() < 0.15:
                pdf.set_font("helvetica", "B", 13)
                if pdf.pages_count == 0:
                    pdf.add_page()
                pdf.multi_cell(0, 7, f"{rng.choice(['Our', 'Supply chain', 'Risk', 'Training'])} section {number}")
                pdf.ln(2)
            pdf.set_font("helvetica", size=10)
            pdf.multi_cell(0, 5, rng.choice(source), align="J")
            pdf.ln(3)
            if pdf.pages_count > target:
                break
        (CACHE / f"statement-{number:03d}.pdf").write_bytes(bytes(pdf.output()))


def _children_cpu() -> float:
    """CPU seconds used by finished child processes (the workers, once the pool has stopped them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    arguments = parser.parse_args()
    if len(list(CACHE.glob("*.pdf"))) < arguments.documents:
        started = time.perf_counter()
        generate(arguments.documents)
        print(f"generated {arguments.documents} PDFs in {time.perf_counter() - started:.1f} s")
    files = sorted(CACHE.glob("*.pdf"))[: arguments.documents]
    documents = [path.read_bytes() for path in files]
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started, cpu_started = time.perf_counter(), time.process_time()
    results = [extract(data) for data in documents]
    in_process, in_process_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    pages = sum(len(result.pages) for result in results)
    assert all(result.status == "ok" for result in results), [r.error for r in results if r.status != "ok"]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started, children_before = time.perf_counter(), _children_cpu()
    batch = list(extract_batch((DocumentInput(data) for data in documents), workers=2))
    pooled, workers_cpu = time.perf_counter() - started, _children_cpu() - children_before
    assert [result.text for result in batch] == [result.text for result in results]
    worker_peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    size_mb = sum(map(len, documents)) / 1e6
    print(f"{len(documents)} PDFs, {pages} pages, {size_mb:.1f} MB, {sum(len(r.text) for r in results):,} characters")
    print(
        f"in process:               {pages / in_process:5.0f} pages/s wall ({in_process:.2f} s), "
        f"{pages / in_process_cpu:5.0f} pages per CPU-second"
    )
    print(
        f"extract_batch, 2 workers: {pages / pooled:5.0f} pages/s wall ({pooled:.2f} s, with worker start-up), "
        f"{pages / workers_cpu:5.0f} pages per worker CPU-second"
    )
    print(
        f"peak RSS: in-process {peak_kb / 1024:.0f} MB (before extraction {baseline_kb / 1024:.0f} MB); "
        f"largest worker {worker_peak_kb / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
