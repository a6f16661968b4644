"""`mst users ...`: make and list accounts from the command line (the first administrator starts here)."""

from __future__ import annotations

import sys

import typer
from sqlalchemy import select

from app.db import session_scope
from app.errors import DomainError
from app.models.accounts import ROLES, User

users_app = typer.Typer(help="User accounts.", no_args_is_help=True)


@users_app.command("create")
def create(
    email: str = typer.Argument(..., help="The user's email address."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    name: str | None = typer.Option(None, "--name", help="Display name."),
) -> None:
    """Create an account (prompts for the password unless --password-stdin)."""
    from app.accounts import service

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            user = service.create_user(session, email, password, role, display_name=name)
            typer.echo(f"Created {user.role} {user.email} (id {user.id}).")
    except DomainError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        raise typer.Exit(2) from exc


@users_app.command("list")
def list_users() -> None:
    """Every account with its role."""
    with session_scope() as session:
        for user in session.scalars(select(User).order_by(User.email)):
            state = "" if user.active else " (disabled)"
            typer.echo(f"{user.id}\t{user.role}\t{user.email}{state}")
