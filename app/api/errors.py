"""Exception handlers: every error the API gives is JSON with a machine-readable code."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DomainError


def _body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The error body shape shared by every handler."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    """A domain error answers with its own status and code."""
    assert isinstance(exc, DomainError)
    return JSONResponse(jsonable_encoder(exc.to_body()), status_code=exc.status_code)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """Bad request data: 422 with each field's problem."""
    assert isinstance(exc, RequestValidationError)
    details = [
        {"field": ".".join(str(part) for part in err.get("loc", ())), "message": err.get("msg", "")}
        for err in exc.errors()
    ]
    return JSONResponse(
        jsonable_encoder(_body("validation_error", "The request is not valid.", details)), status_code=422
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    """Framework HTTP errors (404 for unknown paths, 405...) in the same shape."""
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorised", 403: "forbidden"}.get(
        exc.status_code, "http_error"
    )
    return JSONResponse(
        _body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the JSON error handlers on the app."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
