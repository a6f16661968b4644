"""`mst discover URL --json`: the documented JSON shape, without a database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.simweb.server import SimWebServer

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_politeness_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The simulated web does not need the production per-host delay."""
    monkeypatch.setenv("MST_CRAWL_PER_HOST_DELAY", "0")


def site(simweb: SimWebServer, scenario: str):
    return next(s for s in simweb.web.organisations if s.scenario == scenario)


def test_discover_json_for_a_found_statement(simweb: SimWebServer) -> None:
    years = site(simweb, "years_hub")
    out = runner.invoke(app, ["discover", years.homepage, "--json", "--timeout", "3", "--allow-private-networks"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["outcome"] == "found" and data["statement_url"] == years.truth.statement_url
    assert data["homepage_link"] == data["homepage_link"] | {"found": True, "prominent": True, "text": "Modern Slavery"}
    assert data["history"] == list(years.truth.history)
    assert isinstance(data["requests"], int) and data["requests"] >= 3


def test_discover_refuses_loopback_unless_allowed(simweb: SimWebServer) -> None:
    out = runner.invoke(app, ["discover", site(simweb, "footer_pdf").homepage, "--json", "--timeout", "2"])
    data = json.loads(out.output)
    assert data["outcome"] == "unreachable" and "non-public" in data["detail"]


def test_discover_allows_private_networks_from_the_setting(simweb: SimWebServer, monkeypatch) -> None:
    monkeypatch.setenv("MST_ALLOW_PRIVATE_NETWORKS", "true")
    out = runner.invoke(app, ["discover", site(simweb, "broken").homepage, "--json", "--timeout", "2"])
    data = json.loads(out.output)
    assert data["outcome"] == "broken_link" and data["statement_url"] is None
    assert data["homepage_link"] == {
        "found": False,
        "prominent": False,
        "direct": False,
        "text": None,
        "href": None,
        "location": None,
        "path": [],
    }


def test_discover_human_output(simweb: SimWebServer) -> None:
    legal = site(simweb, "legal_hub")
    out = runner.invoke(app, ["discover", legal.homepage, "--allow-private-networks", "--timeout", "3"])
    assert "Outcome:    found" in out.output and "buried link 'Modern Slavery Statement'" in out.output


def test_discover_rejects_a_non_http_url() -> None:
    out = runner.invoke(app, ["discover", "ftp://example.org/", "--json"])
    assert out.exit_code == 2 and "http" in out.output
