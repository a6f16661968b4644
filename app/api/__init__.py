"""The versioned JSON API: each domain contributes a router under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from app.accounts.api import router as accounts_router
from app.compliance.api import router as compliance_router
from app.compliance.cases_api import router as cases_router
from app.compliance.hooks_api import router as hooks_router
from app.organisations.api import router as organisations_router
from app.scoring.api import router as scoring_router
from app.screening.api import router as screening_router
from app.screening.flags_api import router as screening_flags_router

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(organisations_router)
api_router.include_router(screening_router)
api_router.include_router(screening_flags_router)
api_router.include_router(accounts_router)
api_router.include_router(compliance_router)
api_router.include_router(cases_router)
api_router.include_router(hooks_router)
api_router.include_router(scoring_router)
