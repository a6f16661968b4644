"""Makers of single synthetic organisations: companies, LLPs, charities, public bodies, overseas ones."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from app.demo import money, words
from app.demo.identity import Identities
from app.demo.organisation import DemoOrganisation

_STATUSES: tuple[tuple[str, int], ...] = (
    ("Active", 970),
    ("Active - Proposal to Strike off", 8),
    ("Liquidation", 12),
    ("In Administration", 10),
)
_WEBSITE_SHARE = 0.94


class Maker:
    """Adds organisations to a register under construction, drawing every choice from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids = Identities(rng)
        self.organisations: list[DemoOrganisation] = []

    def trade(self) -> words.Trade:
        """A line of business, weighted by how common it is."""
        return self.rng.choices(words.TRADES, weights=[t.weight for t in words.TRADES])[0]

    def name(self, patterns: list[str], stems: int = 3) -> str:
        """A unique name from patterns with `{stem}` filled by a few different stems."""
        candidates = [pattern.format(stem=self.ids.stem()) for _ in range(stems) for pattern in patterns]
        return self.ids.claim(candidates)

    def add(
        self,
        name: str,
        number: str | None,
        legal_form: str,
        sic_codes: list[str],
        place: tuple[str, str, str],
        jurisdiction: str = "UK",
        year_end: tuple[int, int] | None = None,
    ) -> DemoOrganisation:
        """Append an organisation with its identity; finances are set by `finances`."""
        address, postcode, country = place
        organisation = DemoOrganisation(
            index=len(self.organisations),
            name=name,
            company_number=number,
            jurisdiction=jurisdiction,
            legal_form=legal_form,
            sic_codes=sic_codes,
            address=address,
            postcode=postcode,
            country=country,
            financial_year_end=year_end or money.year_end(self.rng),
            website=self.ids.website(name) if self.rng.random() < _WEBSITE_SHARE else None,
            company_status=self.rng.choices([s for s, _ in _STATUSES], weights=[w for _, w in _STATUSES])[0],
        )
        self.organisations.append(organisation)
        self.other_names(organisation)
        return organisation

    def finances(
        self, organisation: DemoOrganisation, amount_gbp: Decimal | None, currency: str = "GBP", basis: str = "entity"
    ) -> None:
        """Turnover (shown in `currency`), its period and source, assets and head count."""
        organisation.turnover_basis = basis
        organisation.turnover_currency = currency
        organisation.employees = money.employees_for(amount_gbp, self.rng)
        assets = money.total_assets_for(amount_gbp, self.rng)
        organisation.total_assets = None if assets is None else money.in_currency(assets, currency)
        if amount_gbp is None:
            return
        organisation.turnover = money.in_currency(amount_gbp, currency)
        organisation.turnover_period_end = money.period_end(*organisation.financial_year_end)
        organisation.turnover_source = money.source(self.rng, organisation.turnover_period_end)

    def other_names(self, organisation: DemoOrganisation) -> None:
        """Former names (renames), trading names (brands) and the odd informal alias."""
        base = organisation.name.rsplit(" ", 1)
        if self.rng.random() < 0.08:
            stem = self.ids.stem()
            former = f"{stem} {self.rng.choice(self.trade().words)} {base[-1]}"
            if self.ids.free(former):
                organisation.former_names.append(former)
        if self.rng.random() < 0.06:
            brand = f"{self.ids.stem()} {self.rng.choice(('Direct', 'Online', 'Express', 'Group', 'Collective'))}"
            if self.ids.free(brand):
                organisation.trading_names.append(brand)
        if self.rng.random() < 0.03 and len(base) == 2 and self.ids.free(base[0]):
            organisation.aliases.append(base[0])

    def company(self) -> DemoOrganisation:
        """A UK trading company: England and Wales, Scottish or Northern Irish, sometimes reporting in USD."""
        trade = self.trade()
        prefix = self.rng.choices(("", "SC", "NI"), weights=(88, 8, 4))[0]
        nation = {"SC": "Scotland", "NI": "Northern Ireland"}.get(prefix, "England")
        suffix = self.rng.choices(("Limited", "Ltd", "plc", "(UK) Limited"), weights=(72, 12, 6, 10))[0]
        name = self.name([f"{{stem}} {word} {suffix}" for word in self.rng.sample(trade.words, len(trade.words))])
        sics = self.rng.sample(trade.sic_codes, self.rng.choice((1, 1, 1, 2)))
        organisation = self.add(name, self.ids.company_number(prefix), "company", sics, self.ids.address(nation))
        currency = "USD" if self.rng.random() < 0.02 else "GBP"
        self.finances(organisation, money.standalone_turnover(self.rng), currency)
        return organisation

    def llp(self) -> DemoOrganisation:
        """A professional-services limited liability partnership (OC or SO number)."""
        prefix = self.rng.choices(("OC", "SO"), weights=(88, 12))[0]
        second = self.rng.choice(words.SURNAMES)
        name = self.name([f"{{stem}} {second} LLP", "{stem} Partners LLP", "{stem} Associates LLP"])
        place = self.ids.address("Scotland" if prefix == "SO" else "England")
        sic = self.rng.choice(("69102", "69201", "70229", "71129"))
        organisation = self.add(name, self.ids.company_number(prefix), "llp", [sic], place)
        self.finances(organisation, money.standalone_turnover(self.rng))
        return organisation

    def charity(self) -> DemoOrganisation:
        """A charitable company limited by guarantee."""
        name = self.name(list(words.CHARITY_NAMES))
        sic = self.rng.choice(words.CHARITY_SICS)
        organisation = self.add(name, self.ids.company_number(""), "charity", [sic], self.ids.address("England"))
        self.finances(organisation, money.round_money(math.exp(self.rng.gauss(math.log(25_000_000), 1.2))))
        return organisation

    def public_body(self) -> DemoOrganisation:
        """A council, NHS trust or authority: no company number, a budget, a March year end."""
        pattern, sic = self.rng.choice(words.PUBLIC_BODIES)
        town = self.rng.choice(words.TOWNS)[0]
        name = self.name([pattern.replace("{town}", town), pattern.replace("{town}", "{stem}")])
        organisation = self.add(name, None, "public_body", [sic], self.ids.address("England"), year_end=(3, 31))
        organisation.company_status = None  # not on the companies register
        self.finances(organisation, money.round_money(math.exp(self.rng.gauss(math.log(150_000_000), 1.1))))
        if organisation.turnover_period_end is not None:  # public bodies publish accounts, not Companies House filings
            organisation.turnover_source = f"Annual report and accounts {organisation.turnover_period_end.year}"
        return organisation

    def overseas(self, jurisdiction: str) -> DemoOrganisation:
        """An Australian or Canadian company with a check-digit-valid number and local-currency turnover."""
        trade = self.trade()
        suffix = self.rng.choice(words.FOREIGN_SUFFIXES[jurisdiction])
        name = self.name([f"{{stem}} {word} {suffix}" for word in trade.words])
        place = self.ids.foreign_address(jurisdiction)
        number = self.ids.foreign_number(jurisdiction)
        organisation = self.add(name, number, "company", [trade.sic_codes[0]], place, jurisdiction)
        self.finances(organisation, money.standalone_turnover(self.rng), "AUD" if jurisdiction == "AU" else "CAD")
        return organisation
