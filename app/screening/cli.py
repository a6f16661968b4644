"""`mst screen ...`: screen supplier lists and statement texts; seed, import and list the orders register."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import typer

from app.config import get_settings
from app.errors import DomainError
from app.screening.types import LEGAL_NOTE

screen_app = typer.Typer(
    help="Forced-labour screening against US Withhold Release Orders and Findings.", no_args_is_help=True
)
orders_app = typer.Typer(help="The orders register.", no_args_is_help=True)
screen_app.add_typer(orders_app, name="orders")


def _as_of(value: str | None) -> date:
    """The --as-of date (today by default); a bad one is a usage error."""
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--as-of") from exc


def _fail(error: DomainError) -> None:
    """Print a domain error plainly and exit 1 (no traceback)."""
    typer.echo(f"Error: {error.message}", err=True)
    raise typer.Exit(1)


@screen_app.command("suppliers")
def screen_suppliers(
    file: Path = typer.Argument(..., help="CSV with a header row: name, country, optional company_number, products."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date to check the orders' status on (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of results."),
) -> None:
    """Screen a supplier list: each row gets match, possible (for review) or none, with the reason."""
    from app.db import session_scope
    from app.screening.csvfile import read_limited
    from app.screening.screen import screen_supplier_rows
    from app.screening.supplier_file import parse_supplier_csv

    on = _as_of(as_of)
    try:
        rows = parse_supplier_csv(read_limited(file, get_settings().screening_max_file_bytes), str(file))
        with session_scope() as session:
            results = screen_supplier_rows(session, rows, on)
    except DomainError as error:
        _fail(error)
        return
    if as_json:
        indent = 2 if len(results) <= 1000 else None  # big lists: one compact line, written at once
        sys.stdout.write(json.dumps([result.to_dict() for result in results], indent=indent, ensure_ascii=False))
        sys.stdout.write("\n")
        return
    lines: list[str] = []
    for result in results:
        order = f" -> {result.order} [{result.order_status}] ({result.score:.0f})" if result.order else ""
        lines.append(f"{result.row:>6}  {result.verdict:<8}  {result.supplier}{order}")
        if result.verdict != "none":
            lines.append(f"        {result.reason}")
    sys.stdout.write("\n".join(lines) + "\n")
    counts = {verdict: sum(r.verdict == verdict for r in results) for verdict in ("match", "possible", "none")}
    typer.echo(
        f"{len(results)} suppliers on {on.isoformat()}: {counts['match']} match, "
        f"{counts['possible']} possible, {counts['none']} none. {LEGAL_NOTE}"
    )


@screen_app.command("text")
def screen_text_file(
    file: Path = typer.Argument(..., help="A statement as UTF-8 text."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date to check the orders' status on (YYYY-MM-DD)."),
) -> None:
    """Screen a statement's text for ordered entities and regions (JSON hits with sentence evidence)."""
    from app.db import session_scope
    from app.screening.csvfile import decode, read_limited
    from app.screening.screen import screen_statement_text

    on = _as_of(as_of)
    try:
        text = decode(read_limited(file, get_settings().screening_max_file_bytes), str(file))
        with session_scope() as session:
            hits = screen_statement_text(session, text, on)
    except DomainError as error:
        _fail(error)
        return
    typer.echo(json.dumps([hit.to_dict() for hit in hits], indent=2, ensure_ascii=False))


@orders_app.command("seed")
def seed() -> None:
    """Create or refresh the orders the project ships (idempotent)."""
    from app.db import session_scope
    from app.screening.seed import seed_orders

    with session_scope() as session:
        counts = seed_orders(session)
    typer.echo(
        f"Orders seeded: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged."
    )


@orders_app.command("import")
def import_orders(file: Path = typer.Argument(..., help="CSV of orders (columns as the shipped seed CSV).")) -> None:
    """Import or update orders from CSV; every row is checked before any is saved."""
    from app.db import session_scope
    from app.screening.csvfile import read_limited
    from app.screening.order_file import parse_order_csv
    from app.screening.service import import_orders as apply

    try:
        specs, fields = parse_order_csv(read_limited(file, get_settings().screening_max_file_bytes), str(file))
        with session_scope() as session:
            counts = apply(session, specs, fields)
    except DomainError as error:
        _fail(error)
        return
    typer.echo(
        f"Orders imported from {file}: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )


@orders_app.command("list")
def list_orders(
    active_on: str | None = typer.Option(None, "--active-on", help="Only orders in force on this date."),
) -> None:
    """List the orders (optionally those in force on a date)."""
    from app.db import session_scope
    from app.screening import repository
    from app.screening.service import to_read

    on = _as_of(active_on)
    with session_scope() as session:
        orders = [
            to_read(order, on)
            for order in repository.list_orders(session, active_on=_as_of(active_on) if active_on else None)
        ]
    for order in orders:
        typer.echo(
            f"{order.id:>5}  {order.action:<7} {order.issued_date}  {order.status:<8}  {order.name} ({order.country})"
        )
    typer.echo(f"{len(orders)} orders. {LEGAL_NOTE}")
