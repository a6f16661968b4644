"""The supplier screening page: a procurement team uploads a supplier list and sees each supplier's verdict."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from app.accounts.auth import CurrentPrincipal, ensure_presession
from app.api.deps import DbSession
from app.errors import InvalidInput
from app.screening.api import read_upload
from app.screening.csvfile import FileInputError
from app.screening.screen import screen_supplier_rows
from app.screening.supplier_file import SUPPLIER_COLUMNS, parse_supplier_csv
from app.screening.types import LEGAL_NOTE
from app.web.templating import render

router = APIRouter(prefix="/screening", include_in_schema=False)
TITLE = "Screen a supplier list for forced-labour orders"
VERDICTS = {"match": "Match", "possible": "Possible match: review", "none": "No match"}


def _context(**values: Any) -> dict[str, Any]:
    """What every rendering of the page needs."""
    return {"title": TITLE, "basis": LEGAL_NOTE, "verdicts": VERDICTS, "errors": [], "results": None,
            "as_of": date.today().isoformat(), "columns": SUPPLIER_COLUMNS, **values}


def _file_errors(exc: FileInputError) -> list[tuple[str, str]]:
    """One error-summary line per problem the file check found, naming the line and field."""
    problems = exc.details if isinstance(exc.details, list) and exc.details else []
    lines = []
    for problem in problems:
        where = f"line {problem['line']}: " if problem.get("line") is not None else ""
        column = f"column ‘{problem['field']}’: " if problem.get("field") else ""
        lines.append(("file", f"{problem.get('file', 'The file')}: {where}{column}{problem['reason']}"))
    return lines or [("file", exc.message)]


@router.get("/suppliers", response_class=HTMLResponse)
def supplier_form(request: Request, principal: CurrentPrincipal) -> HTMLResponse:
    """The upload form."""
    ensure_presession(request)
    return render(request, "pages/screening/suppliers.html", _context())


@router.post("/suppliers", response_class=HTMLResponse)
async def supplier_results(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    file: Annotated[UploadFile | None, File()] = None,
    as_of: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    """Screen the uploaded CSV against the orders register on the date given; problems go in the error summary."""
    errors: list[tuple[str, str]] = []
    on = date.today()
    if as_of.strip():
        try:
            on = date.fromisoformat(as_of.strip())
        except ValueError:
            errors.append(("as_of", "Enter the date as year-month-day, for example 2026-11-22"))
    if file is None or not file.filename:
        errors.append(("file", "Select a CSV file of suppliers"))
    status = 400
    results = None
    if not errors and file is not None:
        try:
            rows = parse_supplier_csv(await read_upload(file), file.filename or "upload")
            results = screen_supplier_rows(session, rows, on)
        except FileInputError as exc:
            errors, status = _file_errors(exc), exc.status_code
        except InvalidInput as exc:
            errors.append(("file", exc.message))
    if errors:
        return render(request, "pages/screening/suppliers.html", _context(errors=errors, as_of=as_of), status)
    assert results is not None
    counts = {verdict: sum(r.verdict == verdict for r in results) for verdict in VERDICTS}
    return render(request, "pages/screening/suppliers.html", _context(
        results=results, counts=counts, as_of=on.isoformat(), file_name=file.filename if file else "",
    ))
