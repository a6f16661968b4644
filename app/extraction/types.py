"""What extraction hands on: clean text with a map from character offsets back to pages."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

ExtractionStatus = Literal["ok", "needs_ocr", "error"]
DocumentKind = Literal["pdf", "html", "docx", "text", "unknown"]


@dataclass(frozen=True)
class PageSpan:
    """Characters [start, end) of the text came from page `number` (1-based)."""

    number: int
    start: int
    end: int


@dataclass
class ExtractedDocument:
    """The clean text of one document, its kind, its page map and its status."""

    status: ExtractionStatus
    kind: DocumentKind
    text: str = ""
    pages: list[PageSpan] = field(default_factory=list)
    title: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page number holding the character at `offset`, or None for unpaged documents."""
        if not self.pages:
            return None
        index = bisect_right([span.start for span in self.pages], offset) - 1
        return self.pages[max(index, 0)].number
