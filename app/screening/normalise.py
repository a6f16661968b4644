"""Company-name normalisation: case, accents, punctuation, "&"/"and", abbreviations and legal forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

_SINGLE_LETTER_DOTS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")
_APOSTROPHES = re.compile(r"['’`´]")
_AMPERSAND = re.compile(r"[&+]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

ABBREVIATIONS = {
    "intl": "international",
    "int'l": "international",
    "inter": "international",
    "mfg": "manufacturing",
    "mfr": "manufacturer",
    "mfrs": "manufacturer",
    "manufacture": "manufacturing",
    "corp": "corporation",
    "co": "company",
    "cos": "company",
    "inc": "incorporated",
    "ltd": "limited",
    "ltda": "limited",
    "bhd": "berhad",
    "tech": "technology",
    "technologies": "technology",
    "ind": "industry",
    "inds": "industry",
    "indus": "industry",
    "grp": "group",
    "hldgs": "holding",
    "hldg": "holding",
    "hold": "holding",
    "natl": "national",
    "svc": "service",
    "svcs": "service",
    "mgmt": "management",
    "assoc": "association",
    "bros": "brother",
    "ent": "enterprise",
    "pvt": "private",
    "sys": "system",
    "dept": "department",
    "info": "information",
    "ctr": "center",
    "centre": "center",
    "prods": "product",
    "elec": "electronic",
    "und": "and",
    "et": "and",
}

# Legal forms, as normalised token sequences, removed from the end of a name (longest first).
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(form.split())
            for form in (
                "sendirian berhad",
                "sdn berhad",
                "berhad",
                "company limited",
                "private limited",
                "public limited company",
                "public company limited",
                "pty limited",
                "pte limited",
                "limited",
                "plc",
                "llp",
                "llc",
                "lp",
                "incorporated",
                "corporation",
                "company",
                "gmbh",
                "gmbh and company kg",
                "and company kg",
                "kg",
                "ag",
                "sa",
                "sarl",
                "sas",
                "srl",
                "spa",
                "bv",
                "nv",
                "ab",
                "oy",
                "kk",
                "jsc",
                "ojsc",
                "pjsc",
                "tbk",
                "sa de cv",
                "de cv",
                "sociedad anonima",
                "joint stock company",
                "limited liability company",
                "company limited liability",
                "pty",
                "pte",
                "sdn",
                "ltd",
                "private",
                "as",
                "asa",
                "aps",
                "nv sa",
                "se",
                "cv",
                "jv",
                "sac",
                "saic",
                "spzoo",
                "sp z oo",
                "zao",
                "ooo",
                "oao",
                "tic as",
                "san ve tic as",
                "sti",
                "limitada",
                "eireli",
                "me",
                "m",
            )
        ),
        key=len,
        reverse=True,
    )
)
LEADING_FORMS = frozenset({"pt", "cv", "the", "ooo", "oao", "zao"})
STOPWORDS = frozenset({"and", "the", "of", "de", "du", "la", "le", "des", "der", "die"})
# Words that describe a company's structure rather than naming it: a missing or extra one does not make
# another company.
WEAK_WORDS = frozenset(
    {
        "group",
        "holding",
        "international",
        "global",
        "industry",
        "industrial",
        "manufacturing",
        "manufacturer",
        "enterprise",
        "company",
        "corporation",
        "incorporated",
        "limited",
        "worldwide",
        "berhad",
        "sendirian",
        "sdn",
        "private",
        "public",
    }
)
_KEEP_S = ("ss", "us", "is", "as", "os")


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
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _SINGLE_LETTER_DOTS.sub("", text)
    return _AMPERSAND.sub(" and ", text)


def word_tokens(text: str) -> list[str]:
    """Folded, abbreviation-expanded, singular word tokens of any text."""
    tokens = [token for token in _NON_ALNUM.split(fold(text)) if token]
    return [singular(ABBREVIATIONS.get(token, token)) for token in tokens]


def strip_legal_forms(tokens: list[str]) -> list[str]:
    """Remove legal forms from the end (repeatedly) and the few that lead (PT, CV, OOO), keeping one token."""
    tokens = list(tokens)
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for form in LEGAL_FORMS:
            if len(form) < len(tokens) and tuple(tokens[-len(form) :]) == form:
                del tokens[-len(form) :]
                changed = True
                break
    while len(tokens) > 1 and tokens[0] in LEADING_FORMS:
        del tokens[0]
    return tokens


_WEAK_TARGETS = tuple(word for word in WEAK_WORDS if len(word) >= 6)


@lru_cache(maxsize=50_000)
def _weak_spelling(token: str) -> str:
    """A misspelt structural word as the word itself ('manufactring' -> 'manufacturing'); others unchanged."""
    if len(token) < 6 or token in WEAK_WORDS or any(char.isdigit() for char in token):
        return token
    for word in _WEAK_TARGETS:
        if abs(len(word) - len(token)) <= 2 and OSA.distance(token, word) <= (2 if len(word) >= 10 else 1):
            return word
    return token


@dataclass(frozen=True)
class NameKey:
    """A normalised name: its tokens in order, its distinctive (strong) and structural (weak) tokens."""

    tokens: tuple[str, ...]
    strong: tuple[str, ...]
    weak: frozenset[str]

    @property
    def key(self) -> str:
        """Order-free key of all tokens (exact-lookup key)."""
        return " ".join(sorted(self.tokens))

    @property
    def core(self) -> str:
        """Order-free key of the strong tokens only."""
        return " ".join(sorted(self.strong))

    @property
    def compact(self) -> str:
        """The strong tokens run together in order ("super max" and "supermax" agree)."""
        return "".join(self.strong)


@lru_cache(maxsize=200_000)
def name_key(name: str) -> NameKey:
    """Normalise a company name once (cached: supplier lists repeat names)."""
    tokens = [_weak_spelling(t) for t in strip_legal_forms(word_tokens(name)) if t not in STOPWORDS]
    strong = tuple(token for token in tokens if token not in WEAK_WORDS)
    weak = frozenset(token for token in tokens if token in WEAK_WORDS)
    if not strong and tokens:
        strong = tuple(tokens)
    return NameKey(tuple(tokens), strong, weak)
