"""Compare two normalised names token by token and say how alike they are, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from app.screening.normalise import NameKey

NameVerdict = Literal["same", "similar", "different"]
# Common descriptive words: a name that shares only one of these with an order is not a lead.
COMMON_WORDS = frozenset(
    [
        "apparel",
        "garment",
        "textile",
        "cotton",
        "linen",
        "silk",
        "wool",
        "fabric",
        "yarn",
        "dyeing",
        "knitting",
        "weaving",
        "spinning",
        "fashion",
        "clothing",
        "glove",
        "rubber",
        "latex",
        "plastic",
        "medical",
        "healthcare",
        "health",
        "care",
        "pharma",
        "pharmaceutical",
        "chemical",
        "silicon",
        "silica",
        "solar",
        "energy",
        "power",
        "electronic",
        "electric",
        "information",
        "technology",
        "computer",
        "software",
        "digital",
        "data",
        "network",
        "telecom",
        "trading",
        "trade",
        "import",
        "export",
        "logistic",
        "shipping",
        "transport",
        "supply",
        "supplies",
        "service",
        "solution",
        "product",
        "food",
        "foods",
        "agriculture",
        "agricultural",
        "farm",
        "farming",
        "plantation",
        "palm",
        "oil",
        "fruit",
        "vegetable",
        "tomato",
        "seafood",
        "fishing",
        "fishery",
        "fish",
        "sugar",
        "tea",
        "coffee",
        "cocoa",
        "tobacco",
        "mining",
        "mineral",
        "metal",
        "steel",
        "iron",
        "aluminium",
        "copper",
        "gold",
        "stone",
        "construction",
        "building",
        "engineering",
        "machinery",
        "equipment",
        "tool",
        "automotive",
        "auto",
        "motor",
        "vehicle",
        "parts",
        "part",
        "furniture",
        "wood",
        "timber",
        "paper",
        "packaging",
        "printing",
        "glass",
        "ceramic",
        "toy",
        "sport",
        "shoe",
        "footwear",
        "leather",
        "bag",
        "home",
        "house",
        "property",
        "real",
        "estate",
        "investment",
        "capital",
        "finance",
        "bank",
        "insurance",
        "management",
        "consulting",
        "development",
        "resource",
        "natural",
        "new",
        "golden",
        "gold",
        "silver",
        "star",
        "sun",
        "sunrise",
        "east",
        "west",
        "north",
        "south",
        "central",
        "asia",
        "asian",
        "pacific",
        "china",
        "chinese",
        "national",
        "united",
        "general",
        "royal",
        "great",
        "first",
        "best",
        "top",
        "smart",
        "super",
        "city",
        "county",
        "province",
        "region",
        "zone",
        "park",
        "center",
        "training",
        "education",
        "vocational",
        "skill",
        "production",
        "business",
        "commercial",
        "industry",
        "market",
        "mart",
        "store",
        "retail",
        "wholesale",
        "distribution",
        "partner",
        "associate",
        "brother",
        "family",
        "son",
        "daughter",
        "sister",
        "world",
        "universal",
        "modern",
        "advanced",
        "quality",
        "premier",
        "prime",
        "perfect",
    ]
)


@dataclass(frozen=True)
class Comparison:
    """How a supplier's name compares with one order name: verdict, score 0-100 and the reason."""

    verdict: NameVerdict
    score: float
    reason: str
    fuzzy_pairs: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _typo_allowance(token: str) -> int:
    """Edits tolerated in a token: none in short or numeric tokens, one from five letters, two from ten."""
    if len(token) < 5 or any(char.isdigit() for char in token):
        return 0
    return 2 if len(token) >= 10 else 1


