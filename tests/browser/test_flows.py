"""What people do, in a real browser: search as the public, sign in, filter, open an organisation, administer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_public_search_and_status_page(page: Any, site: Site) -> None:
    page.goto("/")
    assert axe_violations(page) == []
    screenshot(page, "home")
    page.fill("#q", "harbour")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/status\?q=harbour"))
    assert page.inner_text("#result-count") == "2 organisations found for ‘harbour’"
    assert axe_violations(page) == []
    screenshot(page, "search-results")
    page.click("text=Harbour Retail Group plc")
    page.wait_for_url(f"**/status/{site.parent_id}")
    body = page.inner_text("main")
    assert "Presumed in scope" in body and "statement year 2025" in body
    assert axe_violations(page) == []
    screenshot(page, "status-page")
    page.goto(f"/status/{site.screened_id}")
    flags = page.inner_text("#screening-flags")
    assert "Xinjiang" in flags and "Top Glove" in flags
    assert "not UK law" in page.inner_text("#screening-basis")
    assert axe_violations(page) == []
    screenshot(page, "status-page-screening")


def test_htmx_search_swaps_results_without_a_reload(page: Any) -> None:
    page.goto("/status")
    page.evaluate("window.stillHere = true")
    page.fill("#q", "07000003")
    page.click("button:has-text('Search')")
    page.wait_for_selector("text=Tiny Teas Ltd")
    assert page.evaluate("window.stillHere") is True  # the page was not reloaded
    assert "q=07000003" in page.url  # but the address can be shared


def test_regulator_signs_in_with_the_keyboard_and_sees_charts(page: Any) -> None:
    sign_in(page, "regulator")
    assert page.url.endswith("/regulator")
    assert page.locator("canvas").count() == 3  # trend, sector, turnover band
    page.wait_for_function("document.querySelectorAll('canvas[data-drawn]').length === 3")
    assert int(page.inner_text("[data-headline=missing]")) >= 1
    assert page.locator("#trend-table tbody tr").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "regulator-overview")


def test_regulator_filters_the_register_and_opens_an_organisation(page: Any, site: Site) -> None:
    sign_in(page, "regulator")
    page.goto("/regulator/organisations")
    page.evaluate("window.stillHere = true")
    page.select_option("#scope_status", "out_of_scope")
    page.wait_for_url(re.compile(r"scope_status=out_of_scope"))
    page.wait_for_selector("#result-count:has-text('1 organisation')")
    assert page.evaluate("window.stillHere") is True
    assert axe_violations(page) == []
    screenshot(page, "regulator-organisations")
    page.goto(f"/regulator/organisations/{site.parent_id}")
    page.click("text=Version 2")
    assert page.is_visible("ins:has-text('We train all buyers and suppliers.')")
    evidence = page.locator("mark[data-rules=training]")
    assert evidence.is_visible() and evidence.inner_text() == "We train all buyers and suppliers."
    page.click("a:has-text('passage 1') >> nth=0")
    assert page.evaluate("location.hash") == "#" + evidence.get_attribute("id")
    assert axe_violations(page) == []
    screenshot(page, "regulator-organisation")


def test_admin_approves_a_claim_and_the_organisation_corrects_its_year_end(page: Any, site: Site) -> None:
    sign_in(page, "admin")
    page.goto("/admin/claims")
    assert axe_violations(page) == []
    screenshot(page, "admin-claims")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("text=Approved")
    for path in ("/admin/users", "/admin/tokens", "/admin/audit"):
        page.goto(path)
        assert axe_violations(page) == [], path
    page.click("button:has-text('Sign out')")
    sign_in(page, "organisation")
    assert page.url.endswith("/account")
    page.click("text=Tiny Teas Ltd")
    page.fill("#year-end-day", "30")
    page.fill("#year-end-month", "6")
    page.click("button:has-text('Save year end')")
    page.wait_for_selector("text=The financial year end has been changed.")
    searches = page.inner_text("#searches-table")
    assert "Address did not work" in searches and "Waiting" in searches
    assert axe_violations(page) == []
    screenshot(page, "organisation-corrections")


def test_sign_in_error_is_announced(page: Any) -> None:
    page.goto("/login")
    page.click("button:has-text('Sign in')")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Enter your email address" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    screenshot(page, "login-error")


def test_regulator_filters_the_overdue_list_and_opens_an_organisation(page: Any) -> None:
    sign_in(page, "regulator")
    page.goto("/regulator/overdue?regime=uk-guidance&year=2025")
    assert "organisations late, missing, incomplete" in page.inner_text("#result-count")
    page.evaluate("window.stillHere = true")
    page.check("#status-incomplete")
    page.wait_for_url(re.compile(r"status=incomplete"))
    # Cobalt (approval fails in both years) and the group parent, whose stored assessment misses a legal minimum
    page.wait_for_selector("#result-count:has-text('2 organisations incomplete')")
    assert page.evaluate("window.stillHere") is True
    assert axe_violations(page) == []
    screenshot(page, "overdue-list")
    page.click("text=Cobalt Builders Ltd")
    page.wait_for_selector("h2#timeline")
    assert "Approved by the board of directors (company)" in page.inner_text("main")
    assert axe_violations(page) == []


def test_enforcement_exports_candidates_and_moves_a_case(page: Any, tmp_path: Any) -> None:
    sign_in(page, "enforcement")
    page.goto("/enforcement")
    assert axe_violations(page) == []
    screenshot(page, "candidates")
    page.locator("input[name=organisation_id]").first.check()
    page.check("#format-csv")
    with page.expect_download() as download_info:
        page.click("button:has-text('Export')")
    download = download_info.value
    assert download.suggested_filename.startswith("penalty-candidates-uk-guidance")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert "organisation_name" in saved.read_text(encoding="utf-8")
    page.goto("/enforcement/cases")
    page.locator("a:has-text('Case ')").first.click()
    page.select_option("#to_state", "under_review")
    page.fill("#reason", "Asked for the board minutes")
    page.click("button:has-text('Move case')")
    page.wait_for_selector("#case-state:has-text('Under review')")
    trail = page.inner_text("table")
    assert "enforcement@example.org" in trail and "Asked for the board minutes" in trail
    assert axe_violations(page) == []
    screenshot(page, "case")


def test_public_search_with_the_keyboard_only(page: Any, site: Site) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(30):  # tab from the main content to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("tiny teas")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/status\?q=tiny"))
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Tiny Teas Ltd":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/status/{site.small_id}")
