"""The register API on a real database: create, read, list with filters, update, groups, aliases, errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.fixture()
def client(client: TestClient, admin_token: str) -> TestClient:
    """The shared client, acting as an administrator through a bearer token (register writes need one)."""
    client.headers["Authorization"] = f"Bearer {admin_token}"
    return client


def _create(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/organisations", json=fields)
    assert response.status_code == 201, response.text
    return response.json()


def test_create_and_read_with_scope_reason(client: TestClient) -> None:
    created = _create(
        client,
        name="Acme Widgets Limited",
        company_number="123456",
        legal_form="company",
        turnover={"amount": "36000000", "currency": "GBP", "source": "annual report 2024"},
        financial_year_end="03-31",
        sic_codes=["25990"],
        website="https://acme.example",
    )
    assert created["company_number"] == "00123456"
    assert created["scope"]["status"] == "in_scope"
    assert created["scope"]["basis"] == "law"
    assert "at or above" in created["scope"]["reason"]
    assert created["financial_year_end"] == "03-31"
    read = client.get(f"/api/v1/organisations/{created['id']}").json()
    assert read["name"] == "Acme Widgets Limited"


def test_unknown_turnover_is_unknown_not_out(client: TestClient) -> None:
    created = _create(client, name="Mystery Holdings Ltd")
    assert created["scope"]["status"] == "unknown"
    assert "not known" in created["scope"]["reason"]


def test_group_aggregation_brings_parent_into_scope(client: TestClient) -> None:
    parent = _create(client, name="Parent Group plc", turnover={"amount": "20000000"})
    assert parent["scope"]["status"] == "out_of_scope"
    child = _create(client, name="Child Trading Ltd", parent_id=parent["id"], turnover={"amount": "17000000"})
    parent_after = client.get(f"/api/v1/organisations/{parent['id']}").json()
    assert parent_after["scope"]["status"] == "in_scope"
    assert "1 subsidiaries" in parent_after["scope"]["reason"]
    assert child["scope"]["status"] == "out_of_scope"
    group = client.get(f"/api/v1/organisations/{child['id']}/group").json()
    assert group["ancestors"][0]["id"] == parent["id"]
    assert group["tree"]["subsidiaries"][0]["id"] == child["id"]


def test_public_body_scope_is_proposed(client: TestClient) -> None:
    body = _create(client, name="Borsetshire County Council", legal_form="public_body", turnover={"amount": "50000000"})
    assert body["scope"]["status"] == "in_scope"
    assert body["scope"]["basis"] == "proposed"


def test_list_filters_sort_and_paginate(client: TestClient) -> None:
    for i in range(5):
        _create(
            client,
            name=f"Filter Test {i} Limited",
            company_number=f"SC{i:06d}",
            sector="Other",
            turnover={"amount": str(30_000_000 + i * 2_000_000)},
        )
    page = client.get("/api/v1/organisations", params={"q": "filter test", "sort": "-turnover", "page_size": 2}).json()
    assert page["total"] == 5
    assert [item["name"] for item in page["items"]] == ["Filter Test 4 Limited", "Filter Test 3 Limited"]
    in_scope = client.get("/api/v1/organisations", params={"q": "filter test", "scope_status": "in_scope"}).json()
    assert in_scope["total"] == 2  # 36m and 38m
    by_number = client.get("/api/v1/organisations", params={"company_number": "sc3"}).json()
    assert [item["name"] for item in by_number["items"]] == ["Filter Test 3 Limited"]
    by_q_number = client.get("/api/v1/organisations", params={"q": "SC000002"}).json()
    assert by_q_number["items"][0]["name"] == "Filter Test 2 Limited"
    assert client.get("/api/v1/organisations", params={"sector": "Other", "page": 3, "page_size": 2}).json()["items"]


def test_search_finds_aliases_and_ignores_legal_suffix(client: TestClient) -> None:
    created = _create(client, name="Northwind Traders Limited", aliases=[{"name": "Southwind Ltd", "kind": "former"}])
    assert client.get("/api/v1/organisations", params={"q": "southwind limited"}).json()["total"] == 1
    assert (
        client.get("/api/v1/organisations", params={"q": "Northwind Traders Ltd"}).json()["items"][0]["id"]
        == created["id"]
    )


def test_rename_keeps_former_name(client: TestClient) -> None:
    created = _create(client, name="Old Name Ltd")
    updated = client.patch(f"/api/v1/organisations/{created['id']}", json={"name": "New Name Ltd"}).json()
    assert updated["name"] == "New Name Ltd"
    assert {"name": "Old Name Ltd", "kind": "former"}.items() <= updated["aliases"][0].items()


def test_bad_input_gets_machine_readable_4xx(client: TestClient) -> None:
    bad_number = client.post("/api/v1/organisations", json={"name": "X", "company_number": "ABC"})
    assert bad_number.status_code == 422
    assert bad_number.json()["error"]["code"] == "invalid_input"
    missing_name = client.post("/api/v1/organisations", json={"company_number": "1"})
    assert missing_name.status_code == 422
    assert missing_name.json()["error"]["details"][0]["field"] == "body.name"
    bad_sector = client.post("/api/v1/organisations", json={"name": "X", "sector": "Widgets"})
    assert bad_sector.status_code == 422
    bad_year_end = client.post("/api/v1/organisations", json={"name": "X", "financial_year_end": "02-30"})
    assert bad_year_end.status_code == 422
    unknown_field = client.post("/api/v1/organisations", json={"name": "X", "colour": "red"})
    assert unknown_field.status_code == 422
    assert client.get("/api/v1/organisations/999999").status_code == 404
    assert client.get("/api/v1/organisations", params={"page_size": 1000}).status_code == 422
    assert client.get("/api/v1/organisations", params={"sort": "colour"}).status_code == 422


def test_duplicate_company_number_conflicts(client: TestClient) -> None:
    _create(client, name="First Ltd", company_number="SC123")
    response = client.post("/api/v1/organisations", json={"name": "Second Ltd", "company_number": "sc000123"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_parent_cycles_are_refused(client: TestClient) -> None:
    top = _create(client, name="Top Ltd")
    middle = _create(client, name="Middle Ltd", parent_id=top["id"])
    bottom = _create(client, name="Bottom Ltd", parent_id=middle["id"])
    response = client.put(f"/api/v1/organisations/{top['id']}/parent", json={"parent_id": bottom["id"]})
    assert response.status_code == 409
    assert client.put(f"/api/v1/organisations/{top['id']}/parent", json={"parent_id": top["id"]}).status_code == 422
    assert client.put(f"/api/v1/organisations/{top['id']}/parent", json={"parent_id": 987654}).status_code == 404


def test_aliases_add_list_delete(client: TestClient) -> None:
    created = _create(client, name="Alias Co Ltd")
    alias = client.post(
        f"/api/v1/organisations/{created['id']}/aliases", json={"name": "Alias Trading", "kind": "trading"}
    )
    assert alias.status_code == 201
    again = client.post(f"/api/v1/organisations/{created['id']}/aliases", json={"name": "ALIAS TRADING"})
    assert again.status_code == 409
    assert len(client.get(f"/api/v1/organisations/{created['id']}/aliases").json()) == 1
    gone = client.delete(f"/api/v1/organisations/{created['id']}/aliases/{alias.json()['id']}")
    assert gone.status_code == 204
    assert client.get(f"/api/v1/organisations/{created['id']}/aliases").json() == []


def test_search_by_word_prefix_and_legal_words_only(client: TestClient) -> None:
    _create(client, name="Phoenix Widgets UK Limited")
    _create(client, name="Unrelated Holdings Ltd")
    assert client.get("/api/v1/organisations", params={"q": "phoe wid"}).json()["total"] == 1
    assert client.get("/api/v1/organisations", params={"q": "widgets phoenix"}).json()["total"] == 1
    assert client.get("/api/v1/organisations", params={"q": "enix"}).json()["total"] == 0
    assert client.get("/api/v1/organisations", params={"q": "uk ltd"}).json()["total"] == 1


TIES_FILE = (
    "name,company_number,turnover\n"
    + "".join(f"Tie Widget Ltd,TW{i:06d},1000000\n" for i in range(1, 6))  # same name, turnover and import time
    + "".join(f"Tie Gadget {i} Ltd,,\n" for i in range(1, 4))  # no number, no turnover: NULL ties
    + "Tie Alpha Ltd,TA000001,5000000\nTie Zeta Ltd,TZ000001,2000000\n"
)
LIST_SORTS = ("name", "-name", "turnover", "-turnover", "company_number", "updated_at", "-updated_at")


def _walk(client: TestClient, params: dict[str, Any]) -> tuple[list[int], list[dict[str, Any]]]:
    """Every item of a list by following `next` from the first page; the ids and the pages."""
    pages = [client.get("/api/v1/organisations", params=params).json()]
    while pages[-1]["next"]:
        assert len(pages) < 50
        response = client.get(pages[-1]["next"])
        assert response.status_code == 200, response.text
        pages.append(response.json())
    return [item["id"] for page in pages for item in page["items"]], pages


@pytest.mark.parametrize("path", ["from the search's ids", "seeking in the sort indexes"])
@pytest.mark.parametrize("sort", LIST_SORTS)
def test_cursor_pages_follow_the_sort_through_ties_and_nulls(
    client: TestClient, db_session: Any, sort: str, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.organisations import repository
    from app.organisations.imports import import_organisations

    if path == "seeking in the sort indexes":  # searches matching more than this many take the general path
        monkeypatch.setattr(repository, "SEARCH_CANDIDATES", 0)
    assert import_organisations(db_session, TIES_FILE.encode(), "ties.csv").created == 10
    everything = client.get("/api/v1/organisations", params={"q": "tie", "sort": sort, "page_size": 200}).json()
    expected = [item["id"] for item in everything["items"]]
    assert len(expected) == len(set(expected)) == everything["total"] == 10
    assert everything["next_cursor"] is None and everything["next"] is None
    for size in (1, 3, 4):
        ids, pages = _walk(client, {"q": "tie", "sort": sort, "page_size": size})
        assert ids == expected, (size, ids, expected)
        assert all(page["total"] == 10 for page in pages)
        assert [page["page"] for page in pages] == [1] + [None] * (len(pages) - 1)
        assert all(len(page["items"]) == size for page in pages[:-1])
        numbered = [
            item["id"]
            for number in range(1, 11 // size + 2)
            for item in client.get(
                "/api/v1/organisations", params={"q": "tie", "sort": sort, "page_size": size, "page": number}
            ).json()["items"]
        ]
        assert numbered == expected


@pytest.mark.parametrize("candidates", [5000, 0])
def test_cursor_and_deep_pages_agree_with_the_whole_list(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, candidates: int
) -> None:
    from app.organisations import repository

    monkeypatch.setattr(repository, "SEARCH_CANDIDATES", candidates)
    for i in range(12):
        _create(client, name=f"Deep Page {i % 4} Ltd", company_number=f"DP{i:06d}")
    whole = [item["id"] for item in client.get("/api/v1/organisations", params={"q": "deep page"}).json()["items"]]
    ids, pages = _walk(client, {"q": "deep page", "page_size": 5})
    assert ids == whole and len(pages) == 3
    third = client.get("/api/v1/organisations", params={"q": "deep page", "page_size": 5, "page": 3}).json()
    assert [item["id"] for item in third["items"]] == whole[10:] and third["total"] == 12
    past_the_end = client.get("/api/v1/organisations", params={"q": "deep page", "page_size": 5, "page": 9}).json()
    assert past_the_end["items"] == [] and past_the_end["total"] == 12 and past_the_end["next"] is None
    following = client.get("/api/v1/organisations", params={"q": "deep page", "page_size": 5, "page": 2}).json()
    after_two = client.get(
        "/api/v1/organisations", params={"q": "deep page", "page_size": 5, "cursor": following["next_cursor"]}
    ).json()
    assert [item["id"] for item in after_two["items"]] == whole[10:]
    everyone = [item["id"] for item in client.get("/api/v1/organisations", params={"page_size": 200}).json()["items"]]
    assert _walk(client, {"page_size": 5})[0] == everyone  # no search: seeks in the sort index


@pytest.mark.parametrize("candidates", [5000, 0])
@pytest.mark.parametrize("sort", LIST_SORTS)
def test_status_filter_pages_agree_on_both_paths(
    client: TestClient, db_session: Any, monkeypatch: pytest.MonkeyPatch, candidates: int, sort: str
) -> None:
    """A status filter matching few organisations is paged from the status index's ids (5000), otherwise by
    walking the sort index (0): the same rows, order, totals and cursors either way, other filters still apply."""
    from sqlalchemy import delete

    from app.models.compliance import ComplianceStatus
    from app.organisations import repository
    from app.organisations.imports import import_organisations

    monkeypatch.setattr(repository, "SEARCH_CANDIDATES", candidates)
    assert import_organisations(db_session, TIES_FILE.encode(), "ties.csv").created == 10
    _create(client, name="Tie Outsider Ltd", company_number="TO000001")
    ids = [item["id"] for item in client.get("/api/v1/organisations", params={"page_size": 200}).json()["items"]]
    db_session.execute(delete(ComplianceStatus))  # the statuses computed on import, replaced by known ones
    for number, organisation_id in enumerate(sorted(ids)):
        for year, status in ((2025, "missing" if number % 3 else "late"), (2026, "compliant")):
            db_session.add(
                ComplianceStatus(
                    organisation_id=organisation_id,
                    statement_year=year,
                    regime="uk-guidance",
                    status=status,
                    basis="guidance",
                    inputs_fingerprint="test",
                )
            )
    db_session.commit()
    missing = [i for n, i in enumerate(sorted(ids)) if n % 3]
    params = {"status": "missing", "year": 2025, "regime": "uk-guidance", "sort": sort}
    whole = client.get("/api/v1/organisations", params={**params, "page_size": 200}).json()
    assert sorted(item["id"] for item in whole["items"]) == missing and whole["total"] == len(missing)
    everyone = client.get("/api/v1/organisations", params={"sort": sort, "page_size": 200}).json()["items"]
    assert [item["id"] for item in whole["items"]] == [item["id"] for item in everyone if item["id"] in missing]
    walked, pages = _walk(client, {**params, "page_size": 3})
    assert walked == [item["id"] for item in whole["items"]]
    assert all(page["total"] == len(missing) for page in pages)
    third = client.get("/api/v1/organisations", params={**params, "page_size": 3, "page": 3}).json()
    assert [item["id"] for item in third["items"]] == walked[6:9]
    searched = client.get("/api/v1/organisations", params={**params, "q": "widget"}).json()
    widgets = [item["id"] for item in whole["items"] if "Widget" in item["name"]]
    assert [item["id"] for item in searched["items"]] == widgets and searched["total"] == len(widgets)
    assert client.get("/api/v1/organisations", params={**params, "year": 2024}).json()["total"] == 0
    assert client.get("/api/v1/organisations", params={**params, "status": "compliant", "year": 2026}).json()[
        "total"
    ] == len(ids)


def test_a_cursor_outlives_a_change_to_its_row(client: TestClient) -> None:
    made = {letter: _create(client, name=f"Moving Row {letter} Ltd") for letter in "ABCD"}
    first = client.get("/api/v1/organisations", params={"q": "moving row", "page_size": 2}).json()
    assert [item["name"] for item in first["items"]] == ["Moving Row A Ltd", "Moving Row B Ltd"]
    client.patch(f"/api/v1/organisations/{made['B']['id']}", json={"name": "Moving Row Z Ltd"})
    params = {"q": "moving row", "page_size": 2, "cursor": first["next_cursor"]}
    after = client.get("/api/v1/organisations", params=params)
    assert [item["name"] for item in after.json()["items"]] == ["Moving Row C Ltd", "Moving Row D Ltd"]
    last = client.get(after.json()["next"]).json()
    assert [item["name"] for item in last["items"]] == ["Moving Row Z Ltd"] and last["next"] is None


def test_bad_cursors_get_a_clear_400(client: TestClient) -> None:
    for i in range(3):
        _create(client, name=f"Cursor Check {i} Ltd")
    first = client.get("/api/v1/organisations", params={"q": "cursor check", "page_size": 1, "sort": "name"}).json()
    cursor = first["next_cursor"]
    assert cursor
    for bad in ("not-a-cursor", "W10", cursor[:-3], "eyJhIjoxfQ", "WyJuYW1lIiwiYSIsdHJ1ZV0"):
        response = client.get("/api/v1/organisations", params={"cursor": bad})
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["error"]["code"] == "bad_cursor"
    other_sort = client.get("/api/v1/organisations", params={"cursor": cursor, "sort": "-turnover"})
    assert other_sort.status_code == 400
    assert "sort=name" in other_sort.json()["error"]["message"]
    both = client.get("/api/v1/organisations", params={"cursor": cursor, "page": 2})
    assert both.status_code == 400 and both.json()["error"]["code"] == "bad_cursor"
