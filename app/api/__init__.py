"""The versioned JSON API: each domain contributes a router under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from app.organisations.api import router as organisations_router
from app.scoring.api import router as scoring_router
from app.screening.api import router as screening_router

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(organisations_router)
api_router.include_router(screening_router)
api_router.include_router(scoring_router)
