"""Read an uploaded CSV safely: size cap, encoding, header synonyms; every problem is a clear error."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput

_HEADER_SPACES = re.compile(r"[\s_\-./]+")


class FileInputError(InvalidInput):
    """A file that cannot be read as asked: names the file, line, field and reason."""

    code = "invalid_file"

    def __init__(
        self,
        file_name: str,
        reason: str,
        *,
        line: int | None = None,
        field: str | None = None,
        problems: list[dict[str, Any]] | None = None,
    ) -> None:
        where = f" line {line}" if line is not None else ""
        column = f" field '{field}'" if field else ""
        super().__init__(
            f"{file_name}{where}{column}: {reason}",
            details=problems or [{"file": file_name, "line": line, "field": field, "reason": reason}],
        )


class FileTooLarge(FileInputError):
    """The file is over the configured size cap."""

    status_code = 413
    code = "file_too_large"


@dataclass(frozen=True)
class CsvTable:
    """A decoded CSV: canonical field for each column, and the data rows with their line numbers."""

    file_name: str
    fields: list[str | None]
    rows: list[tuple[int, list[str]]]


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file, refused before reading when it is over the cap."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileInputError(str(path), f"cannot be read ({exc.strerror})") from exc
    if size > max_bytes:
        raise FileTooLarge(str(path), f"is {size:,} bytes, over the limit of {max_bytes:,} bytes")
    return path.read_bytes()


def decode(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without a byte-order mark) or UTF-16 with a mark; anything else is refused."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileInputError(file_name, "is a spreadsheet workbook, not CSV; save it as 'CSV UTF-8' and try again")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileInputError(file_name, "is marked UTF-16 but is not valid UTF-16") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileInputError(
            file_name,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as 'CSV UTF-8' and try again",
            line=line,
        ) from exc


def canonical_header(text: str) -> str:
    """A header cell lower-cased with spaces, underscores and dots collapsed ('Supplier_Name' -> 'supplier name')."""
    return _HEADER_SPACES.sub(" ", text.strip().casefold()).strip()


def map_header(
    header: list[str], synonyms: dict[str, set[str]], required: tuple[str, ...], file_name: str
) -> list[str | None]:
    """The canonical field of each column (None for ignored ones); missing or doubled fields are errors."""
    lookup = {canonical_header(s): field for field, names in synonyms.items() for s in names | {field}}
    fields = [lookup.get(canonical_header(cell)) for cell in header]
    for field in synonyms:
        if fields.count(field) > 1:
            raise FileInputError(file_name, f"more than one column means '{field}'", line=1, field=field)
    missing = [field for field in required if field not in fields]
    if missing:
        found = ", ".join(repr(cell) for cell in header) or "none"
        raise FileInputError(
            file_name,
            f"missing required column {', '.join(repr(m) for m in missing)} (columns found: {found})",
            line=1,
            field=missing[0],
        )
    return fields


def parse_table(data: bytes, file_name: str, synonyms: dict[str, set[str]], required: tuple[str, ...]) -> CsvTable:
    """Decode and split a CSV with a header row; blank lines are skipped, a file without data rows is an error."""
    if not data.strip():
        raise FileInputError(file_name, "is empty")
    text = decode(data, file_name)
    if "\x00" in text:
        raise FileInputError(file_name, "contains NUL bytes: it is not a CSV text file")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        fields = map_header(header, synonyms, required, file_name)
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line + 1, cells))
            line = reader.line_num
    except csv.Error as exc:
        raise FileInputError(file_name, f"is not valid CSV ({exc})", line=reader.line_num) from exc
    if not rows:
        raise FileInputError(file_name, "has a header but no data rows")
    return CsvTable(file_name, fields, rows)


def row_values(table: CsvTable, line: int, cells: list[str]) -> dict[str, str]:
    """The named fields of one row; more cells than header columns is an error."""
    if len(cells) > len(table.fields) and any(cell.strip() for cell in cells[len(table.fields) :]):
        raise FileInputError(
            table.file_name, f"has {len(cells)} cells but the header has {len(table.fields)}", line=line
        )
    values: dict[str, str] = {}
    for field, cell in zip(table.fields, cells, strict=False):
        if field is not None:
            values[field] = cell.strip()
    return values
