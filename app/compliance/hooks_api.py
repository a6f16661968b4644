"""HTTP routes of webhook subscriptions, their delivery log, and background export downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import select

from app.api.deps import DbSession
from app.compliance.export_jobs import XLSX_TYPE, job_body
from app.compliance.notifications import EVENTS
from app.compliance.schemas import DeliveryRead, WebhookCreate, WebhookRead
from app.errors import Conflict, InvalidInput, NotFound
from app.models.compliance import ExportJob, WebhookDelivery, WebhookEndpoint

router = APIRouter(tags=["notifications and exports"])


@router.post("/webhooks", response_model=WebhookRead, status_code=status.HTTP_201_CREATED)
def create_webhook(session: DbSession, payload: WebhookCreate) -> WebhookRead:
    """Subscribe an http(s) URL (signed with the secret) or a mailto: address (sent by SMTP) to events."""
    unknown = sorted(set(payload.events) - {*EVENTS, "*"})
    if unknown:
        raise InvalidInput(f"unknown event(s): {', '.join(unknown)}", details={"known": list(EVENTS)})
    endpoint = WebhookEndpoint(
        url=payload.url, secret=payload.secret, events=payload.events, description=payload.description
    )
    session.add(endpoint)
    session.flush()
    return WebhookRead.model_validate(endpoint)


@router.get("/webhooks", response_model=list[WebhookRead])
def list_webhooks(session: DbSession) -> list[WebhookRead]:
    """Every subscription."""
    return [
        WebhookRead.model_validate(e) for e in session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    ]


@router.post("/webhooks/{endpoint_id}/deactivate", response_model=WebhookRead)
def deactivate_webhook(session: DbSession, endpoint_id: int) -> WebhookRead:
    """Stop sending to a subscription (its delivery log is kept)."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"webhook {endpoint_id} does not exist")
    endpoint.active = False
    session.flush()
    return WebhookRead.model_validate(endpoint)


@router.get("/webhooks/{endpoint_id}/deliveries", response_model=list[DeliveryRead])
def list_deliveries(
    session: DbSession, endpoint_id: int, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[DeliveryRead]:
    """The delivery log of a subscription, newest first."""
    if session.get(WebhookEndpoint, endpoint_id) is None:
        raise NotFound(f"webhook {endpoint_id} does not exist")
    rows = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return [DeliveryRead.model_validate(d) for d in rows]


@router.get("/exports/{job_id}", summary="Download a background export (202 while it runs)")
def download_export(session: DbSession, job_id: int) -> Response:
    """The file when done; 202 with the job while running; 409 if it failed."""
    job = session.get(ExportJob, job_id)
    if job is None:
        raise NotFound(f"export {job_id} does not exist")
    url = f"/api/v1/exports/{job.id}"
    if job.state == "running":
        return JSONResponse(job_body(job, url), status_code=202, headers={"Retry-After": "2"})
    if job.state == "failed" or not job.path or not Path(job.path).is_file():
        raise Conflict(f"export {job_id} failed", details={"error": job.error or "the file is no longer there"})
    return FileResponse(job.path, media_type=XLSX_TYPE, filename=f"{job.kind}-{job.id}.xlsx")
