"""Export responses: CSV streamed, XLSX inline when small or as a background job with a download link."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from fastapi import BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.orm import Session, sessionmaker

from app.compliance import service
from app.compliance.exports import ExportMeta, csv_chunks, write_xlsx
from app.compliance.regimes import get_regime
from app.config import get_settings
from app.db import session_scope
from app.models.base import utcnow
from app.models.compliance import ExportJob

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RowSource = Callable[[Session], tuple[ExportMeta, Sequence[str], Iterable[Sequence[Any]]]]


class ExportSettings(BaseSettings):
    """Above this many rows an XLSX export runs in the background (MST_EXPORT_BACKGROUND_ROWS)."""

    model_config = SettingsConfigDict(env_prefix="MST_", env_file=".env", extra="ignore")

    export_background_rows: int = 10_000


def meta_headers(meta: ExportMeta) -> dict[str, str]:
    """HTTP headers that repeat the export's metadata."""
    return {
        "X-MST-Regime": meta.regime,
        "X-MST-Ruleset-Versions": ", ".join(meta.ruleset_versions),
        "X-MST-Produced-At": meta.produced_at.isoformat(),
    }


def csv_response(meta: ExportMeta, header: Sequence[str], rows: Iterable[Sequence[Any]], name: str) -> Response:
    """A CSV streamed row by row."""
    headers = {**meta_headers(meta), "Content-Disposition": f'attachment; filename="{name}.csv"'}
    return StreamingResponse(csv_chunks(meta, header, rows), media_type="text/csv; charset=utf-8", headers=headers)


def source_for(kind: str, params: dict[str, Any]) -> RowSource:
    """The rows of an export kind with its parameters."""
    regime = get_regime(params["regime"])

    def statuses(session: Session) -> tuple[ExportMeta, Sequence[str], Iterable[Sequence[Any]]]:
        meta = service.export_meta(
            session,
            "Compliance statuses",
            regime,
            params["year"],
            status=",".join(params.get("status") or []) or None,
            sector=params.get("sector"),
        )
        rows = service.status_rows(session, regime, params["year"], params.get("status") or [], params.get("sector"))
        return meta, service.STATUS_HEADER, rows

    def candidates(session: Session) -> tuple[ExportMeta, Sequence[str], Iterable[Sequence[Any]]]:
        meta = service.export_meta(session, "Penalty-review candidates", regime, params.get("year"))
        meta.note = regime.penalty_note
        found = service.penalty_candidates(session, regime, params.get("year"))
        return meta, service.CANDIDATE_HEADER, [service.candidate_row(c) for c in found]

    return {"statuses": statuses, "penalty_candidates": candidates}[kind]


def xlsx_response(
    session: Session,
    request: Request,
    background: BackgroundTasks,
    kind: str,
    params: dict[str, Any],
    row_count: int,
    name: str,
) -> Response:
    """The XLSX inline when small; otherwise a 202 with the job that will produce it."""
    if row_count <= ExportSettings().export_background_rows:
        meta, header, rows = source_for(kind, params)(session)
        buffer = io.BytesIO()
        write_xlsx(buffer, meta, header, rows)
        headers = {**meta_headers(meta), "Content-Disposition": f'attachment; filename="{name}.xlsx"'}
        return Response(buffer.getvalue(), media_type=XLSX_TYPE, headers=headers)
    job = ExportJob(kind=kind, format="xlsx", params=params, state="running")
    session.add(job)
    session.flush()
    background.add_task(run_job, request.app.state.sessionmaker, job.id)
    url = f"/api/v1/exports/{job.id}"
    return JSONResponse(job_body(job, url), status_code=202, headers={"Location": url})


def job_body(job: ExportJob, url: str) -> dict[str, Any]:
    """The JSON shape of a job."""
    return {
        "id": job.id,
        "kind": job.kind,
        "format": job.format,
        "params": job.params,
        "state": job.state,
        "row_count": job.row_count,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "download_url": url,
    }


def export_path(job_id: int) -> Path:
    """Where a job's file is written."""
    folder = get_settings().data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"export-{job_id}.xlsx"


def run_job(factory: sessionmaker[Session], job_id: int) -> None:
    """Produce a job's XLSX in its own session; record the outcome either way."""
    try:
        with session_scope(factory) as session:
            job = session.get(ExportJob, job_id)
            assert job is not None, f"export job {job_id} vanished"
            meta, header, rows = source_for(job.kind, job.params)(session)
            path = export_path(job_id)
            job.row_count = write_xlsx(path, meta, header, rows)
            job.path, job.state, job.finished_at = str(path), "done", utcnow()
    except Exception as exc:  # the job's outcome is the answer: stored for the caller to read
        with session_scope(factory) as session:
            job = session.get(ExportJob, job_id)
            if job is not None:
                job.state, job.error, job.finished_at = "failed", f"{type(exc).__name__}: {exc}", utcnow()
