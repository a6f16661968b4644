"""Webhooks signed with a shared secret, retried with backoff, logged; e-mail through a local SMTP sink."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.notifications import MAX_ATTEMPTS, SIGNATURE_HEADER, deliver_due, emit, sign, verify
from app.compliance.service import on_statement_version
from app.models.base import utcnow
from app.models.compliance import WebhookDelivery, WebhookEndpoint
from tests.compliance.factories import add_organisation, add_statement
from tests.compliance.servers import smtp_sink, webhook_receiver

SECRET = "a-shared-secret-of-some-length"


def _endpoint(session: Session, url: str, events: list[str]) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url=url, secret=SECRET, events=events)
    session.add(endpoint)
    session.flush()
    return endpoint


def test_signature_is_hmac_sha256_of_the_body() -> None:
    # RFC 4231-style known answer: HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog")
    expected = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    assert sign("key", b"The quick brown fox jumps over the lazy dog") == f"sha256={expected}"
    assert verify("k", b"{}", sign("k", b"{}")) and not verify("other", b"{}", sign("k", b"{}"))


def test_webhook_delivered_signed_and_retried_with_backoff(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MST_WEBHOOK_BACKOFF_SECONDS", "30")
    with webhook_receiver([500, 503]) as (url, received):
        _endpoint(db_session, url, ["statement.found"])
        _endpoint(db_session, url + "/other", ["case.state_changed"])  # not subscribed
        [delivery] = emit(db_session, "statement.found", {"statement_id": 1})
        now = utcnow()
        assert deliver_due(db_session, now) == 1
        assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
        assert delivery.next_attempt_at == now + timedelta(seconds=30)
        assert deliver_due(db_session, now + timedelta(seconds=10)) == 0  # not yet due
        assert deliver_due(db_session, now + timedelta(seconds=30)) == 1
        assert delivery.next_attempt_at == now + timedelta(seconds=30 + 60)
        assert deliver_due(db_session, now + timedelta(seconds=90)) == 1
        assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    headers, body = received.requests[-1]
    assert verify(SECRET, body, headers[SIGNATURE_HEADER.lower()])
    assert headers["x-mst-event"] == "statement.found" and json.loads(body)["data"] == {"statement_id": 1}


def test_webhook_gives_up_after_the_last_attempt(db_session: Session) -> None:
    _endpoint(db_session, "http://127.0.0.1:9/closed-port", ["*"])
    [delivery] = emit(db_session, "organisation.status_changed", {"organisation_id": 1})
    moment = utcnow()
    for _ in range(MAX_ATTEMPTS):
        delivery.next_attempt_at = moment
        deliver_due(db_session, moment)
    assert (delivery.state, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert delivery.last_status_code is None and "ConnectError" in (delivery.last_error or "")


def test_unknown_event_is_refused(db_session: Session) -> None:
    with pytest.raises(ValueError, match="unknown event"):
        emit(db_session, "statement.eaten", {})


def test_email_endpoint_through_the_smtp_sink(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _endpoint(db_session, "mailto:enforcement@example.org", ["case.state_changed"])
    [delivery] = emit(db_session, "case.state_changed", {"case_id": 7, "to": "notice_sent"})
    deliver_due(db_session)
    assert delivery.state == "pending" and delivery.last_error == "MST_SMTP_HOST is not set"
    with smtp_sink() as (port, received):
        monkeypatch.setenv("MST_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("MST_SMTP_PORT", str(port))
        delivery.next_attempt_at = utcnow()
        deliver_due(db_session)
    assert delivery.state == "delivered"
    [message] = received.messages
    assert b"Subject: [Modern slavery tracker] case.state_changed" in message
    assert b"To: enforcement@example.org" in message and b'"notice_sent"' in message


def test_new_statement_version_emits_found_then_changed(db_session: Session) -> None:
    _endpoint(db_session, "http://127.0.0.1:9/hook", ["statement.found", "statement.changed"])
    organisation = add_organisation(db_session)
    _, version = add_statement(db_session, organisation)
    report = on_statement_version(db_session, version)
    assert report.organisations == 1 and report.written >= 1
    events = [d.event for d in db_session.scalars(select(WebhookDelivery))]
    assert events == ["statement.found"]


def test_webhook_api_and_delivery_log(client: TestClient, db_session: Session) -> None:
    created = client.post(
        "/api/v1/webhooks", json={"url": "https://hooks.example/x", "secret": SECRET, "events": ["statement.found"]}
    )
    assert created.status_code == 201 and "secret" not in created.json()
    endpoint_id = created.json()["id"]
    emit(db_session, "statement.found", {"statement_id": 3})
    log = client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").json()
    assert [(d["event"], d["state"]) for d in log] == [("statement.found", "pending")]
    bad = client.post(
        "/api/v1/webhooks", json={"url": "https://hooks.example/x", "secret": SECRET, "events": ["statement.eaten"]}
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]["known"]
    assert (
        client.post("/api/v1/webhooks", json={"url": "ftp://x", "secret": SECRET, "events": ["*"]}).status_code == 422
    )
    assert (
        client.post(
            "/api/v1/webhooks", json={"url": "https://x.example", "secret": "short", "events": ["*"]}
        ).status_code
        == 422
    )
    assert client.post(f"/api/v1/webhooks/{endpoint_id}/deactivate").json()["active"] is False
    assert client.get("/api/v1/webhooks/999999/deliveries").status_code == 404
