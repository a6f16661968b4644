"""`mst demo`: build a fresh demo register from synthetic data and serve it, with no internet needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from app.demo.build import DemoBuild
from app.demo.register import DEMO_SEED, DEMO_SIZE
from app.demo.simulated import DEMO_SITES
from app.errors import DomainError

if TYPE_CHECKING:
    from app.simweb.server import SimWebServer


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
    sites: int = typer.Option(
        DEMO_SITES, "--sites", min=0, max=10_000, help="Organisations given a site on the simulated web (0: none)."
    ),
) -> None:
    """Build a fresh demo database (./var/demo.sqlite3, or MST_DATABASE_URL when set), run discovery on a
    simulated web, score, compute compliance, and serve it; no internet needed."""
    from app.demo.simulated import allow_private_networks, start_simulated_web

    try:
        allow_private_networks()
    except ValidationError as exc:
        typer.echo("error: the demo fetches from 127.0.0.1, which production settings refuse", err=True)
        raise typer.Exit(code=1) from exc
    server = None
    if sites:
        typer.echo(f"Starting a simulated web of {sites:,} organisation sites on 127.0.0.1...")
        server = start_simulated_web(sites, seed)
    try:
        engine = _build(organisations, seed, reset, sites, server)
        if not build_only:
            _serve(engine, host, port)
        engine.dispose()
    finally:
        if server is not None:
            server.stop()


def _build(organisations: int, seed: int, reset: bool, sites: int, server: SimWebServer | None) -> Engine:
    """Build the demo database and run the loop on it, printing what happened; exit 1 on a clear error."""
    from app.demo.build import build_demo_database
    from app.demo.loop import describe as describe_loop
    from app.demo.loop import run_loop
    from app.demo.simulated import simulated_websites

    website_for, simulated = simulated_websites(organisations, seed, server, sites)
    typer.echo(f"Generating {organisations:,} synthetic organisations (seed {seed}) and importing them...")
    try:
        engine, build = build_demo_database(
            n=organisations, seed=seed, reset=reset, website_for=website_for if server is not None else None
        )
        for line in describe(build):
            typer.echo(line)
        typer.echo("Discovering statements, scoring them and computing compliance...")
        loop = run_loop(engine)
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(code=1) from exc
    except OperationalError as exc:
        typer.echo(f"error: cannot use the database: {exc.orig or exc}", err=True)
        raise typer.Exit(code=1) from exc
    for line in describe_loop(loop, simulated):
        typer.echo(line)
    return engine


def _serve(engine: Engine, host: str, port: int) -> None:
    """Serve the demo database until Ctrl+C (the simulated web keeps running alongside)."""
    import uvicorn

    from app.config import get_settings
    from app.main import create_app

    typer.echo(
        f"Serving the demo at http://{host}:{port}/ (API: http://{host}:{port}/api/v1/organisations, "
        f"docs: http://{host}:{port}/docs). Press Ctrl+C to stop."
    )
    uvicorn.run(create_app(engine), host=host, port=port, log_level=get_settings().log_level.lower())
    typer.echo("Stopped the demo and its simulated web.")


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
