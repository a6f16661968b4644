"""What every check sees: the text, its sentences, the facts, the inputs from discovery and earlier results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.extraction.types import ExtractedDocument
from app.scoring.facts import Facts
from app.scoring.patterns import lowered
from app.scoring.sentences import Sentence
from app.scoring.types import CheckResult, Evidence, LegalForm


@dataclass
class ScoringContext:
    """The inputs of one assessment, shared by every rule of a ruleset."""

    text: str
    sentences: list[Sentence]
    facts: Facts
    document: ExtractedDocument | None = None
    legal_form: LegalForm = "company"
    discovery: dict[str, Any] = field(default_factory=dict)
    results: dict[str, CheckResult] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    lowered: str | None = None

    def __post_init__(self) -> None:
        """Lower-case the text once for fast case-insensitive matching."""
        self.lowered = lowered(self.text)

    def evidence(self, sentence: Sentence) -> Evidence:
        """Evidence for one sentence, with its page when the document is paged."""
        page = self.document.page_at(sentence.start) if self.document else None
        return Evidence(sentence.text, sentence.start, sentence.end, page)

    def span_evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the sentence around a character span (or the span itself)."""
        for sentence in self.sentences:
            if sentence.start <= start < sentence.end:
                return self.evidence(sentence)
        text = " ".join(self.text[start:end].split())
        page = self.document.page_at(start) if self.document else None
        return Evidence(text, start, end, page)
