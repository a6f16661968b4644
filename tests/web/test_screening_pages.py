"""Forced-labour screening on the pages: flags on the regulator's organisation page, the supplier upload page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from app.accounts.auth import PRESESSION_COOKIE
from app.accounts.policy import EVERYONE, POLICY
from app.config import get_settings
from app.models.accounts import User
from app.models.statements import StatementVersion
from app.screening.seed import seed_orders
from app.screening.statement_flags import screen_version
from tests.web.conftest import Seeded, SignedIn
from tests.web.pages import error_summary, heading, page, table_rows, text

FLAGGED = "Our supply chains.\nWe source tomatoes from Xinjiang.\nWe also use Top Glove gloves.\n"
SUPPLIERS = (
    b"Supplier,Country,Products\n"
    b"Hoshine Silicon Industry Co Ltd,China,silicon\nLocal Paper Mills Ltd,UK,paper\n"
)


@pytest.fixture()
def orders(db_session: Session) -> Session:
    """The shipped orders register."""
    seed_orders(db_session)
    db_session.flush()
    return db_session


@pytest.fixture()
def flagged(orders: Session, seeded: Seeded) -> StatementVersion:
    """A third version of the seeded statement naming an ordered region and entity, screened."""
    version = StatementVersion(statement_id=seeded.statement.id, version_no=3, extraction_status="ok", text=FLAGGED)
    orders.add(version)
    orders.flush()
    orders.refresh(seeded.statement)
    screen_version(orders, version)
    return version


@pytest.fixture()
def small_upload_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A 1,000-byte cap on uploads for this test."""
    monkeypatch.setenv("MST_SCREENING_MAX_FILE_BYTES", "1000")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("MST_SCREENING_MAX_FILE_BYTES")
    get_settings.cache_clear()


def test_the_pages_and_api_are_declared_public() -> None:
    assert POLICY[("GET", "/screening/suppliers")] == EVERYONE
    assert POLICY[("POST", "/screening/suppliers")] == EVERYONE
    assert POLICY[("GET", "/api/v1/organisations/{organisation_id}/screening-flags")] == EVERYONE


def test_organisation_page_shows_flags_with_sentence_status_and_caveat(
    web: TestClient, seeded: Seeded, flagged: StatementVersion, make_user: Callable[..., User],
    sign_in: Callable[[User], SignedIn],
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get(f"/regulator/organisations/{seeded.parent.id}", headers=regulator.headers))
    section = soup.find("h2", id="screening")
    assert section is not None and text(section) == "Forced-labour screening"
    warning = section.find_next(class_="govuk-warning-text")
    assert warning is not None and "US import measure" in text(warning) and "not UK law" in text(warning)
    rows = table_rows(soup, "Ordered entities and regions")
    assert len(rows) == 2
    region, entity = rows
    assert region[0] == "2025, version 3" and "Xinjiang" in region[1] and "product ‘tomato’" in region[1]
    assert region[2] == "We source tomatoes from Xinjiang." and region[3].startswith("In force on 12 June 2025")
    assert "Top Glove" in entity[1] and entity[2] == "We also use Top Glove gloves."
    assert entity[3].startswith("Not in force on 12 June 2025")


def test_organisation_page_without_flags_says_so(
    web: TestClient, seeded: Seeded, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get(f"/regulator/organisations/{seeded.small.id}", headers=regulator.headers))
    section = soup.find("h2", id="screening")
    assert section is not None
    assert "No statement covering this organisation names" in text(soup)


def test_flags_api_is_public_and_reads_the_newest_version(
    web: TestClient, seeded: Seeded, flagged: StatementVersion
) -> None:
    response = web.get(f"/api/v1/organisations/{seeded.parent.id}/screening-flags")
    assert response.status_code == 200
    flags = response.json()
    assert [(f["kind"], f["order_status"], f["product"], f["version_no"]) for f in flags] == [
        ("region", "active", "tomato", 3),
        ("entity", "inactive", None, 3),
    ]
    first = flags[0]
    assert FLAGGED[first["sentence_start"] : first["sentence_end"]] == first["sentence"]
    assert first["as_of"] == "2025-06-12" and "not UK law" in first["basis"]
    assert first["statement_id"] == seeded.statement.id and first["statement_year"] == 2025
    assert web.get(f"/api/v1/organisations/{seeded.small.id}/screening-flags").json() == []
    missing = web.get("/api/v1/organisations/999999/screening-flags")
    assert missing.status_code == 404 and missing.json()["error"]["code"]


def _form(web: TestClient) -> tuple[str, dict[str, str]]:
    """Open the upload page anonymously: its CSRF token and the pre-session cookie header."""
    response = web.get("/screening/suppliers")
    assert response.status_code == 200
    token = page(response).find("input", attrs={"name": "csrf_token"})["value"]  # type: ignore[index]
    cookie = response.cookies.get(PRESESSION_COOKIE)
    assert isinstance(token, str) and token and cookie
    return token, {"Cookie": f"{PRESESSION_COOKIE}={cookie}"}


def _upload(web: TestClient, content: bytes | None, as_of: str = "2024-01-01") -> tuple[int, Response]:
    token, headers = _form(web)
    files = {"file": ("suppliers.csv", content, "text/csv")} if content is not None else None
    response = web.post("/screening/suppliers", data={"csrf_token": token, "as_of": as_of}, files=files,
                        headers=headers)
    return response.status_code, response


def test_the_start_page_links_to_supplier_screening(web: TestClient) -> None:
    assert page(web.get("/")).find("a", href="/screening/suppliers") is not None


