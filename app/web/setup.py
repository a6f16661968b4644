"""Wire the web layer into the app: static assets, page routers and HTML error pages."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.accounts.auth import LoginRequired, wants_html
from app.config import PROJECT_ROOT
from app.errors import DomainError

log = logging.getLogger(__name__)
NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR_MOUNTS = {
    "/assets/vendor/govuk-frontend": NODE_MODULES / "govuk-frontend" / "dist" / "govuk",
    "/assets/vendor/htmx": NODE_MODULES / "htmx.org" / "dist",
    "/assets/vendor/chart.js": NODE_MODULES / "chart.js" / "dist",
}
ERROR_TITLES = {
    401: "You need to sign in",
    403: "You cannot see this page",
    404: "Page not found",
    405: "That action is not allowed here",
    409: "That clashes with what is already recorded",
    422: "There is a problem with what you entered",
    429: "Too many attempts",
}


def mount_assets(app: FastAPI) -> None:
    """Serve the npm packages' built files and our own from this service (no CDN)."""
    for path, folder in VENDOR_MOUNTS.items():
        if not folder.is_dir():
            log.warning("%s is missing: run `make install` (npm ci) to serve %s", folder, path)
        app.mount(path, StaticFiles(directory=folder, check_dir=False), name=path.rsplit("/", 1)[-1])
    app.mount("/assets", StaticFiles(directory=PROJECT_ROOT / "app" / "static"), name="assets")


def _html_error(request: Request, status: int, message: str) -> Response:
    """An error page a person can read."""
    from app.web.templating import render

    title = ERROR_TITLES.get(status, "Sorry, there is a problem")
    return render(request, "pages/error.html", {"title": title, "message": message, "status": status},
                  status_code=status)


async def _call(handler: Callable[[Request, Exception], Any], request: Request, exc: Exception) -> Response:
    """Run an existing (async or sync) exception handler."""
    result = handler(request, exc)
    if inspect.isawaitable(result):
        result = await result
    assert isinstance(result, Response)
    return result


def install_error_pages(app: FastAPI) -> None:
    """Browsers get HTML error pages and sign-in redirects; API clients keep the JSON errors."""
    json_http = app.exception_handlers[StarletteHTTPException]
    json_domain = app.exception_handlers[DomainError]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if wants_html(request):
            return _html_error(request, exc.status_code, str(exc.detail))
        return await _call(json_http, request, exc)

    async def domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DomainError)
        if wants_html(request):
            return _html_error(request, exc.status_code, exc.message)
        return await _call(json_domain, request, exc)

    async def login_required(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='')}", status_code=303)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(LoginRequired, login_required)


def install_web(app: FastAPI) -> None:
    """Pages, assets and error pages."""
    from app.web import account, admin, enforcement, public, regulator, screening, signin

    for module in (public, signin, regulator, enforcement, admin, account, screening):
        app.include_router(module.router)
    install_error_pages(app)
    mount_assets(app)
