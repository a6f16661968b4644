"""JSON API for accounts: who the caller is."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel

router = APIRouter(tags=["accounts"])


class MeRead(BaseModel):
    """The caller and the role their credentials carry."""

    id: int
    email: str
    role: str
    via: str


@router.get("/me", response_model=MeRead, summary="Who the API token or session belongs to")
def me(request: Request) -> MeRead:
    """The signed-in user (the app-wide authorise dependency has already identified them)."""
    principal = request.state.principal
    if principal.user is None:
        raise HTTPException(401, "sign in or send an API token")
    return MeRead(id=principal.user.id, email=principal.user.email, role=principal.role, via=principal.via or "")
