"""Sign-in through the form, cookies, CSRF, rate limits, API tokens and the audit log."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.auth import PRESESSION_COOKIE, SESSION_COOKIE
from app.models.accounts import ApiToken, AuditEvent, User, WebSession
from tests.web.conftest import PASSWORD, SignedIn
from tests.web.pages import error_summary, heading, page


def _login_form(web: TestClient) -> tuple[str, str]:
    """Open /login as a new visitor; return the pre-session cookie and the form's CSRF token."""
    web.cookies.clear()
    response = web.get("/login")
    assert response.status_code == 200
    pre = response.cookies.get(PRESESSION_COOKIE)
    assert pre
    token = page(response).find("input", attrs={"name": "csrf_token"})["value"]  # type: ignore[index]
    return pre, str(token)


def _post_login(web: TestClient, email: str, password: str, next_url: str = "") -> object:
    pre, token = _login_form(web)
    web.cookies.clear()
    return web.post("/login", data={"email": email, "password": password, "csrf_token": token, "next": next_url},
                    headers={"Cookie": f"{PRESESSION_COOKIE}={pre}"})


def test_sign_in_sets_a_safe_session_cookie_and_goes_to_the_role_home(
    web: TestClient, make_user: Callable[..., User], db_session: Session
) -> None:
    user = make_user("regulator", "Reg@Example.org")
    response = _post_login(web, "  reg@example.org ", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/regulator"  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    raw = cookie.split(";")[0].split("=", 1)[1]
    assert db_session.scalars(select(WebSession).where(WebSession.user_id == user.id)).one().token_hash != raw
    overview = web.get("/regulator", headers={"Cookie": f"{SESSION_COOKIE}={raw}"})
    assert overview.status_code == 200 and heading(page(overview)) == "Overview"
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.actor_user_id == user.id)).all()
    assert actions[-1] == "sign_in"


