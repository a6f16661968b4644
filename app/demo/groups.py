"""Synthetic corporate groups: a parent with 1-30 subsidiaries over two or three levels."""

from __future__ import annotations

from decimal import Decimal

from app.demo import money, words
from app.demo.makers import Maker
from app.demo.organisation import DemoOrganisation
from app.organisations.scope import exchange_rates

# (lowest, highest, weight) of the number of subsidiaries: most groups are small, a few have up to 30.
_SIZES: tuple[tuple[int, int, int], ...] = ((1, 3, 40), (4, 9, 35), (10, 19, 17), (20, 30, 8))
_HOLDING_SICS = ("70100", "64209")


def subsidiary_count(maker: Maker) -> int:
    """How many subsidiaries a new group has (1-30)."""
    low, high, _ = maker.rng.choices(_SIZES, weights=[w for _, _, w in _SIZES])[0]
    return maker.rng.randint(low, high)


def _parent(maker: Maker, stem: str, foreign: tuple[str, str, str] | None) -> DemoOrganisation:
    """The top company: a UK plc or holding company, or the UK-registered arm of an overseas group (FC number)."""
    if foreign is not None:
        name = maker.ids.claim([f"{stem} {foreign[2]}", f"{stem} Holdings {foreign[2]}", f"{stem} Group {foreign[2]}"])
        number = maker.ids.company_number("FC")
    else:
        patterns = ["Group plc", "Holdings Limited", "Group Limited", "Holdings plc"]
        first = maker.rng.choice(patterns)
        name = maker.ids.claim([f"{stem} {first}"] + [f"{stem} {p}" for p in patterns])
        number = maker.ids.company_number(maker.rng.choices(("", "SC"), weights=(92, 8))[0])
    nation = "Scotland" if number.startswith("SC") else "England"
    sics = [maker.rng.choice(_HOLDING_SICS)]
    return maker.add(name, number, "company", sics, maker.ids.address(nation))


def _subsidiary_name(maker: Maker, stem: str, trade: words.Trade, holding: bool) -> str:
    """A member's name: the group stem, a word of its trade, sometimes a region; unique in the register."""
    kind = " Holdings" if holding else ""
    trade_words = maker.rng.sample(trade.words, len(trade.words))
    qualifiers = maker.rng.sample(words.QUALIFIERS, len(words.QUALIFIERS))
    candidates = [f"{stem} {word}{kind} Limited" for word in trade_words]
    candidates += [f"{stem} {word} ({qualifier}){kind} Limited" for qualifier in qualifiers for word in trade_words]
    return maker.ids.claim(candidates)


def add_group(maker: Maker, most: int) -> list[DemoOrganisation]:
    """Add a group of at most `most` organisations (at least two); return its members, parent first."""
    rng = maker.rng
    foreign = rng.choice(words.FOREIGN_PARENTS) if rng.random() < 0.2 else None
    stem = maker.ids.group_stem()
    parent = _parent(maker, stem, foreign)
    count = min(most - 1, subsidiary_count(maker))
    middle = max(1, count // 5) if count >= 4 and rng.random() < 0.45 else 0
    main_trade = maker.trade()
    members: list[DemoOrganisation] = []
    for position in range(count):
        holding = position < middle
        trade = main_trade if rng.random() < 0.6 else maker.trade()
        above = parent if holding or not middle or rng.random() < 0.3 else members[rng.randrange(middle)]
        year_end = parent.financial_year_end if rng.random() < 0.85 else None
        prefix = rng.choices(("", "SC", "NI"), weights=(88, 8, 4))[0]
        nation = {"SC": "Scotland", "NI": "Northern Ireland"}.get(prefix, "England")
        sics = list(_HOLDING_SICS[:1]) if holding else rng.sample(trade.sic_codes, rng.choice((1, 1, 2)))
        member = maker.add(
            _subsidiary_name(maker, stem, trade, holding),
            maker.ids.company_number(prefix),
            "company",
            sics,
            maker.ids.address(nation),
            year_end=year_end,
        )
        member.parent_company_number, member.parent_name = above.company_number, above.name
        currency = foreign[1] if foreign is not None and rng.random() < 0.25 else "GBP"
        amount = money.holding_turnover(rng) if holding and rng.random() < 0.9 else money.subsidiary_turnover(rng)
        maker.finances(member, amount, currency)
        members.append(member)
    _parent_finances(maker, parent, members, foreign)
    for organisation in (parent, *members):
        organisation.group = parent.index
    return [parent, *members]


def _parent_finances(
    maker: Maker, parent: DemoOrganisation, members: list[DemoOrganisation], foreign: tuple[str, str, str] | None
) -> None:
    """Consolidated group turnover (sum of members plus a margin) for most parents, own turnover for the rest."""
    currency = foreign[1] if foreign is not None else "GBP"
    if maker.rng.random() < 0.6:
        known = sum((_gbp(m) for m in members), Decimal(0))
        margin = Decimal(str(round(maker.rng.uniform(1.0, 1.3), 3)))
        amount = money.round_money(float(known * margin + money.holding_turnover(maker.rng)))
        maker.finances(parent, amount, currency, basis="consolidated")
    else:
        maker.finances(parent, money.holding_turnover(maker.rng), currency)


def _gbp(organisation: DemoOrganisation) -> Decimal:
    """A member's turnover in GBP (zero when unknown)."""
    if organisation.turnover is None or organisation.turnover_currency is None:
        return Decimal(0)
    return organisation.turnover / exchange_rates()[organisation.turnover_currency]
