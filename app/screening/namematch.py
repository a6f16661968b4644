"""Compare two normalised names token by token and say how alike they are, with the reason."""

from __future__ import annotations

from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from app.screening.normalise import NameKey
from app.screening.vocabulary import COMMON_WORDS, PLACE_WORDS

NameVerdict = Literal["same", "similar", "different"]


class Comparison(NamedTuple):
    """How a supplier's name compares with one order name: verdict, score 0-100 and the reason."""

    verdict: NameVerdict
    score: float
    reason: str
    fuzzy_pairs: tuple[tuple[str, str], ...] = ()


def _typo_allowance(token: str) -> int:
    """Edits tolerated in a token: none in short or numeric tokens, one from five letters, two from twelve."""
    if len(token) < 5 or not token.isalpha():
        return 0
    return 2 if len(token) >= 12 else 1


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
        if not allowance or not right:
            continue
        found = process.extractOne(token, right, scorer=OSA.distance, score_cutoff=allowance)
        if found is None:
            continue
        best = found[0]
        if found[1] <= _typo_allowance(best) and (token[0] == best[0] or len(token) >= 7):
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
    if order.core == supplier.core or order.compact == supplier.compact:
        return _same_words(order, supplier)
    missing, extra, fuzzy = _align(order.strong, supplier.strong)
    matched = [token for token in order.strong if token not in missing]
    if not missing and not extra:
        return _spelling_variant(order, supplier, fuzzy, score)
    if _differs_only_by_place(missing, extra, matched, supplier.qualifiers) and len(fuzzy) <= 1:
        place = " ".join(missing or extra)
        return Comparison("same", min(max(score, 85.0), 92.0), f"the same name apart from the place {place!r}")
    return _for_review(order, supplier, missing, extra, fuzzy, score)


def _same_words(order: NameKey, supplier: NameKey) -> Comparison:
    """The same distinctive words: the same name, unless a very short one differs in its structural words."""
    if order.weak == supplier.weak:
        return Comparison("same", 100.0, "the same name once legal forms, case and punctuation are set aside")
    if len(order.strong) == 1 and len(order.core) <= 4:
        return Comparison("similar", 80.0, "a short name with different structural words (group, holdings...)")
    detail = "the same name apart from structural words such as group, holdings or industries"
    return Comparison("same", max(100.0 - 2.0 * len(order.weak ^ supplier.weak), 90.0), detail)


def _spelling_variant(order: NameKey, supplier: NameKey, fuzzy: list[tuple[str, str]], score: float) -> Comparison:
    """Every word paired, some only within a typo: the same name if enough is spelt exactly."""
    exact = [token for token in order.strong if token not in {a for a, _ in fuzzy}]
    few = len(fuzzy) <= (1 if len(order.strong) <= 3 else 2) and bool(exact)
    if any(token in COMMON_WORDS for token, _ in fuzzy) and all(token in COMMON_WORDS for token in exact):
        few = False  # "Smart Grove" is not a slip for "Smart Glove": too little else to go on
    if few:
        spelled = ", ".join(f"{a!r}/{b!r}" for a, b in fuzzy)
        penalty = 2.0 * len(order.weak ^ supplier.weak)
        detail = f"the same name with a spelling difference ({spelled})"
        return Comparison("same", max(score - penalty, 85.0), detail, tuple(fuzzy))
    detail = "a close spelling of a short name: may be a different company"
    return Comparison("similar", score, detail, tuple(fuzzy))


def _for_review(
    order: NameKey, supplier: NameKey, missing: list[str], extra: list[str], fuzzy: list[tuple[str, str]], score: float
) -> Comparison:
    """Words added, dropped or changed: similar when enough distinctive words remain, else different."""
    matched = [token for token in order.strong if token not in missing]
    leads = supplier.strong[0] == order.strong[0] or bool(fuzzy and fuzzy[0][0] == order.strong[0])
    qualified = all(token in PLACE_WORDS or token in supplier.qualifiers for token in extra)
    if not missing and (_is_distinctive(order.strong) or (len(order.strong) >= 2 and leads) or qualified):
        detail = f"contains the order's name plus {' '.join(extra)!r}: may be a different business"
        return Comparison("similar", min(score, 84.0), detail)
    if not extra and matched and _is_distinctive(matched):
        detail = f"lacks {' '.join(missing)!r} of the order's name: may be a different company"
        return Comparison("similar", min(score, 84.0), detail)
    if _acronym(order, supplier):
        return Comparison("similar", 70.0, "the supplier's name is the initials of the order's name")
    if score >= 90.0 and len(missing) + len(extra) <= 2 and _is_distinctive(matched):
        return Comparison("similar", min(score, 84.0), "a close but not identical name")
    typos = {order_token for order_token, _ in fuzzy}
    shared = [token for token in matched if token not in typos and token not in COMMON_WORDS and len(token) >= 4]
    leading = order.strong[0] in shared and supplier.strong[0] == order.strong[0] and len(order.strong[0]) >= 5
    if len(shared) >= 2 or leading:
        detail = f"shares the distinctive word {shared[0]!r} but differs otherwise"
        return Comparison("similar", min(score, 70.0), detail)
    return Comparison("different", score, "a different name")


def _differs_only_by_place(missing: list[str], extra: list[str], matched: list[str], bracketed: frozenset[str]) -> bool:
    """Only a place is added or dropped ("Supermax (Malaysia)", "Hoshine (Shanshan)"), not swapped for another."""
    if bool(missing) == bool(extra):
        return False
    if not all(token in PLACE_WORDS for token in missing) or not all(
        token in PLACE_WORDS or token in bracketed for token in extra
    ):
        return False
    named = [token for token in matched if token not in PLACE_WORDS]
    return len(named) >= 2 or (len(named) == 1 and len(named[0]) >= 3 and named[0] not in COMMON_WORDS)


def _acronym(order: NameKey, supplier: NameKey) -> bool:
    """True when the supplier's single token spells the initials of the order's (three or more) tokens."""
    if len(supplier.strong) != 1 or len(order.tokens) < 3:
        return False
    return supplier.strong[0] == "".join(token[0] for token in order.tokens)
