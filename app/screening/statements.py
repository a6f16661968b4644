"""Screen a statement's text for ordered entities (as whole names) and regions (with or without a product)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from app.screening.normalise import ABBREVIATIONS, fold, singular, strip_legal_forms, word_tokens
from app.screening.sentences import Sentence, split_sentences
from app.screening.types import LEGAL_NOTE, OrderFacts, describe_status, status_on

_TOKEN = re.compile(r"[^\W_]+|&", re.UNICODE)
_CONNECTORS = frozenset({"and", "of", "the", "&"})


@dataclass(frozen=True)
class StatementHit:
    """An order named in one sentence: evidence, offsets, what matched, the order's status on the date."""

    kind: Literal["entity", "region"]
    order_id: int
    order_reference: str
    order: str
    matched: str
    sentence: str
    start: int
    end: int
    match_start: int
    match_end: int
    product: str | None
    product_mentioned: bool
    order_status: Literal["active", "inactive"]
    reason: str
    basis: str = LEGAL_NOTE

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int
    capitalised: bool


def _tokens(text: str) -> list[_Token]:
    """Word tokens with offsets, normalised as names are ('&' -> 'and', abbreviations, singular)."""
    found: list[_Token] = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        norm = "and" if raw == "&" else singular(ABBREVIATIONS.get(fold(raw).strip(), fold(raw).strip()))
        found.append(_Token(norm, match.start(), match.end(), raw[0].isupper() or raw[0].isdigit()))
    return found


def _phrases(orders: list[OrderFacts]) -> dict[str, list[tuple[tuple[str, ...], OrderFacts, str]]]:
    """Entity names (legal forms removed) and region names, indexed by their first token."""
    index: dict[str, list[tuple[tuple[str, ...], OrderFacts, str]]] = {}
    for order in orders:
        names = [order.name, *order.aliases, *order.subsidiaries]
        if order.subject == "region":
            names = [n for n in (order.name, order.region, *order.aliases) if n]
        for name in dict.fromkeys(names):
            phrase = tuple(strip_legal_forms(word_tokens(name)))
            if phrase:
                index.setdefault(phrase[0], []).append((phrase, order, name))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _product_in(sentence: list[_Token], order: OrderFacts) -> str | None:
    """The first of the order's product terms named in the sentence."""
    words = [token.norm for token in sentence]
    for term in order.product_terms:
        phrase = word_tokens(term)
        if phrase and any(words[i : i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1)):
            return term
    return None


def _reason(kind: str, name: str, order: OrderFacts, product: str | None, as_of: date) -> str:
    """Plain-language explanation of a hit."""
    status = describe_status(order, as_of)
    if kind == "entity":
        return f"The sentence names '{name}', covered by {order.label()}. {status} {LEGAL_NOTE}"
    if product:
        what = f"together with '{product}', a product the order lists"
    else:
        what = f"but none of the products the order lists ({order.products or 'see the order'})"
    return f"The sentence names the region '{name}' {what}; {order.label()}. {status} {LEGAL_NOTE}"


def _find(
    tokens: list[_Token], index: dict[str, list[tuple[tuple[str, ...], OrderFacts, str]]]
) -> list[tuple[int, int, OrderFacts, str]]:
    """(first token, end token, order, name) for each whole-name occurrence, longest name first at a position."""
    words = [token.norm for token in tokens]
    found: list[tuple[int, int, OrderFacts, str]] = []
    for position, word in enumerate(words):
        for phrase, order, name in index.get(word, ()):
            end = position + len(phrase)
            if tuple(words[position:end]) != phrase:
                continue
            span = tokens[position:end]
            if order.subject == "entity" and not all(t.capitalised or t.norm in _CONNECTORS for t in span):
                continue  # a name is written as one: "top glove quality" is not Top Glove
            found.append((position, end, order, name))
    return found


def screen_text(text: str, *, as_of: date, orders: list[OrderFacts]) -> list[StatementHit]:
    """Every order named in the text, once per sentence, with the sentence as evidence."""
    tokens = _tokens(text)
    sentences = split_sentences(text)
    starts = [sentence.start for sentence in sentences]
    found = _find(tokens, _phrases(orders))
    entity_spans = [(tokens[a].start, tokens[b - 1].end) for a, b, order, _ in found if order.subject == "entity"]
    hits: dict[tuple[int, int], StatementHit] = {}
    for first, end, order, name in sorted(found, key=lambda item: (item[0], item[2].subject != "entity")):
        begin, finish = tokens[first].start, tokens[end - 1].end
        if order.subject == "region" and any(a <= begin and finish <= b for a, b in entity_spans):
            continue  # "Xinjiang" inside "Xinjiang Production and Construction Corps" is that entity
        sentence = sentences[max(bisect_right(starts, begin) - 1, 0)]
        if finish > sentence.end:
            continue  # "... Top. Glove makers ..." is two sentences, not a name
        key = (order.id, sentence.start)
        if key in hits:
            continue
        hits[key] = _hit(order, name, sentence, begin, finish, tokens, as_of)
    return sorted(hits.values(), key=lambda hit: (hit.match_start, hit.order_id))


def _hit(
    order: OrderFacts, name: str, sentence: Sentence, begin: int, finish: int, tokens: list[_Token], as_of: date
) -> StatementHit:
    """Build one hit; region hits look for a listed product in the same sentence."""
    kind: Literal["entity", "region"] = "region" if order.subject == "region" else "entity"
    product = None
    if kind == "region":
        product = _product_in([t for t in tokens if sentence.start <= t.start < sentence.end], order)
    return StatementHit(
        kind=kind,
        order_id=order.id,
        order_reference=order.reference,
        order=order.name,
        matched=name,
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        match_start=begin,
        match_end=finish,
        product=product,
        product_mentioned=product is not None,
        order_status=status_on(order, as_of)[0],
        reason=_reason(kind, name, order, product, as_of),
    )
