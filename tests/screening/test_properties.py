"""Whatever a supplier list or a statement holds, screening answers without crashing and its offsets hold."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.screening.normalise import name_key
from app.screening.statements import screen_text
from app.screening.suppliers import SupplierRow, SupplierScreener
from bench.screening_quality import seed_facts

ORDERS = seed_facts()
SCREENER = SupplierScreener(ORDERS)
WORDS = st.sampled_from(["Top", "Glove", "Xinjiang", "cotton", "Co.", "Ltd", "&", "(M)", "Sdn", "Bhd", "Hoshine", "."])


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_name_gets_a_verdict(name: str) -> None:
    result = SCREENER.screen(SupplierRow(1, name), date(2022, 1, 1))
    assert result.verdict in ("match", "possible", "none")
    assert 0.0 <= result.score <= 100.0
    assert name_key(name) == name_key(name)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=40))
def test_statement_offsets_point_at_the_evidence(parts: list[str]) -> None:
    text = " ".join(parts)
    for hit in screen_text(text, as_of=date(2022, 1, 1), orders=ORDERS):
        assert text[hit.start : hit.end] == hit.sentence
        assert hit.start <= hit.match_start < hit.match_end <= hit.end
