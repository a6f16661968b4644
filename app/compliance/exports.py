"""Export writers: CSV streamed row by row with dangerous cells neutralised, XLSX in write-only mode, JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARS = 64 * 1024  # a chunk is yielded once this much CSV text has been written
SLICE_ROWS = 128  # rows written between two checks of the chunk's size


def neutralise(value: Any) -> Any:
    """Prefix a quote to text a spreadsheet would run as a formula; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value: Any) -> Any:
    """A value as a safe export cell (dates as ISO text, lists joined, text neutralised)."""
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise("; ".join(str(v) for v in value))
    return neutralise(value)


@dataclass
class ExportMeta:
    """What every export states: what it is, the regime, the ruleset versions and when it was produced."""

    title: str
    regime: str
    regime_basis: str
    ruleset_versions: list[str]
    produced_at: datetime
    filters: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    def pairs(self) -> list[tuple[str, str]]:
        """The metadata as (name, value) pairs."""
        pairs = [
            ("title", self.title),
            ("regime", f"{self.regime} (basis: {self.regime_basis})"),
            ("ruleset_versions", ", ".join(self.ruleset_versions) or "none (no assessed statements)"),
            ("produced_at", self.produced_at.isoformat()),
            ("filters", ", ".join(f"{k}={v}" for k, v in self.filters.items() if v is not None) or "none"),
        ]
        return [*pairs, ("note", self.note)] if self.note else pairs

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "title": self.title,
            "regime": self.regime,
            "regime_basis": self.regime_basis,
            "ruleset_versions": self.ruleset_versions,
            "produced_at": self.produced_at.isoformat(),
            "filters": self.filters,
            "note": self.note,
        }


class SafeRows:
    """Export rows whose cells are already safe (text neutralised, dates and lists as text), in the batches they
    were read in: CSV writes each batch at the csv module's speed; iterating gives the rows one by one."""

    def __init__(self, batches: Iterable[Sequence[Sequence[Any]]]) -> None:
        self._batches = iter(batches)

    def batches(self) -> Iterator[Sequence[Sequence[Any]]]:
        """The batches, once."""
        return self._batches

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for batch in self._batches:
            yield from batch


def _safe_batches(rows: Iterable[Sequence[Any]]) -> Iterator[list[list[Any]]]:
    """Rows of any values in small batches of safe cells."""
    iterator = iter(rows)
    while batch := [[v if v is None or type(v) is int else cell(v) for v in row] for row in islice(iterator, 64)]:
        yield batch


def csv_chunks(meta: ExportMeta, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text in chunks of about CHUNK_CHARS: '# name,value' metadata lines, a blank line, the header, then the
    rows (cells made safe unless they come as SafeRows, which are written as they are)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for name, value in meta.pairs():
        writer.writerow([f"# {name}", neutralise(value)])
    writer.writerow([])
    writer.writerow(header)
    for batch in rows.batches() if isinstance(rows, SafeRows) else _safe_batches(rows):
        for start in range(0, len(batch), SLICE_ROWS):
            writer.writerows(batch[start : start + SLICE_ROWS])
            if buffer.tell() >= CHUNK_CHARS:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(target: Path | IO[bytes], meta: ExportMeta, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write an XLSX (write-only: flat memory) with an 'About' sheet and a 'Data' sheet; returns the row count."""
    book = Workbook(write_only=True)
    about = book.create_sheet("About")
    for name, value in meta.pairs():
        about.append([name, neutralise(value)])
    data = book.create_sheet("Data")
    data.append(list(header))
    count = 0
    for row in rows:
        data.append([cell(v) for v in row])
        count += 1
    book.save(target)
    return count
