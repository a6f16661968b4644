"""Shared loaders for the scoring benchmarks (reads ../shared/data by path)."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
FIXTURES = ROOT / "tests" / "scoring" / "fixtures"


def uk_statements() -> Iterator[tuple[str, str]]:
    """(id, text) of the 981 UK statement texts."""
    with gzip.open(SHARED / "uk-statement-texts" / "statements.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield str(row["id"]), str(row["text"])


def html_pages() -> Iterator[tuple[str, str, str | None]]:
    """(name, plain text, title) of the 181 HTML benchmark pages, extracted as whole-page text."""
    from bs4 import BeautifulSoup

    for path in sorted((SHARED / "html-extraction-benchmark" / "html").glob("*.html.gz")):
        soup = BeautifulSoup(gzip.decompress(path.read_bytes()), "lxml")
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        title = soup.title.get_text(strip=True) if soup.title else None
        yield path.name, soup.get_text("\n", strip=True), title


def own_texts(kind: str) -> Iterator[tuple[str, str]]:
    """(name, text) of the hand-written fixtures: kind is 'negatives' or 'positives'."""
    for path in sorted((FIXTURES / kind).glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")


def aims_rows() -> list[dict[str, str]]:
    """The AIMS.au labelled sentences, in file order."""
    with open(SHARED / "aims-au-sentences" / "test.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def wikirate_rows() -> list[dict[str, str]]:
    """The WikiRate training-label rows with statement text."""
    csv.field_size_limit(1 << 30)
    path = SHARED / "wikirate-training" / "GT_MSA_Training_NewDataLabels_WithText.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
