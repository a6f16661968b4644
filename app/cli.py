"""The `mst` command."""

from __future__ import annotations

import typer

from app.accounts.cli import users_app
from app.compliance.cli import compliance_app
from app.config import get_settings
from app.demo.cli import demo
from app.discovery.cli import discover_command
from app.extraction.cli import extract_app
from app.jobs.cli import crawl_command, jobs_app, scheduler_command
from app.organisations.cli import import_app
from app.scoring import cli as scoring_cli
from app.screening.cli import screen_app
from app.simweb.cli import simweb_app

app = typer.Typer(help="Modern slavery statement tracker.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(extract_app, name="extract")
app.add_typer(screen_app, name="screen")
app.command("demo")(demo)
app.add_typer(users_app, name="users")
app.add_typer(compliance_app, name="compliance")
app.command("discover")(discover_command)
app.add_typer(simweb_app, name="simweb")
app.add_typer(jobs_app, name="jobs")
app.command("crawl")(crawl_command)
app.command("scheduler")(scheduler_command)
app.command("score")(scoring_cli.score)
app.command("rulesets")(scoring_cli.rulesets)
app.command("rescore")(scoring_cli.rescore)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("heads", help="Target revision.")) -> None:
    """Apply Alembic migrations to MST_DATABASE_URL (default: ./var/mst.sqlite3)."""
    from app.db import get_engine
    from app.migrate import upgrade

    upgrade(get_engine(), revision)
    typer.echo(f"Database at {get_engine().url.render_as_string(hide_password=True)} is up to date.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    scheduler: bool = typer.Option(None, help="Run the job scheduler inside (default: MST_SCHEDULER_EMBEDDED)."),
) -> None:
    """Run the web service (migrations are applied on start) and, by default, the embedded scheduler."""
    import uvicorn

    from app.main import create_app

    application = create_app()
    leader = None
    if get_settings().scheduler_embedded if scheduler is None else scheduler:
        from app.jobs.runner import default_context
        from app.jobs.scheduler import LeaderScheduler

        leader = LeaderScheduler(default_context(), get_settings().scheduler_lease_seconds)
        leader.start()
    try:
        uvicorn.run(application, host=host, port=port, log_level=get_settings().log_level.lower())
    finally:
        if leader is not None:
            leader.shutdown()


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
