"""Account decisions: users, sign-in, web sessions and API tokens (flush, never commit)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import audit, ratelimit
from app.accounts.secrets import MIN_PASSWORD_LENGTH, digest, hash_password, needs_rehash, new_token, verify_password
from app.errors import Conflict, DomainError, InvalidInput, NotFound
from app.models.accounts import ROLES, ApiToken, User, WebSession
from app.models.base import utcnow

SESSION_LIFETIME = timedelta(hours=12)
TOKEN_PREFIX = "mst_"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SignInRefused(DomainError):
    """Wrong email or password, a disabled account, or too many attempts."""

    status_code = 401
    code = "sign_in_refused"


class TooManyAttempts(SignInRefused):
    """Rate limit reached."""

    status_code = 429
    code = "too_many_attempts"


def normalise_email(email: str) -> str:
    """Trimmed and lower-cased."""
    return email.strip().lower()


def check_role(role: str) -> str:
    """One of the four roles, or InvalidInput."""
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", details={"field": "role"})
    return role


def check_password(password: str) -> str:
    """At least MIN_PASSWORD_LENGTH characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters", details={"field": "password"}
        )
    return password


def create_user(
    session: Session, email: str, password: str, role: str, *, display_name: str | None = None,
    actor: User | None = None, ip: str | None = None,
) -> User:
    """A new active user; duplicate emails are refused."""
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise InvalidInput("email address is not valid", details={"field": "email"})
    check_role(role)
    check_password(password)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"a user with email {email} already exists", details={"field": "email"})
    user = User(email=email, password_hash=hash_password(password), role=role, display_name=display_name, active=True)
    session.add(user)
    session.flush()
    audit.record(session, "user.create", user=actor, actor=None if actor else "system", subject_type="user",
                 subject_id=user.id, ip=ip, details={"email": email, "role": role})
    return user


def get_user(session: Session, user_id: int) -> User:
    """A user by id, or NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def update_user(session: Session, user: User, *, role: str, active: bool, actor: User, ip: str | None) -> User:
    """Change a user's role or disable them; disabling ends their sessions."""
    check_role(role)
    if user.id == actor.id and (role != "admin" or not active):
        raise InvalidInput("you cannot remove your own administrator access")
    before = {"role": user.role, "active": user.active}
    user.role, user.active = role, active
    if not active:
        for web_session in session.scalars(select(WebSession).where(WebSession.user_id == user.id)):
            session.delete(web_session)
    session.flush()
    audit.record(session, "user.update", user=actor, subject_type="user", subject_id=user.id, ip=ip,
                 details={"before": before, "after": {"role": role, "active": active}})
    return user


def authenticate(session: Session, email: str, password: str, ip: str) -> User:
    """The user for these credentials, or SignInRefused (every outcome is logged and counted)."""
    email = normalise_email(email)
    if ratelimit.is_limited(session, email, ip):
        audit.record(session, "sign_in.limited", actor=email or "anonymous", ip=ip)
        raise TooManyAttempts("Too many failed sign-in attempts. Wait 15 minutes and try again.")
    user = session.scalars(select(User).where(User.email == email)).one_or_none()
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
    ratelimit.note_attempt(session, email, ip, ok)
    if not ok or user is None:
        audit.record(session, "sign_in.failed", user=user, actor=email or "anonymous", ip=ip)
        raise SignInRefused("The email address or password is not right.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    audit.record(session, "sign_in", user=user, ip=ip)
    return user


def start_session(session: Session, user: User, ip: str | None) -> str:
    """A new web session for the user; returns the raw cookie token."""
    raw = new_token()
    session.add(WebSession(token_hash=digest(raw), user_id=user.id, csrf_token=new_token(),
                           expires_at=utcnow() + SESSION_LIFETIME, ip=ip))
    session.flush()
    return raw


def resolve_session(session: Session, raw: str) -> WebSession | None:
    """The live session for a cookie token, if any."""
    web_session = session.scalars(select(WebSession).where(WebSession.token_hash == digest(raw))).one_or_none()
    if web_session is None or web_session.expires_at <= utcnow() or not web_session.user.active:
        return None
    return web_session


def end_session(session: Session, web_session: WebSession, ip: str | None) -> None:
    """Sign out."""
    audit.record(session, "sign_out", user=web_session.user, ip=ip)
    session.delete(web_session)
    session.flush()


def create_api_token(
    session: Session, owner: User, name: str, role: str, *, actor: User, days: int | None = None,
    ip: str | None = None,
) -> tuple[str, ApiToken]:
    """A new bearer token (shown once) whose role is the owner's, or lower for an administrator's."""
    check_role(role)
    if owner.role != "admin" and role != owner.role:
        raise InvalidInput(
            f"a {owner.role} user's token can only have the {owner.role} role", details={"field": "role"}
        )
    if not name.strip():
        raise InvalidInput("give the token a name", details={"field": "name"})
    raw = new_token(TOKEN_PREFIX)
    token = ApiToken(user_id=owner.id, name=name.strip()[:120], token_hash=digest(raw), prefix=raw[:10], role=role,
                     expires_at=utcnow() + timedelta(days=days) if days else None)
    session.add(token)
    session.flush()
    audit.record(session, "api_token.create", user=actor, subject_type="api_token", subject_id=token.id, ip=ip,
                 details={"owner": owner.email, "role": role, "name": token.name})
    return raw, token


def resolve_api_token(session: Session, raw: str) -> ApiToken | None:
    """The live token for a bearer value, if any."""
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(raw))).one_or_none()
    now = utcnow()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now
    return token


def revoke_api_token(session: Session, token_id: int, *, actor: User, ip: str | None) -> ApiToken:
    """Revoke a token at once."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"API token {token_id} does not exist")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, "api_token.revoke", user=actor, subject_type="api_token", subject_id=token.id, ip=ip)
    session.flush()
    return token
