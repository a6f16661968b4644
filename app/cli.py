"""The `mst` command."""

from __future__ import annotations

import typer

from app.compliance.cli import compliance_app
from app.config import get_settings
from app.organisations.cli import import_app

app = typer.Typer(help="Modern slavery statement tracker.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(compliance_app, name="compliance")


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
) -> None:
    """Run the web service (migrations are applied on start)."""
    import uvicorn

    from app.main import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level=get_settings().log_level.lower())


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
