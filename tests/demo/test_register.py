"""The synthetic register: deterministic, valid for the importer, and shaped like a real register."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from app.demo.identity import acn_check_digit, luhn_check_digit
from app.demo.organisation import GENERIC_COLUMNS, DemoOrganisation, to_csv
from app.demo.register import generate_register, register_csv
from app.organisations.imports import read_file
from app.organisations.normalise import name_key, normalise_company_number

ROOT = Path(__file__).resolve().parents[2]


@lru_cache
def register(n: int = 3000, seed: int = 11) -> tuple[DemoOrganisation, ...]:
    """A register shared by the read-only tests (generation takes a fraction of a second)."""
    return tuple(generate_register(n, seed))


def test_same_seed_and_size_give_identical_bytes() -> None:
    assert register_csv(400, 5) == register_csv(400, 5)
    assert register_csv(400, 5) != register_csv(400, 6)


def test_output_does_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "import hashlib; from app.demo.register import register_csv; "
        "print(hashlib.sha256(register_csv(300, 9)).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for hash_seed in ("1", "987")
    }
    assert digests == {hashlib.sha256(register_csv(300, 9)).hexdigest()}


def test_exact_size_and_sizes_edge_cases() -> None:
    assert len(generate_register(1)) == 1
    assert len(generate_register(2)) == 2
    assert generate_register(0) == []
    assert len(register()) == 3000
    with pytest.raises(ValueError):
        generate_register(-1)


def test_every_row_reads_cleanly_in_the_generic_format() -> None:
    data = to_csv(register())
    chosen, encoding, records, problems = read_file(data, "demo.csv", "generic", None)
    assert problems == []
    assert (chosen.name, encoding, len(records)) == ("generic", "utf-8", 3000)
    assert data.decode().splitlines()[0].split(",") == list(GENERIC_COLUMNS)
    assert Counter(r.sector for r in records).most_common(1)[0][0] is not None  # sectors come from the SIC codes


def test_names_numbers_and_websites_are_unique() -> None:
    organisations = register()
    names = [name_key(o.name) for o in organisations]
    numbers = [o.company_number for o in organisations if o.company_number]
    websites = [o.website for o in organisations if o.website]
    assert len(set(names)) == len(names)
    assert len(set(numbers)) == len(numbers)
    assert len(set(websites)) == len(websites)
    assert all(re.fullmatch(r"https://[a-z0-9-]+\.example", w) for w in websites)
    assert 0.85 < len(websites) / len(organisations) < 1  # a few have no website
    other_names = [name_key(a) for o in organisations for a in (*o.former_names, *o.trading_names, *o.aliases)]
    assert other_names and not set(other_names) & set(names)


def test_company_numbers_are_valid_for_their_register() -> None:
    prefixes: Counter[str] = Counter()
    for organisation in register():
        number = organisation.company_number
        if organisation.jurisdiction == "UK":
            if number is None:
                assert organisation.legal_form == "public_body"
                continue
            assert normalise_company_number(number) == number
            assert re.fullmatch(r"(\d{8}|(SC|NI|OC|SO|FC)\d{6})", number)
            prefixes[number[:2] if number[0].isalpha() else "digits"] += 1
            if number.startswith(("OC", "SO")):
                assert organisation.legal_form == "llp" and organisation.name.endswith("LLP")
        else:
            assert number is not None and re.fullmatch(r"\d{9}", number)
            check = acn_check_digit if organisation.jurisdiction == "AU" else luhn_check_digit
            assert check(number[:8]) == int(number[8])
    assert {"digits", "SC", "NI", "OC", "FC"} <= set(prefixes)
    assert prefixes["digits"] > sum(prefixes.values()) * 0.7


def test_check_digits_match_published_examples() -> None:
    assert acn_check_digit("00000001") == 9  # ACN 000 000 019, ASIC's first example
    assert acn_check_digit("01049996") == 6  # ACN 010 499 966, from ASIC's check-digit guide
    assert luhn_check_digit("7992739871") == 3  # the classic Luhn example 79927398713


def test_groups_have_one_to_thirty_subsidiaries_over_two_or_three_levels() -> None:
    organisations = register()
    by_number = {(o.jurisdiction, o.company_number): o for o in organisations if o.company_number}
    members = Counter(o.group for o in organisations if o.group is not None)
    depths: dict[int, int] = {}
    for organisation in organisations:
        depth, node = 1, organisation
        while node.parent_company_number:
            parent = by_number[(node.jurisdiction, node.parent_company_number)]
            assert parent.name == node.parent_name and parent.group == organisation.group
            depth, node = depth + 1, parent
        assert (organisation.group is None) == (depth == 1 and organisation.index not in members)
        if organisation.group is not None:
            assert node.index == organisation.group
            depths[organisation.group] = max(depths.get(organisation.group, 1), depth)
    sizes = [count - 1 for count in members.values()]
    assert min(sizes) >= 1 and max(sizes) <= 30 and max(sizes) >= 20
    assert set(depths.values()) == {2, 3}
    parents = [o for o in organisations if o.group == o.index]
    assert {p.turnover_basis for p in parents} == {"consolidated", "entity"}
    assert all(o.turnover_basis == "entity" for o in organisations if o.group != o.index)
    assert 0.3 < sum(members.values()) / len(organisations) < 0.65


def test_turnovers_straddle_the_threshold_in_several_currencies() -> None:
    organisations = register()
    turnovers = [o.turnover for o in organisations]
    assert sum(t == Decimal(36_000_000) for t in turnovers) >= 5
    assert 0.05 < sum(t is None for t in turnovers) / len(turnovers) < 0.2
    standalone_gbp = [o.turnover for o in organisations if o.group is None and o.turnover_currency == "GBP"]
    above = sum(t is not None and t >= 36_000_000 for t in standalone_gbp) / len(standalone_gbp)
    assert 0.3 < above < 0.7
    assert {"GBP", "USD", "EUR", "AUD", "CAD"} <= {o.turnover_currency for o in organisations if o.turnover}
    for organisation in organisations:
        if organisation.turnover is not None:
            assert organisation.turnover_period_end is not None and organisation.turnover_source
            month, day = organisation.financial_year_end
            assert (organisation.turnover_period_end.month, organisation.turnover_period_end.day) == (month, day)


def test_year_ends_are_mostly_december_and_march() -> None:
    year_ends = Counter(o.financial_year_end for o in register())
    assert (year_ends[(12, 31)] + year_ends[(3, 31)]) / 3000 > 0.6
    assert year_ends[(12, 31)] > year_ends[(3, 31)] > year_ends[(6, 30)]
    assert len(year_ends) >= 8


def test_register_mixes_legal_forms_and_jurisdictions() -> None:
    organisations = register()
    forms = Counter(o.legal_form for o in organisations)
    assert {"company", "llp", "charity", "public_body"} <= set(forms)
    assert forms["company"] > 0.8 * len(organisations)
    assert {"UK", "AU", "CA"} == {o.jurisdiction for o in organisations}
    public = [o for o in organisations if o.legal_form == "public_body"]
    assert all(o.company_status is None and o.company_number is None for o in public)
    assert all("Companies House" not in (o.turnover_source or "") for o in public)


def test_website_hook_replaces_only_the_websites() -> None:
    hooked = generate_register(60, 3, website_for=lambda index: None if index == 0 else f"http://127.0.0.1:9/{index}")
    plain = generate_register(60, 3)
    assert hooked[0].website is None
    assert [o.website for o in hooked[1:]] == [f"http://127.0.0.1:9/{i}" for i in range(1, 60)]
    for a, b in zip(hooked, plain, strict=True):
        assert a.row() | {"website": ""} == b.row() | {"website": ""}
