"""Company-name normalisation: case, accents, punctuation, "&"/"and", abbreviations and legal forms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from app.screening.wordlists import WORDS, word_set

_SINGLE_LETTER_DOTS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")
_APOSTROPHES = re.compile(r"['’`´]")
_AMPERSAND = re.compile(r"[&+]")
_WORD = re.compile(r"[a-z0-9]+")
_BRACKETED = re.compile(r"\(([^)]*)\)")

ABBREVIATIONS: dict[str, str] = {str(k): str(v) for k, v in WORDS["abbreviations"].items()}
# Legal forms, as normalised token sequences, removed from the end of a name.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(tuple(str(form).split()) for form in WORDS["legal_forms"])
LEADING_FORMS = word_set("leading_forms")
STOPWORDS = word_set("stopwords")
# Words that describe a company's structure rather than naming it: one more or fewer is not another company.
WEAK_WORDS = word_set("weak_words")
_KEEP_S = ("ss", "us", "is", "as", "os")
_NO_WORDS: frozenset[str] = frozenset()


def singular(token: str) -> str:
    """A light English singular: gloves -> glove, industries -> industry, tomatoes -> tomato."""
    if len(token) < 4 or not token.endswith("s") or token.endswith(_KEEP_S) or token[-2].isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("oes", "ches", "shes", "xes")):
        return token[:-2]
    return token[:-1]


def fold(text: str) -> str:
    """Lower case without accents, '&' and '+' spelt 'and', single-letter abbreviations joined (S.A. -> sa)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold()
    if not text.isascii() or "'" in text or "`" in text:
        text = _APOSTROPHES.sub("", text)
    if "." in text:
        text = _SINGLE_LETTER_DOTS.sub("", text)
    if "&" in text or "+" in text:
        text = _AMPERSAND.sub(" and ", text)
    return text


def word_tokens(text: str) -> list[str]:
    """Folded, abbreviation-expanded, singular word tokens of any text."""
    tokens: list[str] = []
    for token in _WORD.findall(fold(text)):
        token = ABBREVIATIONS.get(token, token)
        tokens.append(singular(token) if token[-1] == "s" else token)
    return tokens


_FORMS_BY_LENGTH: dict[int, frozenset[tuple[str, ...]]] = {
    size: frozenset(form for form in LEGAL_FORMS if len(form) == size) for size in {len(f) for f in LEGAL_FORMS}
}
_FORM_SIZES = sorted(_FORMS_BY_LENGTH, reverse=True)
_FORM_ENDINGS = frozenset(form[-1] for form in LEGAL_FORMS)


def strip_legal_forms(tokens: list[str]) -> list[str]:
    """Remove legal forms from the end (repeatedly) and the few that lead (PT, CV, OOO), keeping one token."""
    tokens = list(tokens)
    while len(tokens) > 1 and tokens[-1] in _FORM_ENDINGS:
        for size in _FORM_SIZES:
            if size < len(tokens) and tuple(tokens[-size:]) in _FORMS_BY_LENGTH[size]:
                del tokens[-size:]
                break
        else:
            break
    while len(tokens) > 1 and tokens[0] in LEADING_FORMS:
        del tokens[0]
    return tokens


_WEAK_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in sorted(WEAK_WORDS):
    if len(_word) >= 6:
        _WEAK_BY_INITIAL[_word[0]] = (*_WEAK_BY_INITIAL.get(_word[0], ()), _word)


@lru_cache(maxsize=50_000)
def _weak_spelling(token: str) -> str:
    """A misspelt structural word as the word itself ('manufactring' -> 'manufacturing'); others unchanged."""
    if len(token) < 6 or token in WEAK_WORDS or token[0] not in _WEAK_BY_INITIAL:
        return token
    for word in _WEAK_BY_INITIAL[token[0]]:
        if abs(len(word) - len(token)) <= 2 and OSA.distance(token, word) <= (2 if len(word) >= 10 else 1):
            return word
    return token


class NameKey(NamedTuple):
    """A normalised name: tokens in order, distinctive (strong) and structural (weak) tokens, lookup keys."""

    tokens: tuple[str, ...]
    strong: tuple[str, ...]
    weak: frozenset[str]
    core: str  # order-free key of the strong tokens
    compact: str  # strong tokens run together in order ("super max" and "supermax" agree)
    strong_set: frozenset[str]
    qualifiers: frozenset[str] = frozenset()  # words written in brackets: "(Shanshan)", "(M)"


@lru_cache(maxsize=200_000)
def name_key(name: str) -> NameKey:
    """Normalise a company name once (cached: supplier lists repeat names)."""
    tokens = [
        t if len(t) < 6 else _weak_spelling(t) for t in strip_legal_forms(word_tokens(name)) if t not in STOPWORDS
    ]
    strong = tuple([token for token in tokens if token not in WEAK_WORDS]) or tuple(tokens)
    weak = _NO_WORDS if len(strong) == len(tokens) else frozenset([t for t in tokens if t in WEAK_WORDS])
    qualifiers = frozenset(word_tokens(" ".join(_BRACKETED.findall(name)))) if "(" in name else _NO_WORDS
    return NameKey(
        tuple(tokens), strong, weak, " ".join(sorted(strong)), "".join(strong), frozenset(strong), qualifiers
    )
