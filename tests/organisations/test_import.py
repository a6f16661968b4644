"""Importing organisation files: formats, idempotency, matching, review, and every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.organisations import MatchReview, Organisation, OrganisationAlias
from app.organisations.imports import import_organisations

HOMEOFFICE_HEADER = (
    "OrganisationName,Address1,Address2,Address3,TownCity,County,Country,PostCode,Sector,CompanyNumber,SICCode\n"
)
CH_HEADER = (
    "CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, RegAddress.AddressLine2,"
    "RegAddress.PostTown,RegAddress.County,RegAddress.Country,RegAddress.PostCode,CompanyCategory,CompanyStatus,"
    "CountryOfOrigin,DissolutionDate,IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,"
    "SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,URI,"
    "PreviousName_1.CONDATE, PreviousName_1.CompanyName\n"
)


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def _import(session: Session, text: str | bytes, name: str = "test.csv", **kwargs: object):  # type: ignore[no-untyped-def]
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_organisations(session, data, name, **kwargs)  # type: ignore[arg-type]


def test_homeoffice_rows_are_normalised(db_session: Session) -> None:
    text = HOMEOFFICE_HEADER + (
        '"Acme ""K"" Shipping (UK) Limited",1 High St,,,London,,England,EC1A 1AA,Private,4830352,50200\n'
        "Clyde Partners LLP,2 Low St,,,Glasgow,,Scotland,G1 1AA,Private,SO301234,69201\n"
        "Borsetshire Council,County Hall,,,Borchester,,United Kingdom,BC1 1AA,Public,,1\n"
    )
    report = _import(db_session, text)
    assert report.ok and report.stored and report.created == 3
    acme = db_session.scalars(select(Organisation).where(Organisation.company_number == "04830352")).one()
    assert acme.legal_form == "company" and acme.sector == "Transportation, logistics, and storage"
    llp = db_session.scalars(select(Organisation).where(Organisation.company_number == "SO301234")).one()
    assert llp.legal_form == "llp"
    council = db_session.scalars(select(Organisation).where(Organisation.name == "Borsetshire Council")).one()
    assert council.legal_form == "public_body" and council.sector == "Public sector"
    assert council.scope_status == "unknown"


def test_companies_house_layout_with_former_names_and_year_end(db_session: Session) -> None:
    text = CH_HEADER + (
        '"NEW NAME TRADING LIMITED","SC012345","","","1 Road","","EDINBURGH","","SCOTLAND","EH1 1AA",'
        '"Private Limited Company","Active","United Kingdom","","01/01/2000","31","03",'
        '"47110 - Retail sale in non-specialised stores with food, beverages or tobacco predominating","","","",'
        '"http://business.data.gov.uk/id/company/SC012345","01/01/2010","OLD NAME TRADING LIMITED"\n'
    )
    report = _import(db_session, text, file_format="companies-house")
    assert report.ok, report.problems
    organisation = db_session.scalars(select(Organisation).where(Organisation.company_number == "SC012345")).one()
    assert (organisation.financial_year_end_month, organisation.financial_year_end_day) == (3, 31)
    assert organisation.sic_codes == ["47110"]
    assert organisation.sector == "Food and beverages, agriculture and fishing"
    assert [a.name for a in organisation.aliases] == ["OLD NAME TRADING LIMITED"]
    assert organisation.company_status == "Active"


def test_generic_groups_are_linked_and_aggregated(db_session: Session) -> None:
    text = (
        "name,company_number,turnover,turnover_currency,parent_company_number,financial_year_end,sector\n"
        "Big Group plc,00000001,10000000,GBP,,12-31,Other\n"
        "Big Group UK Ltd,00000002,20000000,GBP,00000001,12-31,Other\n"
        "Big Group Europe BV,00000003,8000000,EUR,00000001,12-31,Other\n"
    )
    report = _import(db_session, text)
    assert report.ok, [str(p) for p in report.problems]
    top = db_session.scalars(select(Organisation).where(Organisation.company_number == "00000001")).one()
    assert top.scope_status == "in_scope"  # 10m + 20m + EUR 8m ≈ £37m
    assert "2 subsidiaries" in (top.scope_reason or "")
    child = db_session.scalars(select(Organisation).where(Organisation.company_number == "00000002")).one()
    assert child.parent_id == top.id and child.scope_status == "out_of_scope"


def test_reimport_changes_nothing(db_session: Session) -> None:
    text = "name,company_number,aliases,turnover\nSame Again Ltd,123,Same Trading,40000000\nNo Number Club,,,\n"
    first = _import(db_session, text)
    assert first.created == 2
    before = db_session.execute(select(Organisation.id, Organisation.updated_at)).all()
    second = _import(db_session, text)
    assert (second.created, second.updated, second.unchanged, second.review) == (0, 0, 2, 0)
    assert db_session.execute(select(Organisation.id, Organisation.updated_at)).all() == before
    assert db_session.scalar(select(func.count()).select_from(OrganisationAlias)) == 1


def test_update_by_identifier_keeps_old_name_as_former(db_session: Session) -> None:
    _import(db_session, "name,company_number\nBefore Rename Ltd,00000777\n")
    report = _import(db_session, "name,company_number,turnover\nAfter Rename Ltd,777,50000000\n")
    assert (report.created, report.updated) == (0, 1)
    organisation = db_session.scalars(select(Organisation).where(Organisation.company_number == "00000777")).one()
    assert organisation.name == "After Rename Ltd" and organisation.scope_status == "in_scope"
    assert [(a.name, a.kind) for a in organisation.aliases] == [("Before Rename Ltd", "former")]


def test_name_matching_folds_legal_suffixes_and_ampersand(db_session: Session) -> None:
    _import(db_session, "name\nSmith & Jones Limited\n")
    report = _import(db_session, "name,website\nThe Smith and Jones Ltd,smithjones.example\n")
    assert (report.created, report.updated) == (0, 1)


def test_uncertain_match_goes_to_review_not_merged(db_session: Session) -> None:
    _import(db_session, "name\nGreenfield Logistics Limited\n")
    report = _import(db_session, "name\nGreenfeld Logistics Ltd\n")
    assert (report.created, report.updated, report.review) == (0, 0, 1)
    review = db_session.scalars(select(MatchReview)).one()
    assert review.incoming_name == "Greenfeld Logistics Ltd" and review.status == "open"
    assert _count(db_session) == 1
    _import(db_session, "name\nGreenfeld Logistics Ltd\n")
    assert db_session.scalar(select(func.count()).select_from(MatchReview)) == 1


def test_different_company_numbers_are_different_organisations(db_session: Session) -> None:
    _import(db_session, "name,company_number\nOrion Services Ltd,00000010\n")
    report = _import(db_session, "name,company_number\nOrion Services Ltd,00000011\n")
    assert report.created == 1 and report.review == 0


def test_review_resolution_through_api(client, db_session: Session, admin_token: str) -> None:  # type: ignore[no-untyped-def]
    client.headers["Authorization"] = f"Bearer {admin_token}"  # the review list is for register editors
    _import(db_session, "name\nRiverside Foods Limited\n")
    _import(db_session, "name,company_number\nRiverside Food Ltd,00004242\n")
    review = client.get("/api/v1/match-reviews").json()[0]
    merged = client.post(f"/api/v1/match-reviews/{review['id']}/resolve", json={"decision": "merge"})
    assert merged.status_code == 200 and merged.json()["status"] == "merged"
    candidate = client.get(f"/api/v1/organisations/{review['candidate_id']}").json()
    assert candidate["company_number"] == "00004242"
    assert client.post(f"/api/v1/match-reviews/{review['id']}/resolve", json={"decision": "merge"}).status_code == 409


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"name,company_number\n", "no data rows"),
        (b"colour,shape\nred,round\n", "cannot tell the format"),
        (b'name,company_number\n"Unclosed quote Ltd,123\n', "malformed CSV"),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_bad_files_store_nothing(db_session: Session, content: bytes, expected: str) -> None:
    report = _import(db_session, content, "bad.csv")
    assert not report.stored
    assert any(expected in str(p) for p in report.problems), [str(p) for p in report.problems]
    assert _count(db_session) == 0


def test_missing_column_names_the_column(db_session: Session) -> None:
    report = _import(
        db_session,
        HOMEOFFICE_HEADER.replace("CompanyNumber,", "") + "A Ltd,1,,,L,,E,P,Private,1\n",
        file_format="homeoffice",
    )
    assert report.problems[0].field == "companynumber" and "missing required column" in report.problems[0].reason


def test_row_problems_name_file_line_field_and_reason(db_session: Session) -> None:
    text = (
        "name,company_number,turnover,financial_year_end,legal_form\n"
        "Good One Ltd,1,,,\n"
        "Bad Number Ltd,12345678901,,,\n"
        "Bad Money Ltd,2,lots,,\n"
        "Bad Year End Ltd,3,,02-30,\n"
        "Bad Form Ltd,4,,,corporation\n"
        ",5,,,\n"
        "Good One Ltd,00000001,,,\n"
        "Too,Many,Fields,Here,x,y\n"
    )
    report = _import(db_session, text, "register.csv")
    got = {(p.line, p.field) for p in report.problems}
    assert got == {
        (3, "company_number"),
        (4, "turnover"),
        (5, "financial_year_end"),
        (6, "legal_form"),
        (7, "name"),
        (8, "company_number"),
        (9, None),
    }
    assert str(report.problems[0]).startswith("register.csv:3: company_number:")
    assert not report.stored and _count(db_session) == 0


def test_partial_stores_good_rows_and_dry_run_stores_nothing(db_session: Session) -> None:
    text = "name,company_number\nGood Ltd,1\nBad Ltd,XYZ\n"
    dry = _import(db_session, text, dry_run=True, partial=True)
    assert dry.created == 1 and not dry.stored and _count(db_session) == 0
    partial = _import(db_session, text, partial=True)
    assert partial.stored and partial.created == 1 and len(partial.problems) == 1
    assert _count(db_session) == 1


def test_wrong_encoding_is_detected_not_garbled(db_session: Session) -> None:
    text = "name\nCafé Crème Ltd\nSmith’s Bakery Ltd\n"
    report = _import(db_session, text.encode("cp1252"))
    assert report.ok and report.encoding == "cp1252"
    names = set(db_session.scalars(select(Organisation.name)))
    assert names == {"Café Crème Ltd", "Smith’s Bakery Ltd"}


def test_unknown_parent_and_cycles_are_problems(db_session: Session) -> None:
    report = _import(db_session, "name,company_number,parent_company_number\nChild Ltd,1,99\n")
    assert report.problems[0].field == "parent_company_number" and "not found" in report.problems[0].reason
    cycle = _import(db_session, "name,company_number,parent_company_number\nA Ltd,1,2\nB Ltd,2,1\n")
    assert any("cycle" in p.reason for p in cycle.problems)
    assert _count(db_session) == 0


@pytest.mark.shared_data
def test_homeoffice_registry_file_imports_and_reimports_unchanged(db_session: Session, shared_data: Path) -> None:
    data = (shared_data / "homeoffice-registry" / "MSU-ImportPrivateOrganisations.csv").read_bytes()
    first = import_organisations(db_session, data, "MSU-ImportPrivateOrganisations.csv")
    assert first.ok, [str(p) for p in first.problems[:5]]
    assert first.created == 16212
    second = import_organisations(db_session, data, "MSU-ImportPrivateOrganisations.csv")
    assert (second.created, second.updated, second.unchanged, second.review) == (0, 0, 16212, 0)
    assert _count(db_session) == 16212


def test_small_import_brings_compliance_statuses_with_it(db_session: Session) -> None:
    from app.models.compliance import ComplianceStatus

    text = "name,company_number,turnover,financial_year_end\nStatus Follows Ltd,4444,50000000,03-31\n"
    report = _import(db_session, text)
    assert report.compliance.startswith("statuses recomputed for 1 ")
    organisation_id = db_session.scalars(select(Organisation.id).where(Organisation.company_number == "00004444")).one()
    query = select(ComplianceStatus).where(ComplianceStatus.organisation_id == organisation_id)
    statuses = db_session.scalars(query).all()
    assert statuses and {s.status for s in statuses} <= {"missing", "not_due", "late", "scope_unknown"}


GROUP_FILE = (
    "name,company_number,jurisdiction,aliases,former_names,trading_names,turnover,turnover_currency,"
    "turnover_period_end,sic_codes,parent_company_number,parent_name,financial_year_end,legal_form\n"
    "Bulk Holdings plc,00100001,UK,,Old Bulk plc,,90000000,GBP,2025-03-31,64209,,,03-31,company\n"
    "Bulk Retail Ltd,00100002,UK,Bulk Shops,,Bulk Direct,20000000,GBP,2025-03-31,47110;47190,00100001,,03-31,\n"
    "Bulk Logistics Ltd,00100003,UK,,,,,,,,00100002,,,\n"
    "Bulk Pty Ltd,,AU,,,,150000000,AUD,2024-06-30,,,,06-30,\n"
    "Bulk Canada Inc,BC998877,CA,,,,,,,,,Bulk Pty Ltd,,\n"
    "Standalone Trust,,UK,,,,,,,,,,,charity\n"
)


def _register_contents(session: Session) -> dict[str, object]:
    """What an import stored, keyed by names rather than ids (ids come from sequences)."""
    from app.models.organisations import OrganisationSearchToken

    names: dict[int, str] = {i: n for i, n in session.execute(select(Organisation.id, Organisation.name))}
    skip = {"id", "parent_id", "created_at", "updated_at"}
    columns = [c for c in Organisation.__table__.columns if c.name not in skip]
    organisations = sorted(
        (*row[2:-1], names.get(row[1]), row[0] == row[-1])
        for row in session.execute(
            select(Organisation.created_at, Organisation.parent_id, *columns, Organisation.updated_at)
        )
    )
    aliases = sorted(
        (names[org_id], name, key, kind)
        for org_id, name, key, kind in session.execute(
            select(
                OrganisationAlias.organisation_id,
                OrganisationAlias.name,
                OrganisationAlias.name_key,
                OrganisationAlias.kind,
            )
        )
    )
    token_rows = session.execute(select(OrganisationSearchToken.token, OrganisationSearchToken.organisation_id))
    tokens = sorted((token, names[org_id]) for token, org_id in token_rows)
    return {"organisations": organisations, "aliases": aliases, "tokens": tokens}


def _index_catalogue(session: Session) -> list[tuple[str, ...]]:
    """Every index and key of the register's tables, as the database describes them."""
    if session.get_bind().dialect.name == "postgresql":
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('organisations', "
            "'organisation_search_tokens') UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid IN ('organisations'::regclass, 'organisation_search_tokens'::regclass) ORDER BY 1, 2"
        )
    else:
        query = (
            "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name IN ('organisations', 'organisation_search_tokens') ORDER BY 1"
        )
    return [tuple(row) for row in session.connection().exec_driver_sql(query).all()]


def test_bulk_load_stores_what_a_row_by_row_load_stores(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.organisations import import_apply

    catalogue = _index_catalogue(db_session)
    savepoint = db_session.begin_nested()
    report = _import(db_session, GROUP_FILE)
    assert report.ok and report.created == 6, [str(p) for p in report.problems]
    row_by_row = _register_contents(db_session)
    savepoint.rollback()

    monkeypatch.setattr(import_apply, "BULK_LOAD_MIN", 1)  # the 100,000-row path on a six-row file
    assert import_apply.bulk_load_worthwhile(6, 0) and not import_apply.bulk_load_worthwhile(6, 7)
    savepoint = db_session.begin_nested()
    report = _import(db_session, GROUP_FILE)
    assert report.ok and report.created == 6
    bulk = _register_contents(db_session)
    assert _index_catalogue(db_session) == catalogue  # every index and key rebuilt as it was
    assert bulk == row_by_row
    assert {token for token, name in bulk["tokens"] if name == "Bulk Retail Ltd"} == {
        "bulk",
        "retail",
        "shops",
        "direct",
    }
    again = _import(db_session, GROUP_FILE)  # the register is no longer smaller than the file: row by row
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert _register_contents(db_session) == bulk
    savepoint.rollback()
