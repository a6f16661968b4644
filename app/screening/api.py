"""HTTP routes for the orders register and screening (/api/v1/screening/...)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile

from app.api.deps import DbSession
from app.config import get_settings
from app.screening import repository
from app.screening.csvfile import FileTooLarge
from app.screening.order_file import parse_order_csv
from app.screening.schemas import (
    OrderCreate,
    OrderRead,
    OrderUpdate,
    StatusEventCreate,
    StatusEventRead,
    SupplierScreenRequest,
    TextScreenRequest,
)
from app.screening.screen import screen_statement_text, screen_supplier_rows
from app.screening.service import add_status_event, create_order, import_orders, require_order, to_read, update_order
from app.screening.supplier_file import parse_supplier_csv
from app.screening.suppliers import SupplierRow
from app.screening.types import LEGAL_NOTE

router = APIRouter(prefix="/screening", tags=["screening"])
_CHUNK = 1024 * 1024




async def read_upload(upload: UploadFile) -> bytes:
    """The uploaded bytes, refused as soon as they pass the size cap."""
    limit = get_settings().screening_max_file_bytes
    name = upload.filename or "upload"
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise FileTooLarge(name, f"is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.get("/orders", response_model=list[OrderRead], summary="List orders (optionally those in force on a date)")
def list_orders(
    session: DbSession, active_on: date | None = Query(None), subject: Literal["entity", "region"] | None = Query(None)
) -> list[OrderRead]:
    """Orders newest first, each with its status on `active_on` (today if not given)."""
    on = active_on or date.today()
    return [to_read(order, on) for order in repository.list_orders(session, active_on=active_on, subject=subject)]


@router.get("/orders/{order_id}", response_model=OrderRead, summary="One order with its status history")
def read_order(order_id: int, session: DbSession, as_of: date | None = Query(None)) -> OrderRead:
    """One order and its status on `as_of` (today if not given)."""
    return to_read(require_order(session, order_id), as_of or date.today())


@router.post("/orders", response_model=OrderRead, status_code=201, summary="Create an order (admin)")
def post_order(spec: OrderCreate, session: DbSession) -> OrderRead:
    """Create an order; an 'active' event on the issue date is added."""
    return to_read(create_order(session, spec), date.today())


@router.patch("/orders/{order_id}", response_model=OrderRead, summary="Update an order (admin)")
def patch_order(order_id: int, changes: OrderUpdate, session: DbSession) -> OrderRead:
    """Change an order's fields; aliases or subsidiaries given replace the stored ones."""
    return to_read(update_order(session, order_id, changes), date.today())


@router.post(
    "/orders/{order_id}/status-events",
    response_model=StatusEventRead,
    status_code=201,
    summary="Append a dated status change (admin)",
)
def post_status_event(order_id: int, event: StatusEventCreate, session: DbSession) -> StatusEventRead:
    """Record that the order became active, modified, lifted or revoked on a date."""
    return StatusEventRead.model_validate(add_status_event(session, order_id, event))


@router.post("/orders/import", summary="Import orders from CSV (admin)")
async def import_orders_csv(session: DbSession, file: UploadFile = File(...)) -> dict[str, Any]:
    """Create or update orders from an uploaded CSV; every row is checked before any is saved."""
    specs, fields = parse_order_csv(await read_upload(file), file.filename or "upload")
    return {"counts": import_orders(session, specs, fields)}


def _answer(results: list[Any], on: date) -> dict[str, Any]:
    """The screening answer: results, counts and the legal note."""
    counts = {verdict: sum(r.verdict == verdict for r in results) for verdict in ("match", "possible", "none")}
    return {
        "as_of": on.isoformat(),
        "basis": LEGAL_NOTE,
        "counts": counts,
        "results": [result.to_dict() for result in results],
    }


@router.post("/suppliers", summary="Screen suppliers posted as JSON rows")
def screen_suppliers_json(request: SupplierScreenRequest, session: DbSession) -> dict[str, Any]:
    """Each supplier gets match, possible (for review) or none against the orders on `as_of`."""
    on = request.as_of or date.today()
    rows = [SupplierRow(row=i, **s.model_dump()) for i, s in enumerate(request.suppliers, start=1)]
    return _answer(screen_supplier_rows(session, rows, on), on)


@router.post("/suppliers/upload", summary="Screen an uploaded supplier CSV")
async def screen_suppliers_upload(
    session: DbSession, file: UploadFile = File(...), as_of: date | None = Form(None)
) -> dict[str, Any]:
    """Multipart upload of a supplier list (header row with name and country); the same verdicts as the CLI."""
    on = as_of or date.today()
    rows = parse_supplier_csv(await read_upload(file), file.filename or "upload")
    return _answer(screen_supplier_rows(session, rows, on), on)


@router.post("/text", summary="Screen a statement's text")
def screen_text_json(request: TextScreenRequest, session: DbSession) -> dict[str, Any]:
    """Ordered entities and regions named in the text, with sentence evidence and offsets."""
    on = request.as_of or date.today()
    hits = screen_statement_text(session, request.text, on)
    return {"as_of": on.isoformat(), "basis": LEGAL_NOTE, "hits": [hit.to_dict() for hit in hits]}
