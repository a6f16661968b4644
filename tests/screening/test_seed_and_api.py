"""Seeding and importing are idempotent; the API reads, writes (admin only) and screens."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.screening import OrderStatusEvent
from app.screening.order_file import parse_order_csv
from app.screening.seed import seed_orders
from app.screening.service import import_orders


def test_seeding_twice_changes_nothing(db_session: Session) -> None:
    assert seed_orders(db_session)["created"] == 14
    events = db_session.scalar(select(func.count()).select_from(OrderStatusEvent))
    assert seed_orders(db_session) == {"created": 0, "updated": 0, "unchanged": 14}
    assert db_session.scalar(select(func.count()).select_from(OrderStatusEvent)) == events


def test_the_shared_csv_agrees_with_the_seed(seeded: Session, shared_data: Path) -> None:
    path = shared_data / "withhold-release-orders.csv"
    specs, fields = parse_order_csv(path.read_bytes(), str(path))
    assert import_orders(seeded, specs, fields) == {"created": 0, "updated": 0, "unchanged": 14}


def test_read_orders_with_active_on(client: TestClient, seeded: Session) -> None:
    everything = client.get("/api/v1/screening/orders").json()
    assert len(everything) == 14
    active = client.get("/api/v1/screening/orders", params={"active_on": "2022-06-01"}).json()
    assert len(active) == 12 and all(order["status"] == "active" for order in active)
    one = client.get(f"/api/v1/screening/orders/{active[0]['id']}").json()
    assert one["status_events"] and "not UK law" in one["basis"]
    assert client.get("/api/v1/screening/orders/999999").status_code == 404


NEW_ORDER = {
    "name": "Acme Rubber Sdn Bhd",
    "aliases": ["Acme Rubber"],
    "country": "Malaysia",
    "products": "Gloves",
    "product_terms": ["gloves"],
    "issued_date": "2024-05-01",
}


def test_writes_need_an_administrator(client: TestClient, db_session: Session) -> None:
    from app.accounts import service

    anonymous = client.post("/api/v1/screening/orders", json=NEW_ORDER)
    assert anonymous.status_code == 401
    regulator = service.create_user(db_session, "regulator@example.org", "correct horse battery", "regulator")
    raw, _ = service.create_api_token(db_session, regulator, "tests", "regulator", actor=regulator)
    refused = client.post("/api/v1/screening/orders", json=NEW_ORDER, headers={"Authorization": f"Bearer {raw}"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_admin_creates_updates_and_dates_an_order(client: TestClient, admin_token: str) -> None:
    bad = client.post("/api/v1/screening/orders", json=NEW_ORDER, headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    headers = {"Authorization": f"Bearer {admin_token}"}
    created = client.post("/api/v1/screening/orders", json=NEW_ORDER, headers=headers)
    assert created.status_code == 201, created.text
    order = created.json()
    assert order["reference"] == "cbp-wro-2024-05-01-acme-rubber-sdn-bhd" and order["status"] == "active"
    assert client.post("/api/v1/screening/orders", json=NEW_ORDER, headers=headers).status_code == 409
    patched = client.patch(
        f"/api/v1/screening/orders/{order['id']}", json={"subsidiaries": ["Acme Latex Sdn Bhd"]}, headers=headers
    ).json()
    assert patched["subsidiaries"] == ["Acme Latex Sdn Bhd"] and patched["aliases"] == ["Acme Rubber"]
    event = {"status": "lifted", "effective_date": "2025-02-01", "note": "Order lifted"}
    assert (
        client.post(f"/api/v1/screening/orders/{order['id']}/status-events", json=event, headers=headers).status_code
        == 201
    )
    assert (
        client.post(f"/api/v1/screening/orders/{order['id']}/status-events", json=event, headers=headers).status_code
        == 409
    )
    before = client.get(f"/api/v1/screening/orders/{order['id']}", params={"as_of": "2025-01-31"}).json()
    after = client.get(f"/api/v1/screening/orders/{order['id']}", params={"as_of": "2025-02-01"}).json()
    assert (before["status"], after["status"]) == ("active", "inactive")
    screened = client.post(
        "/api/v1/screening/suppliers",
        json={"as_of": "2024-06-01", "suppliers": [{"name": "Acme Latex Sdn. Bhd.", "country": "MY"}]},
    ).json()
    assert screened["results"][0]["verdict"] == "match" and screened["results"][0]["order_status"] == "active"


def test_screen_by_upload_and_json(client: TestClient, seeded: Session) -> None:
    files = {"file": ("suppliers.csv", b"Supplier Name,Country\nTop Glove Bhd,Malaysia\nAcme,UK\n", "text/csv")}
    upload = client.post("/api/v1/screening/suppliers/upload", files=files, data={"as_of": "2021-01-01"})
    assert upload.status_code == 200, upload.text
    body = upload.json()
    assert body["counts"] == {"match": 1, "possible": 0, "none": 1} and "not UK law" in body["basis"]
    assert body["results"][0]["order_status"] == "active"
    rows = client.post("/api/v1/screening/suppliers", json={"suppliers": [{"name": "Hoshine Silicon"}]}).json()
    assert rows["results"][0]["verdict"] == "match"


def test_upload_errors_are_clear_4xx(client: TestClient, seeded: Session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.config import get_settings

    bad = client.post("/api/v1/screening/suppliers/upload", files={"file": ("s.csv", b"supplier\nA\n", "text/csv")})
    assert bad.status_code == 422 and "missing required column 'country'" in bad.json()["error"]["message"]
    empty = client.post("/api/v1/screening/suppliers/upload", files={"file": ("s.csv", b"", "text/csv")})
    assert empty.status_code == 422 and "is empty" in empty.json()["error"]["message"]
    latin = client.post(
        "/api/v1/screening/suppliers/upload",
        files={"file": ("s.csv", "name,country\nZürich,CH\n".encode("latin-1"), "text/csv")},
    )
    assert latin.status_code == 422 and "not UTF-8" in latin.json()["error"]["message"]
    monkeypatch.setenv("MST_SCREENING_MAX_FILE_BYTES", "1000")
    get_settings.cache_clear()
    big = client.post(
        "/api/v1/screening/suppliers/upload", files={"file": ("s.csv", b"name,country\n" + b"A,UK\n" * 400, "text/csv")}
    )
    assert big.status_code == 413 and big.json()["error"]["code"] == "file_too_large"


def test_screen_text_endpoint(client: TestClient, seeded: Session) -> None:
    response = client.post(
        "/api/v1/screening/text",
        json={"text": "We source tomatoes from Xinjiang. We also use Top Glove gloves.", "as_of": "2022-01-01"},
    )
    hits = response.json()["hits"]
    assert [(h["kind"], h["product"], h["order_status"]) for h in hits] == [
        ("region", "tomato", "active"),
        ("entity", None, "inactive"),
    ]


def test_empty_register_refuses_to_screen(client: TestClient) -> None:
    response = client.post("/api/v1/screening/suppliers", json={"suppliers": [{"name": "A"}]})
    assert response.status_code == 422 and "register is empty" in response.json()["error"]["message"]


def test_admin_imports_orders_by_upload(client: TestClient, admin_token: str) -> None:
    csv = (
        b"issued_on,entity,aliases,country,products,action,status,status_changed_on,status_note\n"
        b"2024-01-02,Acme Rubber Sdn Bhd,Acme Rubber,Malaysia,Gloves,WRO,inactive,2025-01-01,Order lifted\n"
    )
    files = {"file": ("orders.csv", csv, "text/csv")}
    assert client.post("/api/v1/screening/orders/import", files=files).status_code == 401
    auth = {"Authorization": f"Bearer {admin_token}"}
    first = client.post("/api/v1/screening/orders/import", files=files, headers=auth)
    again = client.post("/api/v1/screening/orders/import", files=files, headers=auth)
    assert first.json()["counts"]["created"] == 1 and again.json()["counts"]["unchanged"] == 1
    order = client.get("/api/v1/screening/orders", params={"active_on": "2024-06-01"}).json()
    assert [o["name"] for o in order] == ["Acme Rubber Sdn Bhd"]
    assert client.get("/api/v1/screening/orders", params={"active_on": "2025-01-01"}).json() == []
    bad = client.post(
        "/api/v1/screening/orders/import",
        files={"file": ("orders.csv", b"entity,country\nAcme,MY\n", "text/csv")},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert bad.status_code == 422 and "missing required column 'issued_on'" in bad.json()["error"]["message"]


def test_events_before_the_issue_date_are_refused(client: TestClient, admin_token: str) -> None:
    early = {**NEW_ORDER, "events": [{"status": "lifted", "effective_date": "2024-01-01"}]}
    response = client.post("/api/v1/screening/orders", json=early, headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 422 and "before the order was issued" in response.json()["error"]["message"]
    assert (
        client.patch(
            "/api/v1/screening/orders/424242", json={"name": "X"}, headers={"Authorization": f"Bearer {admin_token}"}
        ).status_code
        == 404
    )
