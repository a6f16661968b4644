"""`mst extract FILE...`: show what extraction makes of documents (status, kind, pages, text or JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from app.extraction.limits import MB, ExtractionLimits
from app.extraction.pool import extract_batch
from app.extraction.worker import DocumentInput

extract_app = typer.Typer(help="Turn documents into clean text.", no_args_is_help=True, add_completion=False)


@extract_app.callback()
def extract_group() -> None:
    """Turn documents (PDF, HTML, DOCX, text) into clean text with page maps."""


@extract_app.command("file")
def extract_files(
    paths: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="Documents to read."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per document (text, pages, status)."),
    show_text: bool = typer.Option(False, "--text", help="Print the clean text after the summary."),
    time_limit: float = typer.Option(30.0, help="Seconds allowed per document."),
    memory_limit: int = typer.Option(1024, help="Megabytes of address space allowed per worker."),
    max_size: int = typer.Option(50, help="Largest document accepted, in MB."),
    workers: int = typer.Option(2, min=1, help="Worker processes."),
) -> None:
    """Extract documents in isolated workers; exit code 1 if any could not be read."""
    limits = ExtractionLimits(max_bytes=max_size * MB, time_limit_s=time_limit, memory_limit_mb=memory_limit)
    documents = (DocumentInput(path.read_bytes(), source_name=str(path)) for path in paths)
    failed = False
    for path, result in zip(paths, extract_batch(documents, limits=limits, workers=workers), strict=True):
        failed = failed or result.status == "error"
        if as_json:
            typer.echo(json.dumps({"path": str(path), **asdict(result)}, ensure_ascii=False))
            continue
        detail = result.error or f"{len(result.text):,} characters, {len(result.pages)} page(s)"
        typer.echo(f"{path}: {result.status} {result.kind} - {detail}")
        for warning in result.warnings:
            typer.echo(f"  warning: {warning}")
        if show_text and result.text:
            typer.echo(result.text)
    raise typer.Exit(1 if failed else 0)
