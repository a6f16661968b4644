"""Supplier and order files: header synonyms, and every bad input named with a clear error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.screening.csvfile import FileInputError, FileTooLarge, read_limited
from app.screening.order_file import parse_order_csv, product_terms
from app.screening.supplier_file import parse_supplier_csv


def test_header_synonyms_and_case() -> None:
    data = b"Supplier Name;COUNTRY;Company No;Goods\nTop Glove;Malaysia;123;gloves\n\n"
    rows = parse_supplier_csv(data, "s.csv")
    assert [(r.name, r.country, r.company_number, r.products, r.line) for r in rows] == [
        ("Top Glove", "Malaysia", "123", "gloves", 2)
    ]


def test_utf8_bom_and_utf16_are_read() -> None:
    text = "name,country\nNestlé S.A.,Switzerland\n"
    assert parse_supplier_csv(b"\xef\xbb\xbf" + text.encode(), "a.csv")[0].name == "Nestlé S.A."
    assert parse_supplier_csv(text.encode("utf-16"), "b.csv")[0].name == "Nestlé S.A."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"supplier,products\nTop Glove,gloves\n", "missing required column 'country'"),
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"name,country\n", "no data rows"),
        ("name,country\nNestlé,Suisse\n".encode("cp1252"), "not UTF-8"),
        (b"name,country\nA,UK\n,UK\n", "line 3 field 'name': the supplier name is empty"),
        (b"name,country\nA,UK,extra\n", "line 2: has 3 cells"),
        (b"name,supplier,country\nA,B,UK\n", "more than one column means 'name'"),
        (b"name,country\x00\nA,UK\n", "NUL"),
    ],
)
def test_bad_supplier_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FileInputError) as caught:
        parse_supplier_csv(data, "suppliers.csv")
    assert message in caught.value.message
    assert caught.value.message.startswith("suppliers.csv")


def test_wrong_encoding_names_the_line() -> None:
    data = "name,country\nA,UK\nZürich AG,Switzerland\n".encode("latin-1")
    with pytest.raises(FileInputError) as caught:
        parse_supplier_csv(data, "s.csv")
    assert "line 3" in caught.value.message and caught.value.details[0]["line"] == 3


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.write(b"name,country\n")
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(FileTooLarge) as caught:
        read_limited(path, 25 * 1024 * 1024)
    assert "52,428,800 bytes" in caught.value.message and caught.value.status_code == 413


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileInputError, match="cannot be read"):
        read_limited(tmp_path / "nope.csv", 100)


def test_order_csv_rows_are_checked(write_csv: Callable[..., Path]) -> None:
    header = "issued_on,entity,aliases,country,region,products,scope,action,status,status_changed_on,status_note\n"
    good = (
        header
        + "2024-01-02,Acme Rubber Sdn Bhd,Acme Rubber; Acme,Malaysia,,Gloves,,WRO,inactive,2025-01-01,Order lifted\n"
    )
    specs, fields = parse_order_csv(good.encode(), "o.csv")
    assert specs[0].events[0].status == "lifted" and specs[0].aliases == ["Acme Rubber", "Acme"]
    assert "aliases" in fields and "subsidiaries" not in fields
    bad = {
        "2024-13-02,Acme,,Malaysia,,Gloves,,WRO,active,,\n": "'2024-13-02' is not a date",
        "2024-01-02,Acme,,Malaysia,,Gloves,,Ban,active,,\n": "action 'Ban' is not WRO or Finding",
        "2024-01-02,Acme,,Malaysia,,Gloves,,WRO,inactive,,\n": "needs the date its status changed",
        "2024-01-02,,,Malaysia,,Gloves,,WRO,active,,\n": "'entity' is empty",
        "2024-01-02,Acme,,Malaysia,,Gloves,,WRO,paused,,\n": "status 'paused'",
    }
    for row, message in bad.items():
        with pytest.raises(FileInputError) as caught:
            parse_order_csv((header + row).encode(), "o.csv")
        assert message in caught.value.message and "line 2" in caught.value.message


def test_product_terms_from_descriptions() -> None:
    assert product_terms("Palm oil and palm oil products") == ["palm oil"]
    assert product_terms("Cotton, tomatoes and downstream products") == ["cotton", "tomatoes"]
    assert product_terms("Silica-based products") == ["silica"]
    assert product_terms("All products") == []


def test_a_workbook_is_not_taken_for_csv() -> None:
    with pytest.raises(FileInputError, match="spreadsheet workbook"):
        parse_supplier_csv(b"PK\x03\x04\x14\x00\x06\x00binary", "suppliers.xlsx")
