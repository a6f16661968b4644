"""Supplier lists as buyers keep them: CSV with a header row, common column names accepted."""

from __future__ import annotations

from typing import Any

from app.screening.csvfile import FileInputError, parse_table, row_values
from app.screening.suppliers import SupplierRow

SUPPLIER_COLUMNS: dict[str, set[str]] = {
    "name": {
        "supplier",
        "supplier name",
        "suppliers",
        "name of supplier",
        "company",
        "company name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "vendor",
        "vendor name",
        "legal name",
        "business name",
        "entity",
        "entity name",
        "manufacturer",
        "factory",
        "factory name",
    },
    "country": {
        "country",
        "country name",
        "supplier country",
        "country of supplier",
        "country code",
        "nation",
        "country region",
        "country/region",
        "location country",
        "vendor country",
    },
    "company_number": {
        "company number",
        "company no",
        "company num",
        "companies house number",
        "registration number",
        "registration no",
        "reg no",
        "reg number",
        "crn",
        "company registration number",
        "business number",
    },
    "products": {
        "product",
        "products",
        "goods",
        "commodity",
        "commodities",
        "product category",
        "items",
        "products supplied",
        "goods supplied",
        "category",
        "description",
    },
    "region": {"region", "province", "state", "state province", "origin", "region of origin", "place of origin"},
}
MAX_ROW_ERRORS = 20


def parse_supplier_csv(data: bytes, file_name: str) -> list[SupplierRow]:
    """Every supplier in the file, or an error naming each bad line (never a partial result)."""
    table = parse_table(data, file_name, SUPPLIER_COLUMNS, ("name", "country"))
    rows: list[SupplierRow] = []
    problems: list[dict[str, Any]] = []
    for number, (line, cells) in enumerate(table.rows, start=1):
        values = row_values(table, line, cells)
        if not values.get("name"):
            problems.append({"file": file_name, "line": line, "field": "name", "reason": "the supplier name is empty"})
            continue
        rows.append(
            SupplierRow(
                row=number,
                name=values["name"],
                country=values.get("country", ""),
                company_number=values.get("company_number", ""),
                products=values.get("products", ""),
                region=values.get("region", ""),
                line=line,
            )
        )
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""
        raise FileInputError(
            file_name, f"{first['reason']}{more}", line=first["line"], field="name", problems=problems[:MAX_ROW_ERRORS]
        )
    return rows