def _align(order: tuple[str, ...], supplier: tuple[str, ...]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Pair tokens exactly, then within the typo allowance; return the unpaired on each side and the fuzzy pairs."""
    left = list(order)
    right = list(supplier)
    for token in list(left):
        if token in right:
            left.remove(token)
            right.remove(token)
    fuzzy: list[tuple[str, str]] = []
    for token in list(left):
        allowance = _typo_allowance(token)
        best = min(right, key=lambda other: OSA.distance(token, other), default=None)
        if best is None or not allowance or OSA.distance(token, best) > min(allowance, _typo_allowance(best)):
            continue
        if token[0] == best[0] or len(token) >= 7:
            left.remove(token)
            right.remove(best)
            fuzzy.append((token, best))
    return left, right, fuzzy


def _is_distinctive(tokens: list[str] | tuple[str, ...]) -> bool:
    """Enough on its own to suspect the same business: two tokens, or one uncommon word of five letters."""
    if len(tokens) >= 2:
        return sum(1 for token in tokens if token not in COMMON_WORDS) >= 1
    return len(tokens) == 1 and len(tokens[0]) >= 5 and tokens[0] not in COMMON_WORDS


def compare(order: NameKey, supplier: NameKey) -> Comparison:
    """Same (a variant of the same name), similar (for a person to review) or different."""
    if not order.strong or not supplier.strong:
        return Comparison("different", 0.0, "one of the names is empty after normalisation")
    score = float(fuzz.token_sort_ratio(order.core, supplier.core))
    weak_penalty = 2.0 * len(order.weak ^ supplier.weak)
    if order.core == supplier.core or order.compact == supplier.compact:
        detail = "the same name once legal forms, case and punctuation are set aside"
        if order.weak != supplier.weak:
            detail = "the same name apart from structural words such as group, holdings or industries"
        return Comparison("same", max(100.0 - weak_penalty, 90.0), detail)
    missing, extra, fuzzy = _align(order.strong, supplier.strong)
    matched = [token for token in order.strong if token not in missing]
    if not missing and not extra:
        few = len(fuzzy) <= (1 if len(order.strong) <= 3 else 2)
        if len(order.strong) <= 2 and any(token in COMMON_WORDS for token, _ in fuzzy):
            few = False  # "Smart Grove" is not a slip for "Smart Glove": too little else to go on
        if few and len(order.strong) >= 2 and len(fuzzy) < len(order.strong):
            spelled = ", ".join(f"{a!r}/{b!r}" for a, b in fuzzy)
            detail = f"the same name with a spelling difference ({spelled})"
            return Comparison("same", max(score - weak_penalty, 85.0), detail, tuple(fuzzy))
        detail = "a close spelling of a short name: may be a different company"
        return Comparison("similar", score, detail, tuple(fuzzy))
    if not missing and (len(order.strong) >= 2 or _is_distinctive(order.strong)):
        detail = f"contains the order's name plus {' '.join(extra)!r}: may be a different business"
        return Comparison("similar", min(score, 84.0), detail)
    if not extra and _is_distinctive(matched) and matched:
        detail = f"lacks {' '.join(missing)!r} of the order's name: may be a different company"
        return Comparison("similar", min(score, 84.0), detail)
    if _acronym(order, supplier):
        return Comparison("similar", 70.0, "the supplier's name is the initials of the order's name")
    if score >= 90.0 and len(missing) + len(extra) <= 2 and _is_distinctive(matched):
        return Comparison("similar", min(score, 84.0), "a close but not identical name")
    typos = {order_token for order_token, _ in fuzzy}
    shared = [token for token in matched if token not in typos and token not in COMMON_WORDS and len(token) >= 4]
    if len(shared) >= 2 or any(len(token) >= 6 for token in shared):
        detail = f"shares the distinctive word {shared[0]!r} but differs otherwise"
        return Comparison("similar", min(score, 70.0), detail)
    return Comparison("different", score, "a different name")


def _acronym(order: NameKey, supplier: NameKey) -> bool:
    """True when the supplier's single token spells the initials of the order's (three or more) tokens."""
    if len(supplier.strong) != 1 or len(order.tokens) < 3:
        return False
    return supplier.strong[0] == "".join(token[0] for token in order.tokens)
