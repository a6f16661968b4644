"""Discovery against one simulated site per scenario, checked against each site's ground truth."""

from __future__ import annotations

import asyncio

import pytest

from app.discovery.crawler import discover_many
from app.discovery.options import CrawlOptions
from app.discovery.result import DiscoveryResult
from app.simweb.generator import SCENARIOS
from app.simweb.server import SimWebServer


@pytest.fixture(scope="module")
def outcomes(simweb: SimWebServer) -> dict[str, DiscoveryResult]:
    """Every organisation of the simulated web discovered once, by scenario (real extraction and detector)."""
    options = CrawlOptions(
        user_agent="ModernSlaveryTracker/0.1 (tests@example.org)",
        allow_private_networks=True,
        per_host_delay=0.0,
        connect_timeout=2.0,
        read_timeout=2.0,
        total_timeout=3.0,
        backoff_base=0.01,
        max_retry_after=2.0,
    )
    by_url = {site.homepage: site.scenario for site in simweb.web.organisations}

    async def run() -> dict[str, DiscoveryResult]:
        return {by_url[r.url]: r async for r in discover_many(list(by_url), options)}

    return asyncio.run(run())


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_discovery_matches_ground_truth(scenario: str, simweb: SimWebServer, outcomes: dict[str, DiscoveryResult]):
    site = next(s for s in simweb.web.organisations if s.scenario == scenario)
    truth, result = site.truth, outcomes[scenario]
    assert result.outcome == truth.outcome, (result.detail, result.broken_links)
    assert result.statement_url == truth.statement_url
    assert result.homepage_link.found == truth.link_found
    assert result.homepage_link.prominent == truth.prominent
    assert result.homepage_link.location == truth.location
    assert tuple(result.history) == truth.history
    assert result.found_via == truth.found_via
    if truth.kind:
        assert result.statement_kind == truth.kind
    assert 1 <= result.requests <= 40


def test_homepage_link_names_what_a_person_clicks(outcomes: dict[str, DiscoveryResult]) -> None:
    footer = outcomes["footer_pdf"].homepage_link
    assert (footer.text, footer.direct) == ("Modern Slavery Statement", True)
    dropdown = outcomes["dropdown_html"].homepage_link
    assert dropdown.text == "Slavery and Human Trafficking Statement" and dropdown.location == "dropdown"
    image = outcomes["image_link"].homepage_link
    assert image.text == "Modern Slavery Act Statement"  # the image's alt text names it
    years = outcomes["years_hub"].homepage_link
    assert (years.text, years.direct, years.path) == ("Modern Slavery", False, ["Modern Slavery", years.path[1]])


def test_buried_statement_reports_the_path_from_the_homepage(outcomes: dict[str, DiscoveryResult]) -> None:
    legal = outcomes["legal_hub"].homepage_link
    assert (legal.found, legal.prominent, legal.path) == (True, False, ["Legal", "Modern Slavery Statement"])
    governance = outcomes["governance_two_hops"].homepage_link
    assert governance.path == ["About us", "Corporate governance", "Anti-Slavery and Human Trafficking Statement"]


def test_failures_say_why(outcomes: dict[str, DiscoveryResult]) -> None:
    broken = outcomes["broken"]
    assert broken.broken_links[0].status == 404 and broken.broken_links[0].on_homepage
    assert "robots.txt" in (outcomes["robots_ban"].detail or "")
    silent = outcomes["silent"]
    assert silent.elapsed_seconds < 6 and "did not answer" in (silent.detail or "")


def test_group_statement_is_found_on_the_parent_site(outcomes: dict[str, DiscoveryResult]) -> None:
    result = outcomes["group_site"]
    assert result.statement_url and result.statement_url.startswith("http://group-")
    assert result.statement_document is not None and result.statement_document.body.startswith(b"%PDF-")
