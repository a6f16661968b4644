"""`mst users create|list`, and what is stored: argon2id hashes, never the password."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from app.cli import app
from app.db import session_scope
from app.models.accounts import AuditEvent, User

runner = CliRunner()


def _migrate() -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0


def test_create_the_first_admin_from_stdin_and_list_users(cli_database: str) -> None:
    _migrate()
    result = runner.invoke(app, ["users", "create", "Boss@Example.org", "--role", "admin", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.org" in result.output
    with session_scope() as session:
        user = session.scalars(select(User)).one()
        assert user.password_hash.startswith("$argon2id$") and "a long enough password" not in user.password_hash
        assert session.scalars(select(AuditEvent.action)).all() == ["user.create"]
    listed = runner.invoke(app, ["users", "list"])
    assert listed.exit_code == 0 and "admin\tboss@example.org" in listed.output


def test_bad_input_is_refused_with_a_clear_message(cli_database: str) -> None:
    _migrate()
    short = runner.invoke(app, ["users", "create", "a@example.org", "--role", "admin", "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 2 and "password must be at least 12 characters" in short.output
    role = runner.invoke(app, ["users", "create", "a@example.org", "--role", "root", "--password-stdin"],
                         input="a long enough password\n")
    assert role.exit_code == 2 and "role must be one of admin, regulator, enforcement, organisation" in role.output
    email = runner.invoke(app, ["users", "create", "not-an-email", "--role", "admin", "--password-stdin"],
                          input="a long enough password\n")
    assert email.exit_code == 2 and "email address is not valid" in email.output
    runner.invoke(app, ["users", "create", "a@example.org", "--role", "admin", "--password-stdin"],
                  input="a long enough password\n")
    again = runner.invoke(app, ["users", "create", "A@example.org", "--role", "regulator", "--password-stdin"],
                          input="a long enough password\n")
    assert again.exit_code == 2 and "already exists" in again.output
