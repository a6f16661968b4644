"""Notifications: events become signed webhook deliveries (or e-mails for mailto: endpoints), retried with backoff."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.compliance import WebhookDelivery, WebhookEndpoint

EVENTS = ("statement.found", "statement.changed", "organisation.status_changed", "case.state_changed")
SIGNATURE_HEADER = "X-MST-Signature"
MAX_ATTEMPTS = 6


class NotificationSettings(BaseSettings):
    """SMTP and webhook settings (MST_SMTP_HOST unset: e-mail endpoints wait, undelivered)."""

    model_config = SettingsConfigDict(env_prefix="MST_", env_file=".env", extra="ignore")

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "tracker@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    webhook_timeout: float = 10.0
    webhook_backoff_seconds: float = 30.0


def sign(secret: str, body: bytes) -> str:
    """The signature header value: HMAC-SHA256 of the exact body bytes with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """Whether a signature header matches the body (for receivers and tests)."""
    return hmac.compare_digest(sign(secret, body), header)


def emit(session: Session, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue one delivery per active endpoint subscribed to the event."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    endpoints = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True)))
    body = {"event": event, "occurred_at": utcnow().isoformat(), "data": payload}
    deliveries = [
        WebhookDelivery(endpoint_id=e.id, event=event, payload=body, next_attempt_at=utcnow())
        for e in endpoints
        if event in e.events or "*" in e.events
    ]
    session.add_all(deliveries)
    session.flush()
    return deliveries


def _post(
    endpoint: WebhookEndpoint, delivery: WebhookDelivery, settings: NotificationSettings
) -> tuple[int | None, str | None]:
    """POST the signed body; (status code, error)."""
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "X-MST-Event": delivery.event,
        "X-MST-Delivery": str(delivery.id),
        SIGNATURE_HEADER: sign(endpoint.secret, body),
    }
    try:
        response = httpx.post(endpoint.url, content=body, headers=headers, timeout=settings.webhook_timeout)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return response.status_code, None if response.is_success else f"HTTP {response.status_code}"


def _mail(
    endpoint: WebhookEndpoint, delivery: WebhookDelivery, settings: NotificationSettings
) -> tuple[int | None, str | None]:
    """Send the event by SMTP to a mailto: endpoint; (250, None) on success."""
    if not settings.smtp_host:
        return None, "MST_SMTP_HOST is not set"
    message = EmailMessage()
    message["From"], message["To"] = settings.smtp_from, endpoint.url.removeprefix("mailto:")
    message["Subject"] = f"[Modern slavery tracker] {delivery.event}"
    message.set_content(json.dumps(delivery.payload, indent=2, sort_keys=True))
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.webhook_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return 250, None


def attempt(session: Session, delivery: WebhookDelivery, settings: NotificationSettings, now: datetime) -> None:
    """One try of a delivery; on failure wait base * 2^(n-1) before the next, and give up after MAX_ATTEMPTS."""
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    assert endpoint is not None
    send = _mail if endpoint.url.startswith("mailto:") else _post
    code, error = send(endpoint, delivery, settings)
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, error
    if error is None:
        delivery.state, delivery.delivered_at = "delivered", now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = "failed"
    else:
        delay = settings.webhook_backoff_seconds * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = now + timedelta(seconds=delay)


def deliver_due(session: Session, now: datetime | None = None, limit: int = 200) -> int:
    """Try every pending delivery whose time has come; returns how many were tried."""
    now = now or utcnow()
    settings = NotificationSettings()
    due = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    ).all()
    for delivery in due:
        attempt(session, delivery, settings, now)
    session.flush()
    return len(due)
