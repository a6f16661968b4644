"""Read a CSV file safely: detect its encoding, check its shape, and keep line numbers for reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from charset_normalizer import from_bytes

from app.organisations.importers.records import ImportProblem

csv.field_size_limit(1_000_000)
_LATIN_SINGLE_BYTE = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15", "iso8859_9", "mac_roman"}
)


class ImportFileError(Exception):
    """The file as a whole cannot be read; carries the problems found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class CsvRow(NamedTuple):
    """One data row: its first line number in the file and its cells keyed by normalised header."""

    line: int
    cells: dict[str, str]


@dataclass
class DecodedText:
    """The decoded text of a file and the encoding that was used."""

    text: str
    encoding: str


def decode(data: bytes, file_name: str, encoding: str | None = None) -> DecodedText:
    """UTF-8 (with or without BOM) first; otherwise a detected encoding; binary or undecodable files refused."""
    if encoding:
        try:
            return DecodedText(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportFileError(
                [ImportProblem(file_name, None, None, f"cannot decode as {encoding}: {exc}")]
            ) from exc
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError([ImportProblem(file_name, None, None, "file is binary (NUL bytes), not a CSV text file")])
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = from_bytes(data).best()
        if guess is None or guess.encoding is None:
            raise ImportFileError(
                [ImportProblem(file_name, line, None, "file is not UTF-8 and its encoding could not be determined")]
            ) from exc
        if guess.encoding in _LATIN_SINGLE_BYTE:
            try:  # UK spreadsheets export Windows-1252; detection often names a sibling code page
                return DecodedText(data.decode("cp1252"), "cp1252")
            except UnicodeDecodeError:
                pass
        return DecodedText(str(guess), guess.encoding)


def normalise_header(name: str) -> str:
    """Header names compared without case, surrounding spaces or a BOM."""
    return name.replace("\ufeff", "").strip().casefold()


def read_rows(text: str, file_name: str) -> tuple[list[str], Iterator[CsvRow | ImportProblem]]:
    """The normalised header and an iterator over rows; shape errors raise ImportFileError with the line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError([ImportProblem(file_name, None, None, "file is empty (no header row)")]) from None
    except csv.Error as exc:
        raise ImportFileError([ImportProblem(file_name, 1, None, f"malformed CSV header: {exc}")]) from exc
    keys = [normalise_header(h) for h in header]
    duplicated = sorted({k for k in keys if keys.count(k) > 1 and k})
    if duplicated:
        raise ImportFileError([ImportProblem(file_name, 1, None, f"header repeats columns: {', '.join(duplicated)}")])
    return keys, _rows(reader, keys, file_name)


def _rows(reader: Any, keys: list[str], file_name: str) -> Iterator[CsvRow | ImportProblem]:
    """Rows as dicts, or a problem for a row with the wrong number of fields; broken quoting stops the read."""
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError([ImportProblem(file_name, previous_end + 1, None, f"malformed CSV: {exc}")]) from exc
        line = previous_end + 1
        previous_end = reader.line_num
        if not "".join(cells).strip():  # every cell blank
            continue
        if len(cells) != len(keys):
            yield ImportProblem(file_name, line, None, f"row has {len(cells)} fields but the header has {len(keys)}")
            continue
        yield CsvRow(line, dict(zip(keys, cells, strict=True)))
