"""Who is asking (session cookie or bearer token), whether the policy lets them, and CSRF checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.policy import ANONYMOUS, allowed_roles
from app.accounts.routes import path_index
from app.accounts.secrets import new_token, same, signed
from app.api.deps import DbSession
from app.config import get_settings
from app.models.accounts import User, WebSession

SESSION_COOKIE = "mst_session"
PRESESSION_COOKIE = "mst_pre"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Principal:
    """The caller: a user through a session or a token, or an anonymous visitor."""

    role: str = ANONYMOUS
    user: User | None = None
    via: str | None = None
    web_session: WebSession | None = None

    @property
    def signed_in(self) -> bool:
        """True for a user."""
        return self.user is not None


class LoginRequired(Exception):
    """An anonymous browser asked for a protected page: send it to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def client_ip(request: Request) -> str:
    """The caller's address (uvicorn's --proxy-headers decides whether forwarded headers count)."""
    return request.client.host if request.client else "unknown"


def wants_html(request: Request) -> bool:
    """A browser page request rather than an API client."""
    return not request.url.path.startswith("/api/") and "authorization" not in request.headers


def _bearer(request: Request) -> str | None:
    """The bearer token, if the request carries one."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def resolve_principal(request: Request, session: Session) -> Principal:
    """The caller behind the request; a bad bearer token is a 401, a stale cookie is just anonymous."""
    raw = _bearer(request)
    if raw is not None or "authorization" in request.headers:
        token = service.resolve_api_token(session, raw or "")
        if token is None:
            raise HTTPException(401, "the API token is not valid", headers={"WWW-Authenticate": "Bearer"})
        return Principal(role=token.role, user=token.user, via="token")
    cookie = request.cookies.get(SESSION_COOKIE)
    web_session = service.resolve_session(session, cookie) if cookie else None
    if web_session is None:
        return Principal()
    return Principal(role=web_session.user.role, user=web_session.user, via="session", web_session=web_session)


def csrf_token(request: Request) -> str:
    """The token forms must echo: the session's own, or one bound to the pre-session cookie."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is not None and principal.web_session is not None:
        return principal.web_session.csrf_token
    pre = getattr(request.state, "presession", None) or request.cookies.get(PRESESSION_COOKIE) or ""
    return signed(get_settings().secret_key, "csrf:" + pre) if pre else ""


def ensure_presession(request: Request) -> None:
    """Give an anonymous browser a pre-session value so its sign-in form can carry a CSRF token."""
    if not request.cookies.get(PRESESSION_COOKIE):
        request.state.presession = new_token()


def set_cookies(request: Request, response: Response) -> None:
    """Write the pre-session cookie chosen during this request, if any."""
    pre = getattr(request.state, "presession", None)
    if pre:
        response.set_cookie(PRESESSION_COOKIE, pre, httponly=True, samesite="lax", secure=secure_cookies(request),
                            path="/")


def secure_cookies(request: Request) -> bool:
    """Secure cookies over HTTPS, and always in production."""
    return request.url.scheme == "https" or get_settings().environment == "production"


async def _check_csrf(request: Request, principal: Principal) -> None:
    """Unsafe methods from browsers must echo the CSRF token (bearer clients are exempt)."""
    if request.method in SAFE_METHODS or principal.via == "token":
        return
    if principal.via is None and request.headers.get("content-type", "").startswith("application/json"):
        return  # no session to ride on, and browsers cannot send JSON cross-site without a CORS preflight
    if principal.via is None and request.url.path.startswith("/api/"):
        return  # an anonymous API call rides on no session: it can only do what anyone may do
    expected = csrf_token(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not same(expected, given):
        raise HTTPException(403, "the form has expired or did not come from this site: reload the page and try again")


async def authorise(request: Request, session: DbSession) -> Principal:
    """Apply the policy table to this route and caller (runs before every route)."""
    route = request.scope.get("route")
    path = str(path_index(request.app).get(id(route)) or getattr(route, "path", request.url.path))
    allowed = allowed_roles(request.method, path)
    principal = resolve_principal(request, session)
    request.state.principal = principal
    if allowed is None:
        raise HTTPException(403, "no authorisation decision has been made for this route")
    if principal.role not in allowed:
        if not principal.signed_in:
            if wants_html(request):
                raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
            raise HTTPException(401, "sign in or send an API token", headers={"WWW-Authenticate": "Bearer"})
        raise HTTPException(403, "your role does not allow this")
    await _check_csrf(request, principal)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authorise)]


def current_user(principal: CurrentPrincipal) -> User:
    """The signed-in user (routes whose policy excludes anonymous visitors)."""
    if principal.user is None:
        raise HTTPException(401, "sign in first")
    return principal.user


CurrentUser = Annotated[User, Depends(current_user)]
