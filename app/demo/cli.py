"""`mst demo`: build a fresh demo register from synthetic data and serve it, with no internet needed."""

from __future__ import annotations

import typer
from sqlalchemy.exc import OperationalError

from app.demo.build import DemoBuild
from app.demo.register import DEMO_SEED, DEMO_SIZE
from app.errors import DomainError


def demo(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    organisations: int = typer.Option(
        DEMO_SIZE, "--organisations", "-n", min=1, max=1_000_000, help="How many organisations to generate."
    ),
    seed: int = typer.Option(DEMO_SEED, help="Seed of the generator (the same seed gives the same register)."),
    reset: bool = typer.Option(
        False, "--reset", help="Wipe MST_DATABASE_URL first when it already holds organisations."
    ),
    build_only: bool = typer.Option(False, "--build-only", help="Build the database, then exit without serving."),
) -> None:
    """Build a fresh demo database (./var/demo.sqlite3, or MST_DATABASE_URL when set) and serve it."""
    from app.demo.build import build_demo_database

    typer.echo(f"Generating {organisations:,} synthetic organisations (seed {seed}) and importing them...")
    try:
        engine, build = build_demo_database(n=organisations, seed=seed, reset=reset)
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(code=1) from exc
    except OperationalError as exc:
        typer.echo(f"error: cannot use the database: {exc.orig or exc}", err=True)
        raise typer.Exit(code=1) from exc
    for line in describe(build):
        typer.echo(line)
    if build_only:
        engine.dispose()
        return
    import uvicorn

    from app.config import get_settings
    from app.main import create_app

    typer.echo(
        f"Serving the demo at http://{host}:{port}/ (API: http://{host}:{port}/api/v1/organisations, "
        f"docs: http://{host}:{port}/docs). Press Ctrl+C to stop."
    )
    uvicorn.run(create_app(engine), host=host, port=port, log_level=get_settings().log_level.lower())


def describe(build: DemoBuild) -> list[str]:
    """What the build did, as lines for a person."""
    scope = build.scope
    places = ", ".join(f"{count:,} {code}" for code, count in sorted(build.jurisdictions.items()))
    return [
        f"Database: {build.url} ({build.recreated})",
        f"Imported {build.report.created:,} organisations in {build.seconds:.1f} s ({places}).",
        f"Groups: {build.groups:,} parents with {build.subsidiaries:,} subsidiaries.",
        f"Presumed scope: {scope.get('in_scope', 0):,} in scope, {scope.get('out_of_scope', 0):,} out of scope, "
        f"{scope.get('unknown', 0):,} unknown.",
    ]
