"""HTTP routes for the register (filled in by the register work)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/organisations", tags=["organisations"])
