"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts import service
from app.accounts.auth import SESSION_COOKIE, CurrentPrincipal, client_ip, ensure_presession, secure_cookies
from app.api.deps import DbSession
from app.web.templating import render

router = APIRouter(include_in_schema=False)
HOME_BY_ROLE = {"admin": "/admin", "regulator": "/regulator", "enforcement": "/regulator", "organisation": "/account"}


def safe_next(target: str | None, role: str) -> str:
    """A local path to go to after signing in (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return HOME_BY_ROLE.get(role, "/")


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, principal: CurrentPrincipal, next: Annotated[str, Query(max_length=500)] = ""
) -> HTMLResponse:
    """The sign-in form."""
    ensure_presession(request)
    return render(request, "pages/login.html", {"title": "Sign in", "next": next, "errors": {}, "email": ""})


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Check the credentials (rate-limited), start a fresh session and go on."""
    errors = {}
    if not email.strip():
        errors["email"] = "Enter your email address"
    if not password:
        errors["password"] = "Enter your password"
    if not errors:
        try:
            user = service.authenticate(session, email, password, client_ip(request))
        except service.SignInRefused as exc:
            errors["email"] = exc.message
            status = exc.status_code
        else:
            if principal.web_session is not None:
                session.delete(principal.web_session)
            raw = service.start_session(session, user, client_ip(request))
            response = RedirectResponse(safe_next(next, user.role), status_code=303)
            response.set_cookie(SESSION_COOKIE, raw, httponly=True, samesite="lax", secure=secure_cookies(request),
                                max_age=int(service.SESSION_LIFETIME.total_seconds()), path="/")
            return response
    else:
        status = 422
    context = {"title": "Sign in", "next": next, "errors": errors, "email": email, "error_count": len(errors)}
    return render(request, "pages/login.html", context, status_code=status)


@router.post("/logout")
def logout(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    """End the session and forget the cookie."""
    if principal.web_session is not None:
        service.end_session(session, principal.web_session, client_ip(request))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
