"""Administration: users, API tokens, the audit log and organisation claims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import claims, service
from app.accounts.auth import CurrentUser, client_ip
from app.api.deps import DbSession
from app.errors import DomainError
from app.models.accounts import ROLES, ApiToken, AuditEvent, OrganisationClaim, User
from app.models.organisations import Organisation
from app.web.templating import render

router = APIRouter(prefix="/admin", include_in_schema=False)
AUDIT_PAGE = 50


def _users(session: Session) -> list[User]:
    """Every user, by email."""
    return list(session.scalars(select(User).order_by(User.email)))


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    """What needs an administrator."""
    pending = session.scalar(select(func.count()).where(OrganisationClaim.status == "pending")) or 0
    return render(request, "pages/admin/index.html", {"title": "Administration", "pending": pending})


def _users_page(request: Request, session: Session, errors: dict[str, str], form: dict[str, str],
                status: int = 200) -> HTMLResponse:
    """The users page, with a create form."""
    return render(request, "pages/admin/users.html", {"title": "Users", "users": _users(session), "roles": ROLES,
                  "errors": errors, "form": form, "error_count": len(errors)}, status_code=status)


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    """Every account."""
    return _users_page(request, session, {}, {})


@router.post("/users", response_model=None)
def create_user(
    request: Request, session: DbSession, user: CurrentUser,
    email: Annotated[str, Form(max_length=254)] = "", role: Annotated[str, Form(max_length=16)] = "",
    password: Annotated[str, Form(max_length=1000)] = "", display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add an account."""
    try:
        service.create_user(session, email, password, role, display_name=display_name or None, actor=user,
                            ip=client_ip(request))
    except DomainError as exc:
        field = (exc.details or {}).get("field", "email") if isinstance(exc.details, dict) else "email"
        return _users_page(request, session, {field: exc.message},
                           {"email": email, "role": role, "display_name": display_name}, exc.status_code)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/users/{user_id}")
def update_user(
    request: Request, session: DbSession, user: CurrentUser, user_id: int,
    role: Annotated[str, Form(max_length=16)], active: Annotated[str, Form(max_length=5)] = "false",
) -> Response:
    """Change a role, or disable or re-enable an account."""
    service.update_user(session, service.get_user(session, user_id), role=role, active=active == "true", actor=user,
                        ip=client_ip(request))
    return RedirectResponse("/admin/users", status_code=303)


def _tokens_page(request: Request, session: Session, new_token: str | None, errors: dict[str, str],
                 status: int = 200) -> HTMLResponse:
    """Tokens, newest first, with the one just made shown once."""
    tokens = session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return render(request, "pages/admin/tokens.html", {"title": "API tokens", "tokens": tokens, "roles": ROLES,
                  "users": _users(session), "new_token": new_token, "errors": errors, "error_count": len(errors)},
                  status_code=status)


@router.get("/tokens", response_class=HTMLResponse)
def tokens(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    """Every API token (never the secret itself)."""
    return _tokens_page(request, session, None, {})


@router.post("/tokens", response_class=HTMLResponse)
def create_token(
    request: Request, session: DbSession, user: CurrentUser,
    owner_id: Annotated[int, Form()], name: Annotated[str, Form(max_length=120)] = "",
    role: Annotated[str, Form(max_length=16)] = "", days: Annotated[int | None, Form(ge=1, le=3650)] = None,
) -> HTMLResponse:
    """Make a token; its secret is shown on this page only."""
    try:
        owner = service.get_user(session, owner_id)
        raw, _ = service.create_api_token(session, owner, name, role, actor=user, days=days, ip=client_ip(request))
    except DomainError as exc:
        field = exc.details.get("field", "name") if isinstance(exc.details, dict) else "name"
        return _tokens_page(request, session, None, {field: exc.message}, exc.status_code)
    return _tokens_page(request, session, raw, {})


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, session: DbSession, user: CurrentUser, token_id: int) -> Response:
    """Revoke a token at once."""
    service.revoke_api_token(session, token_id, actor=user, ip=client_ip(request))
    return RedirectResponse("/admin/tokens", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request, session: DbSession, user: CurrentUser,
    action: Annotated[str, Query(max_length=60)] = "", page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Sign-ins, failures and changes, newest first."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    events = session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)
    ).all()
    return render(request, "pages/admin/audit.html", {"title": "Audit log", "events": events, "total": total,
                  "page": page, "pages": max(1, -(-total // AUDIT_PAGE)), "params": {"action": action}})


@router.get("/claims", response_class=HTMLResponse)
def claim_list(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    """Claims waiting for a decision, then the latest decided ones."""
    rows = session.execute(
        select(OrganisationClaim, User.email, Organisation.name)
        .join(User, User.id == OrganisationClaim.user_id)
        .join(Organisation, Organisation.id == OrganisationClaim.organisation_id)
        .order_by((OrganisationClaim.status == "pending").desc(), OrganisationClaim.created_at.desc())
        .limit(200)
    ).all()
    return render(request, "pages/admin/claims.html", {"title": "Organisation claims", "rows": rows})


@router.post("/claims/{claim_id}")
def decide_claim(
    request: Request, session: DbSession, user: CurrentUser, claim_id: int,
    decision: Annotated[str, Form(pattern="^(approve|refuse)$")], note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Approve or refuse a claim."""
    claims.decide(session, claim_id, decision == "approve", note, user, client_ip(request))
    return RedirectResponse("/admin/claims", status_code=303)
