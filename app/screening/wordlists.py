"""The word lists of the name matcher (app/screening/data/vocabulary.yaml), loaded once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.yaml"
WORDS: dict[str, Any] = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))


def word_set(name: str) -> frozenset[str]:
    """One space-separated list of the vocabulary file as a set."""
    return frozenset(str(WORDS[name]).split())
