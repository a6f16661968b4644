"""List orders of the register, and cursors that continue a list after its last row (keyset pagination).

Every order ends with the id, so it is total: a cursor names the last row's sort value and id, and the next page
is the rows after that position, found by index range scans instead of counting past every earlier row.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, and_, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import DomainError
from app.models.organisations import Organisation


class BadCursor(DomainError):
    """A cursor that this list did not make, or made for another sort."""

    status_code = 400
    code = "bad_cursor"


@dataclass(frozen=True)
class Sort:
    """One list order: a column, its direction and NULL placement, then the id as the tie-break."""

    column: InstrumentedAttribute[Any]
    value_type: type = str  # what the column holds, for reading a cursor back
    descending: bool = False
    nulls_last: bool | None = None  # None: where the database puts NULLs (PostgreSQL: largest; SQLite: smallest)
    id_descending: bool = False

    def order_by(self) -> tuple[ColumnElement[Any], ...]:
        """The ORDER BY terms."""
        first = self.column.desc() if self.descending else self.column.asc()
        if self.nulls_last:
            first = first.nulls_last()
        return first, self.id_order()

    def id_order(self) -> ColumnElement[Any]:
        """The tie-break term."""
        return Organisation.id.desc() if self.id_descending else Organisation.id.asc()

    def nulls_after_values(self, dialect: str) -> bool:
        """Whether rows without a value come after the others on this database."""
        if self.nulls_last is not None:
            return self.nulls_last
        return (dialect == "postgresql") != self.descending  # PostgreSQL sorts NULL as largest, SQLite as smallest

    def segments(self, value: Any, last_id: int, dialect: str) -> list[tuple[ColumnElement[bool], tuple[Any, ...]]]:
        """(condition, order) pairs whose rows, taken in turn, are exactly the rows after (value, last_id).

        Each is one index range: the NULL block and, when the column and the id run in different directions,
        the rows tied on the value are separate segments.
        """
        column, ident = self.column, Organisation.id
        segments: list[tuple[ColumnElement[bool], tuple[ColumnElement[Any], ...]]]
        id_after = ident < last_id if self.id_descending else ident > last_id
        nulls_after = self.nulls_after_values(dialect)
        if value is None:
            segments = [(and_(column.is_(None), id_after), (self.id_order(),))]
            if not nulls_after:
                segments.append((column.is_not(None), self.order_by()))
            return segments
        if self.descending == self.id_descending:  # one row-value comparison: ties, then the rest
            position = tuple_(column, ident)
            after = position < tuple_(value, last_id) if self.descending else position > tuple_(value, last_id)
            segments = [(after, self.order_by())]
        else:
            beyond = column < value if self.descending else column > value
            segments = [(and_(column == value, id_after), (self.id_order(),)), (beyond, self.order_by())]
        if nulls_after:
            segments.append((column.is_(None), (self.id_order(),)))
        return segments


SORTS: dict[str, Sort] = {
    "name": Sort(Organisation.name_key),
    "-name": Sort(Organisation.name_key, descending=True, id_descending=True),
    "turnover": Sort(Organisation.turnover_amount, Decimal, nulls_last=True),
    "-turnover": Sort(Organisation.turnover_amount, Decimal, descending=True, nulls_last=True),
    "company_number": Sort(Organisation.company_number),
    "updated_at": Sort(Organisation.updated_at, datetime),
    "-updated_at": Sort(Organisation.updated_at, datetime, descending=True, id_descending=True),
}


def _plain(value: Any) -> Any:
    """A sort value as JSON."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def cursor_after(sort: str, organisation: Organisation) -> str:
    """The cursor continuing a list sorted by `sort` after this organisation."""
    return encode_cursor(sort, getattr(organisation, SORTS[sort].column.key), organisation.id)


def encode_cursor(sort: str, value: Any, last_id: int) -> str:
    """An opaque token for the position after the row with this sort value and id."""
    payload = json.dumps([sort, _plain(value), last_id], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def _typed(sort: str, raw: Any) -> Any:
    """A decoded sort value as the column's Python type; ValueError when it is not one."""
    if raw is None:
        return None
    python_type = SORTS[sort].value_type
    if python_type is Decimal:
        if not isinstance(raw, str):
            raise ValueError("amount is not text")
        amount = Decimal(raw)
        if not amount.is_finite():
            raise ValueError("amount is not finite")
        return amount
    if python_type is datetime:
        if not isinstance(raw, str):
            raise ValueError("time is not text")
        moment = datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise ValueError("time has no zone")
        return moment
    if not isinstance(raw, str):
        raise ValueError("value is not text")
    return raw


def decode_cursor(token: str, sort: str) -> tuple[Any, int]:
    """The (sort value, id) a cursor continues after; BadCursor when the token is not one of ours for this sort."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8"))
        made_for, raw, last_id = payload
        if made_for not in SORTS or type(last_id) is not int:
            raise ValueError("not a list cursor")
        value = _typed(made_for, raw)
    except (ValueError, TypeError, binascii.Error, InvalidOperation, UnicodeDecodeError) as exc:
        raise BadCursor("cursor is not valid: pass the next_cursor of a previous page unchanged") from exc
    if made_for != sort:
        raise BadCursor(f"cursor was made for sort={made_for}, not sort={sort}: keep the sort while paging")
    return value, last_id
