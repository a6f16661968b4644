"""`mst screen ...` end to end on a throwaway SQLite database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.config import get_settings
from app.db import get_engine, get_sessionmaker

runner = CliRunner()


def _clear() -> None:
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@pytest.fixture()
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A migrated, seeded SQLite database that the CLI uses."""
    monkeypatch.setenv("MST_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    _clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield
    get_engine().dispose()
    _clear()


def test_seeding_is_idempotent_from_the_cli(cli_db: None) -> None:
    first = runner.invoke(app, ["screen", "orders", "seed"])
    second = runner.invoke(app, ["screen", "orders", "seed"])
    assert "14 created" in first.output
    assert "0 created, 0 updated, 14 unchanged" in second.output


def test_screen_suppliers_json_shape(cli_db: None, write_csv: Callable[..., Path]) -> None:
    runner.invoke(app, ["screen", "orders", "seed"])
    path = write_csv(
        "Supplier,Country\nTop Glove Corporation Berhad,Malaysia\nAcme Ltd,UK\nTop Gloves Trading LLC,UAE\n"
    )
    result = runner.invoke(app, ["screen", "suppliers", str(path), "--as-of", "2021-01-01", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["row"], r["verdict"], r["order_status"]) for r in rows] == [
        (1, "match", "active"),
        (2, "none", None),
        (3, "possible", "active"),
    ]
    types = {"row": int, "supplier": str, "verdict": str, "score": float, "reason": str}
    for row in rows:
        assert all(isinstance(row[key], kind) for key, kind in types.items())
        assert row["order"] is None or isinstance(row["order"], str)
    assert rows[0]["order"] == "Top Glove Corporation Bhd" and "not UK law" in rows[0]["reason"]


def test_screen_suppliers_table_and_status_on_a_later_date(cli_db: None, write_csv: Callable[..., Path]) -> None:
    runner.invoke(app, ["screen", "orders", "seed"])
    path = write_csv("name,country\nTop Glove Corp Bhd,MY\n")
    result = runner.invoke(app, ["screen", "suppliers", str(path), "--as-of", "2022-01-01"])
    assert "match" in result.output and "[inactive]" in result.output and "not UK law" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"supplier\nA\n", "missing required column 'country'"),
        (b"name,country\nZ\xfcrich,CH\n", "not UTF-8"),
    ],
)
def test_bad_files_exit_with_a_message(
    cli_db: None, write_csv: Callable[..., Path], content: bytes, message: str
) -> None:
    runner.invoke(app, ["screen", "orders", "seed"])
    result = runner.invoke(app, ["screen", "suppliers", str(write_csv(content)), "--json"])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_file_over_the_cap_is_refused(cli_db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MST_SCREENING_MAX_FILE_BYTES", str(10 * 1024 * 1024))
    get_settings.cache_clear()
    path = tmp_path / "fifty.csv"
    with path.open("wb") as handle:
        handle.write(b"name,country\n")
        handle.truncate(50 * 1024 * 1024)
    result = runner.invoke(app, ["screen", "suppliers", str(path)])
    assert result.exit_code == 1 and "over the limit" in result.output


def test_empty_register_is_an_error_not_clean_results(cli_db: None, write_csv: Callable[..., Path]) -> None:
    result = runner.invoke(app, ["screen", "suppliers", str(write_csv("name,country\nA,UK\n"))])
    assert result.exit_code == 1 and "register is empty" in result.output


def test_bad_as_of_is_a_usage_error(cli_db: None, write_csv: Callable[..., Path]) -> None:
    result = runner.invoke(
        app, ["screen", "suppliers", str(write_csv("name,country\nA,UK\n")), "--as-of", "2021-13-01"]
    )
    assert result.exit_code == 2


def test_orders_import_and_list(cli_db: None, shared_data: Path) -> None:
    imported = runner.invoke(app, ["screen", "orders", "import", str(shared_data / "withhold-release-orders.csv")])
    assert "14 created" in imported.output
    listed = runner.invoke(app, ["screen", "orders", "list", "--active-on", "2022-06-01"])
    assert "12 orders" in listed.output


def test_screen_text_file(cli_db: None, write_csv: Callable[..., Path]) -> None:
    runner.invoke(app, ["screen", "orders", "seed"])
    path = write_csv("Our cotton is never sourced from Xinjiang. We audit Supermax Corp.", "statement.txt")
    result = runner.invoke(app, ["screen", "text", str(path), "--as-of", "2022-01-01"])
    hits = json.loads(result.output)
    assert [(h["kind"], h["order_status"], h["product_mentioned"]) for h in hits] == [
        ("region", "active", True),
        ("entity", "active", False),
    ]
