"""Remove page furniture: running headers and footers (page numbers included) repeated across PDF pages."""

from __future__ import annotations

import re
from collections import Counter

MIN_PAGES = 3  # fewer pages give too little evidence that a line repeats
MIN_SHARE = 0.5  # a first or last line seen on at least this share of the pages is furniture
MAX_LINE = 120  # longer lines are body text, however often they repeat
_DIGITS = re.compile(r"\d+")


def strip_page_furniture(pages: list[str]) -> list[str]:
    """The pages without first and last lines that recur (digits ignored) on most pages."""
    lines = [page.split("\n") if page else [] for page in pages]
    with_text = [page for page in lines if page]
    if len(with_text) < MIN_PAGES:
        return pages
    threshold = max(MIN_PAGES, MIN_SHARE * len(with_text))
    headers = _repeated([page[0] for page in with_text], threshold)
    footers = _repeated([page[-1] for page in with_text], threshold)
    cleaned = []
    for page in lines:
        if page and _key(page[0]) in headers:
            page = page[1:]
        if page and _key(page[-1]) in footers:
            page = page[:-1]
        cleaned.append("\n".join(page).strip())
    return cleaned


def _repeated(edges: list[str], threshold: float) -> set[str]:
    """Keys of edge lines that occur at least `threshold` times."""
    counts = Counter(_key(line) for line in edges if line.strip() and len(line) <= MAX_LINE)
    return {key for key, count in counts.items() if count >= threshold}


def _key(line: str) -> str:
    """A line compared without case or digits ('Page 3 of 10' ~ 'Page 4 of 10')."""
    return _DIGITS.sub("#", line.strip().lower())
