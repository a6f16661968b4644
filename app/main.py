"""The FastAPI application factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from app import __version__
from app.accounts.auth import authorise
from app.api import api_router
from app.api.errors import install_error_handlers
from app.api.health import router as health_router
from app.compliance.feeds import router as feeds_router
from app.db import get_engine
from app.web.setup import install_web


@asynccontextmanager
async def frozen_start_up_objects(_app: FastAPI) -> AsyncIterator[None]:
    """Keep the objects alive at start-up out of the garbage collector's full passes while the app serves."""
    # About 240,000 objects (modules, routes, templates): a full pass over them took 150 ms or more and fell on
    # whichever request happened to trigger it. Handed back when the app stops, so a process that starts many apps
    # (the tests) still collects their garbage.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def create_app(engine: Engine | None = None, *, migrate: bool = True) -> FastAPI:
    """Build the app over an engine (the configured one by default), migrating it first."""
    engine = engine or get_engine()
    if migrate:
        from app.migrate import upgrade

        upgrade(engine)
    app = FastAPI(
        title="Modern Slavery Statement Tracker",
        version=__version__,
        description="Register of organisations with modern slavery reporting duties, their statements, "
        "assessments and compliance status. Every verdict carries its legal basis.",
        dependencies=[Depends(authorise)],
        lifespan=frozen_start_up_objects,
    )
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker(bind=engine, expire_on_commit=False)
    install_error_handlers(app)
    app.include_router(health_router)
    app.include_router(api_router)
    app.include_router(feeds_router)
    install_web(app)
    return app
