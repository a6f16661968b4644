"""How much a link looks like a statement, or like a hub worth one hop, and which year it names."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from app.discovery.links import Link

STATEMENT_THRESHOLD = 40
_STATEMENT_NAMES = re.compile(
    r"(modern[\s_-]*slavery|slavery[\s_-]*(and|&)[\s_-]*human[\s_-]*trafficking|anti[\s_-]*slavery|"
    r"human[\s_-]*trafficking|modern[\s_-]*slavery[\s_-]*act|\bmsa\b|transparency[\s_-]*statement)",
    re.IGNORECASE,
)
_STATEMENT_WORD = re.compile(r"statement|disclosure|transparency", re.IGNORECASE)
_NOT_A_STATEMENT = re.compile(
    r"polic(y|ies)|code[\s_-]*of[\s_-]*(conduct|practice)|supplier[\s_-]*code|training|e-?learning|news|blog|"
    r"press[\s_-]*release|guidance|toolkit|helpline|report[\s_-]*a[\s_-]*concern|whistleblow",
    re.IGNORECASE,
)
_SLUG = re.compile(r"(modern|anti)?[\s_-]*slavery|trafficking|\bmsa\b", re.IGNORECASE)
_HUB_NAMES = re.compile(
    r"legal|about|corporate|governance|sustainab|\besg\b|responsib|polic(y|ies)|ethic|compliance|"
    r"human[\s_-]*rights|supply[\s_-]*chain|investor|report|document|statement|transparen|who[\s_-]*we[\s_-]*are|"
    r"our[\s_-]*(company|impact|approach)|impact|csr|disclosure",
    re.IGNORECASE,
)
_STRONG_HUB_NAMES = re.compile(r"legal|governance|sustainab|esg|polic|responsib|human rights|statement", re.IGNORECASE)
_NOT_A_HUB = re.compile(r"career|job|login|sign[\s_-]*in|basket|cart|contact|cookie|privacy|accessib", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(?<!\d)(20\d{2})\s*[/\-–_]\s*(\d{2}|20\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_FY = re.compile(r"\bFY\s*'?(\d{2})\b", re.IGNORECASE)
NON_STATEMENT_HOSTS = ("legislation.gov.uk", "gov.uk")


_KEYWORDS = (
    "slavery", "trafficking", "msa", "statement", "transparen", "disclosure", "legal", "about", "corporate",
    "governance", "sustainab", "esg", "responsib", "polic", "ethic", "compliance", "human", "supply", "investor",
    "report", "document", "who we", "who-we", "impact", "csr",
)  # fmt: skip
_KEYWORD_SEARCH = re.compile("|".join(re.escape(k) for k in _KEYWORDS)).search


def worth_a_look(words: str) -> bool:
    """Cheap pre-filter (plain substrings): could a link with these words and target be a statement or a hub?"""
    return _KEYWORD_SEARCH(words.lower()) is not None


@lru_cache(maxsize=16384)
def statement_score(link: Link) -> int:
    """0-100: how strongly the link's words and target name a slavery statement (not a policy)."""
    label, path, host = link.label, link.path, link.host
    if any(host == known or host.endswith("." + known) for known in NON_STATEMENT_HOSTS):
        return 0
    score = 0
    if _STATEMENT_NAMES.search(label):
        score = 100 if _STATEMENT_WORD.search(label) else 65
    elif _SLUG.search(path):
        score = 70 if _STATEMENT_WORD.search(path) or path.lower().endswith(".pdf") else 45
    elif _STATEMENT_WORD.search(label) and _SLUG.search(label):
        score = 60
    if score and _NOT_A_STATEMENT.search(label) and not _STATEMENT_WORD.search(label):
        score -= 45
    return max(score, 0)


@lru_cache(maxsize=16384)
def hub_score(link: Link) -> int:
    """0-30: how likely a same-site page is to list the statement (legal, about, governance, ESG, policies)."""
    label, path = link.label, link.path
    if _NOT_A_HUB.search(label) or not (_HUB_NAMES.search(label) or _HUB_NAMES.search(path)):
        return 0
    if not _HUB_NAMES.search(label):
        return 5
    score = 20
    if link.location in ("footer", "nav", "dropdown", "header"):
        score += 5
    if _STRONG_HUB_NAMES.search(label):
        score += 5
    return score


def year_of(*texts: str) -> int | None:
    """The (latest) reporting year a text names: "2023/24" and "FY24" mean 2024."""
    for text in texts:
        years: list[int] = []
        for first, second in _YEAR_RANGE.findall(text):
            later = int(second) if len(second) == 4 else int(first[:2] + second)
            years.append(later if later - int(first) in (0, 1) else int(first))
        years.extend(int(y) for y in _YEAR.findall(text))
        years.extend(2000 + int(y) for y in _FY.findall(text))
        if years:
            return max(years)
    return None


def link_year(link: Link) -> int | None:
    """The year named by the link's words, else by its target."""
    return year_of(link.label, link.path)


@lru_cache(maxsize=4096)
def site_key(host: str) -> str:
    """A rough registrable domain (last two labels, three under short second-level labels like co.uk)."""
    labels = host.lower().rstrip(".").split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    if labels[-1:] == ["localhost"]:
        return ".".join(labels)
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def same_site(url_a: str, url_b: str) -> bool:
    """Whether two URLs belong to the same organisation's site."""
    return site_key(urlsplit(url_a).hostname or "") == site_key(urlsplit(url_b).hostname or "")
