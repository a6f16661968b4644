"""A deterministic synthetic register: the same (seed, n) always gives the same organisations, byte for byte."""

from __future__ import annotations

import random
from collections.abc import Callable

from app.demo.groups import add_group
from app.demo.makers import Maker
from app.demo.organisation import DemoOrganisation, to_csv

DEMO_SEED = 2015
DEMO_SIZE = 3000
BENCHMARK_SIZE = 100_000

WebsiteFor = Callable[[int], "str | None"]
"""Maps an organisation's index in the register to its homepage address (None: it has no website)."""

# Share of each kind among the units drawn (a group is one unit of 2-31 organisations).
_KINDS: tuple[tuple[str, int], ...] = (
    ("group", 90),
    ("company", 700),
    ("llp", 50),
    ("charity", 40),
    ("public_body", 20),
    ("AU", 40),
    ("CA", 30),
)


def generate_register(
    n: int = DEMO_SIZE, seed: int = DEMO_SEED, website_for: WebsiteFor | None = None
) -> list[DemoOrganisation]:
    """`n` organisations: groups with subsidiaries, standalone companies, LLPs, charities, public bodies,
    and some Australian and Canadian companies. `website_for(index)`, when given, replaces the default
    `https://<slug>.example` addresses (for pointing the demo at a simulated web)."""
    if n < 0:
        raise ValueError("the number of organisations cannot be negative")
    maker = Maker(random.Random(f"mst-demo-register:{seed}"))
    kinds, weights = [k for k, _ in _KINDS], [w for _, w in _KINDS]
    while len(maker.organisations) < n:
        remaining = n - len(maker.organisations)
        kind = maker.rng.choices(kinds, weights=weights)[0]
        if kind == "group" and remaining >= 2:
            add_group(maker, remaining)
        elif kind == "llp":
            maker.llp()
        elif kind == "charity":
            maker.charity()
        elif kind == "public_body":
            maker.public_body()
        elif kind in ("AU", "CA"):
            maker.overseas(kind)
        else:
            maker.company()
    organisations = maker.organisations
    if website_for is not None:
        for organisation in organisations:
            organisation.website = website_for(organisation.index)
    return organisations


def register_csv(n: int = DEMO_SIZE, seed: int = DEMO_SEED, website_for: WebsiteFor | None = None) -> bytes:
    """The generated register as a generic-format CSV file."""
    return to_csv(generate_register(n, seed, website_for))