def test_secure_cookie_over_https(make_user: Callable[..., User], client: TestClient) -> None:
    make_user("admin", "secure@example.org")
    https = TestClient(client.app, base_url="https://tracker.example", follow_redirects=False)
    pre = https.get("/login")
    assert "Secure" in pre.headers["set-cookie"]
    token = page(pre).find("input", attrs={"name": "csrf_token"})["value"]  # type: ignore[index]
    response = https.post("/login", data={"email": "secure@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def test_next_is_followed_only_within_the_site(web: TestClient, make_user: Callable[..., User]) -> None:
    make_user("admin", "next@example.org")
    ok = _post_login(web, "next@example.org", PASSWORD, "/admin/audit")
    assert ok.headers["location"] == "/admin/audit"  # type: ignore[attr-defined]
    evil = _post_login(web, "next@example.org", PASSWORD, "//evil.example/")
    assert evil.headers["location"] == "/admin"  # type: ignore[attr-defined]


def test_protected_page_redirects_to_login_with_next(web: TestClient) -> None:
    response = web.get("/admin/users")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fadmin%2Fusers"
    assert web.get("/api/v1/me").status_code == 401


def test_wrong_password_and_empty_fields_show_errors(web: TestClient, make_user: Callable[..., User]) -> None:
    make_user("regulator", "who@example.org")
    wrong = _post_login(web, "who@example.org", "not the password")
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    assert error_summary(page(wrong)) == ["The email address or password is not right."]  # type: ignore[arg-type]
    assert page(wrong).title.string.startswith("Error:")  # type: ignore[arg-type, union-attr]
    empty = _post_login(web, "", "")
    assert empty.status_code == 422  # type: ignore[attr-defined]
    assert error_summary(page(empty)) == ["Enter your email address", "Enter your password"]  # type: ignore[arg-type]
    unknown = _post_login(web, "nobody@example.org", PASSWORD)
    assert error_summary(page(unknown)) == ["The email address or password is not right."]  # type: ignore[arg-type]


def test_sign_in_is_rate_limited_per_account(web: TestClient, make_user: Callable[..., User]) -> None:
    make_user("regulator", "target@example.org")
    for _ in range(5):
        assert _post_login(web, "target@example.org", "guess").status_code == 401  # type: ignore[attr-defined]
    limited = _post_login(web, "target@example.org", PASSWORD)
    assert limited.status_code == 429  # type: ignore[attr-defined]
    assert "Too many failed sign-in attempts" in error_summary(page(limited))[0]  # type: ignore[arg-type]


def test_sign_in_is_rate_limited_per_address(db_session: Session, make_user: Callable[..., User]) -> None:
    make_user("regulator", "real@example.org")
    for n in range(20):
        with contextlib.suppress(service.SignInRefused):
            service.authenticate(db_session, f"spray{n}@example.org", "guess", "203.0.113.9")
    try:
        service.authenticate(db_session, "real@example.org", PASSWORD, "203.0.113.9")
    except service.TooManyAttempts:
        pass
    else:
        raise AssertionError("the address was not limited")
    assert service.authenticate(db_session, "real@example.org", PASSWORD, "198.51.100.1").email == "real@example.org"


def test_forms_without_the_csrf_token_are_refused(
    web: TestClient, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    admin = sign_in(make_user("admin"))
    data = {"email": "new@example.org", "password": PASSWORD, "role": "regulator"}
    assert web.post("/admin/users", data=data, headers=admin.headers).status_code == 403
    assert web.post("/admin/users", data={**data, "csrf_token": "forged"}, headers=admin.headers).status_code == 403
    assert web.post("/login", data={"email": "x@example.org", "password": "y"}).status_code == 403
    ok = web.post("/admin/users", data={**data, "csrf_token": admin.csrf}, headers=admin.headers)
    assert ok.status_code == 303


def test_sign_out_ends_the_session(
    web: TestClient, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    regulator = sign_in(make_user("regulator"))
    out = web.post("/logout", data={"csrf_token": regulator.csrf}, headers=regulator.headers)
    assert out.status_code == 303
    assert web.get("/regulator", headers=regulator.headers).status_code == 303


def test_api_tokens_are_hashed_scoped_and_revocable(
    web: TestClient, db_session: Session, make_user: Callable[..., User]
) -> None:
    regulator = make_user("regulator")
    raw, token = service.create_api_token(db_session, regulator, "script", "regulator", actor=regulator)
    assert raw.startswith("mst_") and raw not in {token.token_hash, token.prefix}
    assert db_session.scalars(select(ApiToken.token_hash)).all().count(token.token_hash) == 1
    bearer = {"Authorization": f"Bearer {raw}"}
    me = web.get("/api/v1/me", headers=bearer).json()
    assert me == {"id": regulator.id, "email": regulator.email, "role": "regulator", "via": "token"}
    created = web.post("/api/v1/organisations", json={"name": "Token Made Ltd"}, headers=bearer)
    assert created.status_code == 201  # no CSRF needed for bearer clients
    enforcement = make_user("enforcement")
    raw_e, _ = service.create_api_token(db_session, enforcement, "script", "enforcement", actor=enforcement)
    denied = web.post("/api/v1/organisations", json={"name": "Nope Ltd"}, headers={"Authorization": f"Bearer {raw_e}"})
    assert denied.status_code == 403
    assert web.get("/api/v1/me", headers={"Authorization": "Bearer mst_wrong"}).status_code == 401
    assert web.get("/api/v1/organisations", headers={"Authorization": "Basic abc"}).status_code == 401
    service.revoke_api_token(db_session, token.id, actor=regulator, ip=None)
    assert web.get("/api/v1/me", headers=bearer).status_code == 401


def test_a_token_cannot_carry_more_than_its_owner(db_session: Session, make_user: Callable[..., User]) -> None:
    organisation_user = make_user("organisation")
    try:
        service.create_api_token(db_session, organisation_user, "escalate", "admin", actor=organisation_user)
    except service.InvalidInput as exc:
        assert "can only have the organisation role" in exc.message
    else:
        raise AssertionError("escalation allowed")


def test_anonymous_cannot_change_the_register(web: TestClient) -> None:
    response = web.post("/api/v1/organisations", json={"name": "Anonymous Ltd"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
