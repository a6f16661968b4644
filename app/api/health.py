"""GET /healthz: is the service up and can it reach its database?"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app import __version__
from app.db import database_reachable

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Service and database health")
def healthz(request: Request) -> JSONResponse:
    """200 with the database reachable, 503 otherwise."""
    ok, error = database_reachable(request.app.state.engine)
    body: dict[str, object] = {
        "status": "ok" if ok else "degraded",
        "version": __version__,
        "database": {"reachable": ok},
    }
    if error:
        body["database"] = {"reachable": False, "error": error}
    return JSONResponse(body, status_code=200 if ok else 503)
