"""Status on a date, region orders for suppliers, and statement-text screening."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.screening import repository
from app.screening.statements import screen_text
from app.screening.suppliers import SupplierRow, SupplierScreener
from app.screening.types import OrderFacts, status_on


def by_name(orders: list[OrderFacts], name: str) -> OrderFacts:
    return next(order for order in orders if order.name == name)


def test_status_follows_the_history(orders: list[OrderFacts]) -> None:
    top_glove = by_name(orders, "Top Glove Corporation Bhd")
    assert status_on(top_glove, date(2020, 7, 14))[0] == "inactive"  # not yet issued
    assert status_on(top_glove, date(2020, 7, 15))[0] == "active"
    assert status_on(top_glove, date(2021, 9, 8))[0] == "active"
    state, change = status_on(top_glove, date(2021, 9, 9))
    assert state == "inactive" and change is not None and change.status == "modified"


def test_active_on_is_a_query(seeded: Session) -> None:
    def names(on: date) -> set[str]:
        return {order.name for order in repository.list_orders(seeded, active_on=on)}

    assert names(date(2019, 10, 1)) == {"WRP Asia Pacific Sdn Bhd"}
    assert "WRP Asia Pacific Sdn Bhd" not in names(date(2020, 3, 24))
    mid_2022 = names(date(2022, 6, 1))
    assert "Sime Darby Plantation Berhad" in mid_2022 and "Top Glove Corporation Bhd" not in mid_2022
    assert len(mid_2022) == 12
    assert "Sime Darby Plantation Berhad" not in names(date(2023, 2, 3))


def test_region_orders_match_on_region_and_product(screener: SupplierScreener) -> None:
    on = date(2022, 1, 1)
    cotton = screener.screen(
        SupplierRow(1, "Shihezi Textiles Co Ltd", "China", products="cotton yarn", region="Xinjiang"), on
    )
    assert cotton.verdict == "match" and cotton.order == "Xinjiang Uyghur Autonomous Region"
    assert cotton.order_status == "active"
    no_product = screener.screen(
        SupplierRow(2, "Urumqi Software Ltd", "China", products="software", region="Xinjiang"), on
    )
    assert no_product.verdict == "possible" and "none of the order's products" in no_product.reason
    elsewhere = screener.screen(SupplierRow(3, "Shanghai Cotton Mill", "China", products="cotton"), on)
    assert elsewhere.verdict == "none"
    named = screener.screen(SupplierRow(4, "Xinjiang Uyghur Autonomous Region Trading", "China"), on)
    assert named.verdict == "possible"  # a region is never matched on the name alone


TEXT = (
    "We buy disposable gloves from Top Glove Corporation Bhd. and others. We look for top glove quality. "
    "Some cotton in our supply chain may come from Xinjiang, China.\n\nOur office in Xinjiang sells software. "
    "We do not trade with the Xinjiang Production & Construction Corps (XPCC). Hoshineville Ltd is a local baker."
)


def test_statement_text_hits_with_sentence_evidence(orders: list[OrderFacts]) -> None:
    hits = screen_text(TEXT, as_of=date(2022, 1, 1), orders=orders)
    summary = [(hit.kind, hit.order, hit.product_mentioned) for hit in hits]
    assert summary == [
        ("entity", "Top Glove Corporation Bhd", False),
        ("region", "Xinjiang Uyghur Autonomous Region", True),
        ("region", "Xinjiang Uyghur Autonomous Region", False),
        ("entity", "Xinjiang Production and Construction Corps", False),
    ]
    top_glove, cotton = hits[0], hits[1]
    assert TEXT[top_glove.start : top_glove.end] == top_glove.sentence
    assert top_glove.sentence == "We buy disposable gloves from Top Glove Corporation Bhd. and others."
    assert TEXT[top_glove.match_start : top_glove.match_end] == "Top Glove"
    assert top_glove.order_status == "inactive" and "no longer in force" in top_glove.reason
    assert cotton.product == "cotton" and cotton.order_status == "active"
    assert all("not UK law" in hit.basis for hit in hits)


def test_statement_text_before_an_order_existed(orders: list[OrderFacts]) -> None:
    hits = screen_text("Hoshine Silicon Industry supplies us.", as_of=date(2020, 1, 1), orders=orders)
    assert len(hits) == 1 and hits[0].order_status == "inactive" and "not yet issued" in hits[0].reason


def test_a_name_never_spans_two_sentences(orders: list[OrderFacts]) -> None:
    assert screen_text("We like Top. Glove makers are fine.", as_of=date(2022, 1, 1), orders=orders) == []


def test_list_items_are_their_own_evidence(orders: list[OrderFacts]) -> None:
    text = "Our highest risks:\n• cotton from Xinjiang\n• gloves from Top Glove"
    hits = screen_text(text, as_of=date(2022, 1, 1), orders=orders)
    assert [hit.sentence for hit in hits] == ["• cotton from Xinjiang", "• gloves from Top Glove"]