def test_upload_page_has_a_file_form_and_the_caveat(web: TestClient) -> None:
    soup = page(web.get("/screening/suppliers"))
    assert heading(soup) == "Screen a supplier list for forced-labour orders"
    form = soup.find("form", attrs={"action": "/screening/suppliers"})
    assert form is not None and form["enctype"] == "multipart/form-data"
    assert form.find("input", attrs={"type": "file", "name": "file"}) is not None
    assert "not UK law" in text(soup)


def test_uploading_a_supplier_list_shows_each_verdict(web: TestClient, orders: Session) -> None:
    status, html = _upload(web, SUPPLIERS)
    assert status == 200
    soup = page(html)
    assert error_summary(soup) == []
    rows = table_rows(soup, "Screening result for each supplier")
    hoshine, paper = rows
    assert hoshine[1].startswith("Hoshine Silicon Industry Co Ltd") and hoshine[2] == "Match"
    assert "Hoshine" in hoshine[3] and hoshine[4] and float(hoshine[5]) > 90 and hoshine[6] == "In force"
    assert "not UK law" in hoshine[7]
    assert paper[2] == "No match" and paper[3] == "" and paper[6] == ""
    assert "2 suppliers: 1 match, 0 possible, 1 no match." in text(soup)


def test_the_date_decides_the_status(web: TestClient, orders: Session) -> None:
    status, html = _upload(web, SUPPLIERS, as_of="2020-01-01")
    assert status == 200
    assert table_rows(page(html), "Screening result")[0][6] == "Not in force"  # issued 2021


@pytest.mark.parametrize(
    ("content", "as_of", "expected_status", "message"),
    [
        (b"Supplier\nAcme\n", "", 422, "missing required column 'country'"),
        ("name,country\nZürich AG,CH\n".encode("latin-1"), "", 422, "not UTF-8"),
        (b"", "", 422, "is empty"),
        (b"name,country\n,UK\nB,UK\n,FR\n", "", 422, "line 2: column ‘name’: the supplier name is empty"),
        (None, "", 400, "Select a CSV file of suppliers"),
        (SUPPLIERS, "next tuesday", 400, "Enter the date as year-month-day"),
    ],
)
def test_bad_uploads_are_explained_in_the_error_summary(
    web: TestClient, orders: Session, content: bytes | None, as_of: str, expected_status: int, message: str
) -> None:
    status, html = _upload(web, content, as_of)
    soup = page(html)
    assert status == expected_status
    assert any(message in line for line in error_summary(soup)), error_summary(soup)
    assert soup.find("table") is None


def test_a_bad_file_lists_every_bad_line(web: TestClient, orders: Session) -> None:
    _status, html = _upload(web, b"name,country\n,UK\nB,UK\n,FR\n")
    assert [line.split(": ", 1)[1] for line in error_summary(page(html))] == [
        "line 2: column ‘name’: the supplier name is empty",
        "line 4: column ‘name’: the supplier name is empty",
    ]


def test_a_file_over_the_limit_is_refused(web: TestClient, orders: Session, small_upload_limit: None) -> None:
    status, html = _upload(web, b"name,country\n" + b"A,UK\n" * 400)
    assert status == 413 and any("over the limit of 1,000 bytes" in line for line in error_summary(page(html)))


def test_an_empty_register_is_explained(web: TestClient) -> None:
    status, html = _upload(web, SUPPLIERS)
    assert status == 400 and any("register is empty" in line for line in error_summary(page(html)))


def test_a_post_without_the_csrf_token_is_refused(web: TestClient, orders: Session) -> None:
    _token, headers = _form(web)
    response = web.post("/screening/suppliers", data={"csrf_token": "forged"},
                        files={"file": ("s.csv", SUPPLIERS, "text/csv")}, headers=headers)
    assert response.status_code == 403


def test_the_public_status_page_shows_the_flags_in_plain_words_with_their_basis(
    web: TestClient, seeded: Seeded, flagged: StatementVersion
) -> None:
    soup = page(web.get(f"/status/{seeded.parent.id}"))
    section = soup.find("h2", id="screening")
    assert section is not None and text(section) == "Does a statement name a US forced-labour import order?"
    basis = text(soup.select_one("#screening-basis"))  # type: ignore[arg-type]
    assert basis.startswith("Basis: US import measure (CBP Withhold Release Order or Finding), not UK law.")
    assert "not a breach of the Modern Slavery Act" in basis
    assert "Yes, in 2 places in the latest version of the statements we hold:" in text(soup)
    region, entity = [text(li) for li in soup.select("#screening-flags > li")]
    assert region.startswith("The statement for statement year 2025 says: We source tomatoes from Xinjiang.")
    assert "It names the region ‘Xinjiang’ together with ‘tomato’, a product the order lists." in region
    assert region.endswith("was in force on 12 June 2025, the date the statement speaks for.")
    assert entity.endswith("says: We also use Top Glove gloves. It names the producer ‘Top Glove Corporation Bhd’. "
                           "The US order on it was not in force on 12 June 2025, the date the statement speaks for.")
    for internal in ("version 3", "match", "CSRF", "Open a review"):
        assert internal not in text(section.find_parent("div"))  # type: ignore[union-attr]


def test_the_public_status_page_says_when_no_statement_names_an_order(
    web: TestClient, seeded: Seeded, orders: Session
) -> None:
    screen_version(orders, max(seeded.statement.versions, key=lambda v: v.version_no))
    soup = page(web.get(f"/status/{seeded.parent.id}"))
    assert ("No. As far as our screening has run, the latest version of each statement we hold names no producer or "
            "region under a US order.") in text(soup)
    assert soup.find("h2", id="screening") is not None
    assert page(web.get(f"/status/{seeded.small.id}")).find("h2", id="screening") is None  # no statement held
