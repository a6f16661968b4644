"""`mst jobs list|run NAME`, `mst scheduler` and `mst crawl [--limit N]`."""

from __future__ import annotations

import json
import signal
import threading

import typer

from app.errors import DomainError

jobs_app = typer.Typer(help="Scheduled jobs: list them, run one by hand.", no_args_is_help=True)


@jobs_app.command("list")
def list_jobs() -> None:
    """Every job with its schedule and expected yield."""
    from app.jobs.sources import all_sources

    for name, source in sorted(all_sources().items()):
        schedule = ", ".join(f"{k}={v}" for k, v in source.schedule.items())
        typer.echo(f"{name:30} {schedule:45} yield {source.expected_min}-{source.expected_max}  {source.title}")


@jobs_app.command("run")
def run(
    name: str = typer.Argument(..., help="The job's name, as `mst jobs list` shows it."),
    limit: int = typer.Option(None, min=1, help="At most this many items (organisations, ...)."),
) -> None:
    """Run one job now, whatever its schedule (jobs are idempotent)."""
    from app.jobs.runner import default_context, run_job

    try:
        record = run_job(name, default_context(limit))
    except DomainError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps({"job": name, "status": record.status, "summary": record.summary, "error": record.error}))
    raise typer.Exit(0 if record.status == "succeeded" else 1)


def crawl_command(limit: int = typer.Option(None, "--limit", min=1, help="At most this many of each.")) -> None:
    """Process queued re-discovery requests, then run discovery for the organisations that are due (progress bar)."""
    from app.jobs.runner import default_context, run_job

    context = default_context(limit)
    with typer.progressbar(length=1, label="Crawling", show_pos=True) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        context.progress = progress
        record = run_job("discovery.crawl_due", context)
    typer.echo(json.dumps(record.summary))


def scheduler_command() -> None:
    """Run the scheduler on its own (a second one stands by and takes over if this one dies)."""
    from app.config import get_settings
    from app.jobs.runner import default_context
    from app.jobs.scheduler import LeaderScheduler

    scheduler = LeaderScheduler(default_context(), get_settings().scheduler_lease_seconds)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    scheduler.start()
    typer.echo(f"Scheduler {scheduler.holder} started ({'leader' if scheduler.is_leader else 'standing by'}).")
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.shutdown()
