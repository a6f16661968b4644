"""`mst simweb serve`: run the simulated web of organisation websites on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from pathlib import Path

import typer

from app.simweb.server import SimWebApp, bind, serve
from app.simweb.web import SimulatedWeb

simweb_app = typer.Typer(
    help="A simulated web of organisation websites (tests, demo, benchmarks).", no_args_is_help=True
)


def ground_truth(simweb: SimulatedWeb) -> list[dict[str, object]]:
    """Each organisation's homepage, scenario, name and expected discovery result."""
    return [
        {"homepage": s.homepage, "name": s.name, "scenario": s.scenario, "truth": asdict(s.truth)}
        for s in simweb.organisations
    ]


@simweb_app.command("serve")
def serve_command(
    sites: int = typer.Option(200, min=1, max=100_000, help="Number of organisation websites."),
    seed: int = typer.Option(1, help="Seed of the deterministic generator."),
    port: int = typer.Option(8700, min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one)."),
    latency_ms: str = typer.Option("50-200", help="Latency added to every response, as MIN-MAX milliseconds."),
    truth: Path | None = typer.Option(None, help="Write the ground truth (JSON) to this file."),
) -> None:
    """Serve the sites as http://org-NNNN.localhost:PORT/ (names under .localhost mean 127.0.0.1)."""
    try:
        low, high = (float(part) / 1000 for part in latency_ms.split("-", 1))
    except ValueError:
        raise typer.BadParameter("use MIN-MAX in milliseconds, e.g. 50-200", param_hint="--latency-ms") from None
    sock = bind(port)
    simweb = SimulatedWeb(sites, sock.getsockname()[1], seed)
    if truth is not None:
        truth.write_text(json.dumps(ground_truth(simweb), indent=1), encoding="utf-8")
    typer.echo(f"Serving {sites} sites on 127.0.0.1:{simweb.port}; e.g. {simweb.organisations[0].homepage}", err=True)
    typer.echo(f"READY {simweb.port}")
    try:
        asyncio.run(serve(sock, SimWebApp(simweb, (low, high), seed), asyncio.Event()))
    except KeyboardInterrupt:
        typer.echo("Stopped.", err=True)
