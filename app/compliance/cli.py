"""`mst compliance ...`: recompute statuses, summarise, flag penalty candidates, deliver notifications."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from app.compliance.regimes import Regime

compliance_app = typer.Typer(help="Compliance status, penalty review and notifications.", no_args_is_help=True)


def _migrated() -> None:
    """Bring the database up to date first, as every command that reads it does."""
    from app.db import get_engine
    from app.migrate import upgrade

    upgrade(get_engine())


def _regime(code: str | None) -> Regime:
    """The named regime or the deployment's."""
    from app.compliance.regimes import default_regime, get_regime
    from app.errors import InvalidInput

    try:
        return get_regime(code) if code else default_regime()
    except InvalidInput as exc:
        typer.echo(f"Error: {exc.message} (known: {', '.join(exc.details['known'])})", err=True)
        raise typer.Exit(2) from None


@compliance_app.command("recompute")
def recompute(
    organisation: list[int] = typer.Option([], "--organisation", "-o", help="Only these organisation ids."),
    regime: str | None = typer.Option(None, help="Regime code (default: MST_REGIME)."),
    today: str | None = typer.Option(None, help="Pretend today is this ISO date."),
) -> None:
    """Recompute statuses (all organisations, or some); only changed statuses are written."""
    from app.compliance.recompute import recompute_all, recompute_for_organisations
    from app.db import session_scope

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        typer.echo(f"Error: --today must be a date like 2026-11-22, not {today!r}", err=True)
        raise typer.Exit(2) from None
    chosen = _regime(regime)
    _migrated()
    with session_scope() as session:
        report = (
            recompute_for_organisations(session, organisation, chosen, day)
            if organisation
            else recompute_all(session, chosen, day)
        )
    typer.echo(
        f"{report.regime}: {report.organisations} organisations, {report.examined} statuses examined, "
        f"{report.written} written, {len(report.changes)} changed."
    )


@compliance_app.command("summary")
def summary(year: int = typer.Option(..., help="Statement year."), regime: str | None = None) -> None:
    """Print counts per status for a year as JSON."""
    from app.compliance import service
    from app.db import session_scope

    _migrated()
    with session_scope() as session:
        typer.echo(json.dumps(service.summary(session, _regime(regime), year)["by_status"], indent=2))


@compliance_app.command("flag-candidates")
def flag_candidates(regime: str | None = None) -> None:
    """Open a review case for every new penalty candidate."""
    from app.compliance import service
    from app.db import session_scope

    _migrated()
    with session_scope() as session:
        result = service.flag_candidates(session, _regime(regime))
    typer.echo(f"{result['candidates']} candidates, {result['opened']} new cases opened.")


@compliance_app.command("deliver")
def deliver() -> None:
    """Try every due webhook and e-mail delivery."""
    from app.compliance.notifications import deliver_due
    from app.db import session_scope

    _migrated()
    with session_scope() as session:
        typer.echo(f"{deliver_due(session)} deliveries tried.")
