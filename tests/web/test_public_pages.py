"""Public pages read as a member of the public sees them: search, results, status in plain words."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import Seeded
from tests.web.pages import heading, page, text


def test_home_page_offers_search_and_uses_the_generic_header(web: TestClient) -> None:
    response = web.get("/")
    assert response.status_code == 200
    soup = page(response)
    assert heading(soup) == "Check an organisation's modern slavery statement"
    assert soup.find("input", attrs={"name": "q"}) is not None
    assert soup.find(class_="govuk-generic-header") is not None
    assert "crown" not in response.text.lower() and "govuk-logotype" not in response.text
    assert soup.find("link", href="/assets/vendor/govuk-frontend/govuk-frontend.min.css") is not None
    assert all(not (tag.get("src") or "").startswith("http") for tag in soup.find_all("script"))


def test_search_by_name_and_by_company_number(web: TestClient, seeded: Seeded) -> None:
    soup = page(web.get("/status", params={"q": "harbour"}))
    links = [text(a) for a in soup.select(".app-result-list a")]
    assert links == ["Harbour Retail Group plc", "Harbour Stores Limited"]
    assert "2 organisations found for ‘harbour’" in text(soup)
    soup = page(web.get("/status", params={"q": "07000003"}))
    assert [text(a) for a in soup.select(".app-result-list a")] == ["Tiny Teas Ltd"]
    soup = page(web.get("/status", params={"q": "no such organisation anywhere"}))
    assert "0 organisations found" in text(soup) and "Check the spelling" in text(soup)


def test_htmx_search_returns_only_the_results_fragment(web: TestClient, seeded: Seeded) -> None:
    response = web.get("/status", params={"q": "harbour"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "Harbour Retail Group plc" in response.text
    history = web.get("/status", params={"q": "harbour"},
                      headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in history.text


def test_search_pages_through_many_results(web: TestClient, seeded: Seeded, db_session) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import _organisation

    for n in range(25):
        _organisation(db_session, f"Pager Company {n:02d} Ltd", f"0800{n:04d}", "1000000")
    first = page(web.get("/status", params={"q": "pager company"}))
    assert len(first.select(".app-result-list li")) == 20
    nxt = first.find("a", rel="next")
    assert nxt is not None and nxt["hx-get"] == "/status?q=pager+company&page=2"
    second = page(web.get(str(nxt["href"])))
    assert len(second.select(".app-result-list li")) == 5


def test_status_page_says_in_plain_words_scope_statement_and_what_is_missing(web: TestClient, seeded: Seeded) -> None:
    soup = page(web.get(f"/status/{seeded.parent.id}"))
    body = text(soup)
    assert heading(soup) == "Harbour Retail Group plc"
    assert "Presumed in scope" in body
    assert "We presume this organisation must publish a modern slavery statement" in body
    assert "the organisation decides for itself" in body
    assert "Why:" in body and seeded.parent.scope_reason and seeded.parent.scope_reason[:30] in body
    assert "Yes. The latest statement we found is for statement year 2025" in body
    assert "approved on 12 June 2025" in body
    guidance = [a["href"] for a in soup.select("#guidance ~ ul a")]
    assert any("transparency-in-supply-chains" in href for href in guidance)

    small = text(page(web.get(f"/status/{seeded.small.id}")))
    assert "Presumed out of scope" in small and "No. We have not found a modern slavery statement" in small
    assert "The financial year end" in small  # missing

    child = text(page(web.get(f"/status/{seeded.child.id}")))
    assert "A modern slavery statement for the latest financial year" in child


def test_unknown_organisation_is_a_readable_404(web: TestClient) -> None:
    response = web.get("/status/999999")
    assert response.status_code == 404
    assert heading(page(response)) == "Page not found"
    api = web.get("/api/v1/organisations/999999")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_bad_query_values_are_refused_not_crashing(web: TestClient) -> None:
    assert web.get("/status", params={"page": "0"}).status_code == 422
    assert web.get("/status", params={"q": "x" * 201}).status_code == 422
    assert web.get("/status/not-a-number").status_code == 422


def test_assets_are_served_locally(web: TestClient) -> None:
    for path in ("/assets/vendor/govuk-frontend/govuk-frontend.min.css", "/assets/vendor/htmx/htmx.min.js",
                 "/assets/vendor/chart.js/chart.umd.min.js", "/assets/app/app.css", "/assets/app/app.js"):
        assert web.get(path).status_code == 200, path
