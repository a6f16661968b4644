"""The simulated web: deterministic from its seed, and its ground truth points at what it serves."""

from __future__ import annotations

import urllib.request
from collections import Counter

import pypdfium2

from app.simweb.generator import SCENARIOS
from app.simweb.server import SimWebServer
from app.simweb.web import SimulatedWeb


def test_same_seed_same_web_and_weights_give_every_scenario() -> None:
    first, second = SimulatedWeb(120, 8000, seed=5), SimulatedWeb(120, 8000, seed=5)
    assert [(s.host, s.name, s.scenario) for s in first.organisations] == [
        (s.host, s.name, s.scenario) for s in second.organisations
    ]
    assert first.organisations[7].resources["/"].body == second.organisations[7].resources["/"].body
    counts = Counter(s.scenario for s in first.organisations)
    assert counts["footer_pdf"] > counts["silent"] and len(counts) >= len(SCENARIOS) - 3


def test_truth_statement_urls_are_served_as_real_documents() -> None:
    web = SimulatedWeb(len(SCENARIOS), 8000, seed=2, scenarios=list(SCENARIOS))
    for site in web.organisations:
        if site.truth.statement_url is None:
            continue
        host = site.truth.statement_url.split("/")[2].split(":")[0]
        path = "/" + site.truth.statement_url.split("/", 3)[3]
        body = web.sites[host].resources[path].body
        if site.truth.kind == "pdf":
            assert len(pypdfium2.PdfDocument(body)) >= 1
        else:
            assert b"<html" in body[:200]


def test_server_tells_sites_apart_by_host_and_answers_conditionally() -> None:
    with SimWebServer(sites=2, scenarios=["footer_pdf"]) as server:
        site = server.web.organisations[1]
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/", headers={"Host": site.host})
        with urllib.request.urlopen(request, timeout=5) as response:
            etag = response.headers["ETag"]
            assert site.name.encode() in response.read()
        request.add_header("If-None-Match", etag)
        try:
            urllib.request.urlopen(request, timeout=5)
            raise AssertionError("expected 304")
        except urllib.error.HTTPError as answer:
            assert answer.code == 304
