"""Jinja2 set-up: our templates first, then GOV.UK Frontend's macros under `govuk_frontend_jinja/`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from app.accounts.auth import Principal, csrf_token, set_cookies
from app.config import PROJECT_ROOT

SERVICE_NAME = "Modern slavery statement tracker"


def _money(amount: Decimal | float | int | None, currency: str | None = "GBP") -> str:
    """£36.0m, A$120.5m, or 'not known'."""
    if amount is None:
        return "not known"
    symbol = {"GBP": "£", "AUD": "A$", "CAD": "C$", "USD": "US$", "EUR": "€"}.get(currency or "GBP", f"{currency} ")
    value = float(amount)
    if value >= 1_000_000_000:
        return f"{symbol}{value / 1_000_000_000:,.2f}bn"
    if value >= 1_000_000:
        return f"{symbol}{value / 1_000_000:,.1f}m"
    return f"{symbol}{value:,.0f}"


def _day(value: date | datetime | None) -> str:
    """22 November 2026 (and the time, for timestamps)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%-d %B %Y at %H:%M UTC")
    return value.strftime("%-d %B %Y")


def _query(params: dict[str, Any], **changes: Any) -> str:
    """A query string from current filters with some changed (empty values dropped)."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", [])})


def _make_templates() -> Jinja2Templates:
    """The template set used by every page."""
    loader = ChoiceLoader([
        FileSystemLoader(str(PROJECT_ROOT / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
    ])
    templates = Jinja2Templates(directory=str(PROJECT_ROOT / "templates"))
    templates.env.loader = loader
    templates.env.filters.update(money=_money, day=_day)
    templates.env.globals.update(query=_query, service_name=SERVICE_NAME)
    return templates


templates = _make_templates()


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """Render a page (or an htmx fragment) with the caller, CSRF token and navigation in its context."""
    principal: Principal = getattr(request.state, "principal", None) or Principal()
    full = {"principal": principal, "csrf_token": csrf_token(request), "current_path": request.url.path,
            **(context or {})}
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    response.headers["Vary"] = "HX-Request, Cookie"
    set_cookies(request, response)
    return response


def is_htmx(request: Request) -> bool:
    """True for an htmx partial request (which wants only a fragment)."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and headers.get("hx-history-restore-request") != "true"
    )
