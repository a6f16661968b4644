"""`mst import organisations`: load a register file, with a report naming file, line, field and reason."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from app.db import get_engine, session_scope
from app.migrate import upgrade

import_app = typer.Typer(help="Import data into the register.", no_args_is_help=True)


class FormatChoice(StrEnum):
    """The organisation file formats."""

    homeoffice = "homeoffice"
    companies_house = "companies-house"
    generic = "generic"


@import_app.command("organisations")
def import_organisations_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="CSV file to import."),
    file_format: FormatChoice | None = typer.Option(
        None, "--format", help="File format (detected from the header when omitted)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would change; store nothing."),
    partial: bool = typer.Option(False, "--partial", help="Store the good rows even when some rows have problems."),
    encoding: str | None = typer.Option(None, help="Force an encoding instead of detecting it."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import organisations; a file with problems stores nothing unless --partial is given."""
    from app.organisations.imports import import_organisations

    upgrade(get_engine())
    with session_scope() as session:
        report = import_organisations(
            session,
            file.read_bytes(),
            str(file),
            file_format=file_format.value if file_format else None,
            dry_run=dry_run,
            partial=partial,
            encoding=encoding,
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _print_report(report)
    if report.problems and not (partial and report.stored):
        raise typer.Exit(code=1)


def _print_report(report: object) -> None:
    """A readable summary and every problem, one per line."""
    from app.organisations.imports import ImportReport

    assert isinstance(report, ImportReport)
    verb = "Would import" if report.dry_run or not report.stored else "Imported"
    typer.echo(f"{report.file}: format {report.format or '?'}, encoding {report.encoding or '?'}, {report.rows} rows")
    typer.echo(
        f"{verb}: {report.created} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.review} held for review"
    )
    if report.stored:
        typer.echo(f"Compliance: {report.compliance}")
    for problem in report.problems[:200]:
        typer.echo(f"  error: {problem}", err=True)
    if len(report.problems) > 200:
        typer.echo(f"  ... and {len(report.problems) - 200} more problems", err=True)
    if report.problems and not report.stored:
        typer.echo("Nothing was stored: fix the problems above (or use --partial to store the good rows).", err=True)
    for item in report.reviews[:20]:
        typer.echo(
            f"  review: line {item['line']} {item['name']!r} ~ organisation {item['candidate_id']}: {item['reason']}"
        )
