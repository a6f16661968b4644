"""The demo's own offline web: a simulated web in a background thread and the register rows that point at it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from app.config import get_settings
from app.demo.organisation import DemoOrganisation
from app.demo.register import WebsiteFor, generate_register

if TYPE_CHECKING:
    from app.simweb.server import SimWebServer

DEMO_SITES = 300
DEMO_LATENCY = (0.0, 0.02)


def allow_private_networks() -> None:
    """Let this process (only) fetch from 127.0.0.1, where the simulated web lives; never done in production."""
    os.environ["MST_ALLOW_PRIVATE_NETWORKS"] = "true"
    get_settings.cache_clear()
    get_settings()  # refuses at once when MST_ENVIRONMENT=production


def start_simulated_web(sites: int, seed: int) -> SimWebServer:
    """A simulated web of `sites` organisation sites (0-20 ms latency) served on a free 127.0.0.1 port."""
    from app.simweb.server import SimWebServer

    return SimWebServer(sites=max(sites, 1), seed=seed, latency=DEMO_LATENCY).start()


def chosen_for_simulation(organisations: list[DemoOrganisation], sites: int) -> list[int]:
    """Indexes of the UK organisations that get a simulated site, spread evenly over the register (deterministic)."""
    eligible = [o.index for o in organisations if o.jurisdiction == "UK" and o.website]
    if sites <= 0 or not eligible:
        return []
    if sites >= len(eligible):
        return eligible
    step = len(eligible) / sites
    return [eligible[int(i * step)] for i in range(sites)]


def simulated_websites(n: int, seed: int, server: SimWebServer | None, sites: int) -> tuple[WebsiteFor, int]:
    """Homepages for the register: a simulated site for a chosen subset, no website (never fetched) for the rest;
    with the number of organisations given a simulated site."""
    homepages: dict[int, str] = {}
    if server is not None:
        chosen = chosen_for_simulation(generate_register(n, seed), min(sites, len(server.web.organisations)))
        homepages = {index: server.web.organisations[k].homepage for k, index in enumerate(chosen)}
    return homepages.get, len(homepages)
