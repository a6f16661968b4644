"""`mst discover URL`: find one website's statement, no database needed."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import urlsplit

import typer

from app.discovery.crawler import discover, run_crawl
from app.discovery.options import CrawlOptions
from app.discovery.result import DiscoveryResult


def discover_command(
    url: str = typer.Argument(..., help="The organisation's homepage, e.g. https://www.example.co.uk/"),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    timeout: float = typer.Option(None, "--timeout", min=0.1, help="Seconds allowed for each request."),
    allow_private_networks: bool = typer.Option(
        False, "--allow-private-networks", help="Allow loopback and private addresses (tests, demo)."
    ),
) -> None:
    """Find the modern slavery statement linked from a homepage and say how prominently it is linked."""
    url = normalise_start_url(url)
    options = CrawlOptions.from_settings()
    if allow_private_networks:
        options = replace(options, allow_private_networks=True)
    if timeout is not None:
        options = options.with_timeout(timeout)
    result = run_crawl(discover(url, options))
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        typer.echo(describe(result))


def normalise_start_url(url: str) -> str:
    """An absolute http(s) URL with a host; a bare domain gets https://."""
    url = url.strip()
    if "://" not in url:
        url = f"https://{url}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"{url!r} is not an http(s) URL with a host", param_hint="URL")
    return url


def describe(result: DiscoveryResult) -> str:
    """A few human lines about a discovery result."""
    lines = [f"Outcome:    {result.outcome}" + (f" ({result.detail})" if result.detail else "")]
    if result.statement_url:
        lines.append(f"Statement:  {result.statement_url} [{result.statement_kind}] via {result.found_via}")
    link = result.homepage_link
    if link.found:
        where = "prominent" if link.prominent else "buried"
        lines.append(f"Homepage:   {where} link '{link.text}' ({link.location}) -> {link.href}")
    else:
        lines.append("Homepage:   no link leading to the statement")
    lines.extend(f"Earlier:    {url}" for url in result.history)
    lines.extend(f"Broken:     '{b.text}' -> {b.href} ({b.status or b.error})" for b in result.broken_links)
    lines.append(f"Requests:   {result.requests} in {result.elapsed_seconds:.1f}s")
    return "\n".join(lines)
