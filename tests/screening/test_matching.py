"""Name matching on real-world spellings: variants match, look-alikes do not."""

from __future__ import annotations

from datetime import date

import pytest

from app.screening.countries import compatible, country_code
from app.screening.normalise import name_key
from app.screening.suppliers import SupplierRow, SupplierScreener
from bench.screening_labelled import labelled_set
from bench.screening_quality import evaluate

ON = date(2021, 1, 1)


def verdict(screener: SupplierScreener, name: str, country: str = "") -> tuple[str, str | None]:
    result = screener.screen(SupplierRow(1, name, country), ON)
    return result.verdict, result.order


@pytest.mark.parametrize(
    ("name", "order"),
    [
        ("HOSHINE SILICON INDUSTRY COMPANY LIMITED", "Hoshine Silicon Industry Co. Ltd"),
        ("Hoshine Silicon Ind. Co.,Ltd.", "Hoshine Silicon Industry Co. Ltd"),
        ("Hoshin Silicon Industry Co Ltd", "Hoshine Silicon Industry Co. Ltd"),
        ("Top Glove Corp. Berhad", "Top Glove Corporation Bhd"),
        ("Top Glove (M) Sdn Bhd", "Top Glove Corporation Bhd"),
        ("Bitland (Hefei) Information Technologies Co., Ltd", "Hefei Bitland Information Technology Co. Ltd"),
        ("Maxter Glove Mfg. Sdn. Bhd.", "Supermax Corporation Bhd"),
        ("Xinjiang Production & Construction Corps", "Xinjiang Production and Construction Corps"),
        ("Junggar Cotton & Linen Company Limited", "Xinjiang Junggar Cotton and Linen Co. Ltd"),
        ("Yili Zhuowan Garment Manufactring Co", "Yili Zhuowan Garment Manufacturing Co. Ltd"),
        ("Felda Global Ventures Holdings Bhd", "FGV Holdings Berhad"),
        ("Smart Glove Corporation", "Smart Glove group"),
    ],
)
def test_variants_match(screener: SupplierScreener, name: str, order: str) -> None:
    assert verdict(screener, name) == ("match", order)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Top Gloves Trading LLC", "possible"),
        ("Sime Darby Property Berhad", "possible"),
        ("Sime Darby Berhad", "possible"),
        ("Supermex Corporation Bhd", "possible"),
        ("Smart Grove Sdn Bhd", "possible"),
        ("Golden Silicon Industry Co Ltd", "none"),
        ("Acme Widgets Ltd", "none"),
        ("Glove Box Ltd", "none"),
    ],
)
def test_look_alikes_do_not_match(screener: SupplierScreener, name: str, expected: str) -> None:
    assert verdict(screener, name)[0] == expected


def test_country_mismatch_holds_a_name_match_for_review(screener: SupplierScreener) -> None:
    assert verdict(screener, "Top Glove Corporation Bhd", "MY")[0] == "match"
    result = screener.screen(SupplierRow(1, "Top Glove Ltd", "United Kingdom"), ON)
    assert result.verdict == "possible"
    assert "United Kingdom" in result.reason


def test_countries_are_read_in_common_spellings() -> None:
    assert country_code("People's Republic of China") == "CN"
    assert country_code(" my ") == "MY"
    assert country_code("Atlantis") is None
    assert compatible("CN", "HK") and not compatible("GB", "MY") and compatible(None, "MY")


def test_normalisation_drops_legal_forms_and_punctuation() -> None:
    assert name_key("Hoshine Silicon Industry Co., Ltd.").core == name_key("HOSHINE SILICON INDUSTRY CO LTD").core
    assert name_key("PT Foo Bar Tbk").tokens == ("foo", "bar")
    assert name_key("A & B Sdn. Bhd.").tokens == name_key("A and B Berhad").tokens


def test_labelled_set_meets_the_target() -> None:
    figures = evaluate(labelled_set())
    assert figures["precision"] >= 0.98
    assert figures["recall"] >= 0.95
    assert figures["positives"] > 200 and figures["negatives"] > 100


def test_every_result_says_it_is_a_us_measure(screener: SupplierScreener) -> None:
    for name in ("Top Glove", "Nobody Ltd"):
        result = screener.screen(SupplierRow(1, name), ON)
        assert "not UK law" in result.basis


def test_reason_names_a_product_the_order_covers(screener: SupplierScreener) -> None:
    result = screener.screen(SupplierRow(1, "Top Glove Sdn Bhd", "MY", products="Nitrile gloves, boxes"), ON)
    assert result.verdict == "match" and "'gloves', a product the order covers" in result.reason
