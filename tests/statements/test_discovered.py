"""Discovery results recorded: statement versions, 'last seen', removal, group coverage, homepage-link evidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.discovery.fetcher import FetchResult
from app.discovery.result import BrokenLink, DiscoveryResult, HomepageLink
from app.models import DiscoveryCheck, StatementVersion
from app.statements.service import record_discovery
from tests.statements.conftest import statement_pdf

HOME = "https://acme.test/"
PDF_URL = "https://acme.test/modern-slavery-statement-2024.pdf"
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def found(body: bytes, at: datetime = T0, url: str = PDF_URL, home: str = HOME) -> DiscoveryResult:
    homepage = FetchResult(
        url=home, status=200, headers={"content-type": "text/html"}, body=b"<html>home</html>", fetched_at=at
    )
    statement = FetchResult(url=url, status=200, headers={"content-type": "application/pdf"}, body=body, fetched_at=at)
    link = HomepageLink(True, True, True, "Modern Slavery Statement", url, "footer", ["Modern Slavery Statement"])
    return DiscoveryResult(
        url=home,
        outcome="found",
        statement_url=url,
        statement_kind="pdf",
        found_via="homepage",
        homepage_url=home,
        homepage_link=link,
        history=["https://acme.test/msa-2023.pdf"],
        requests=3,
        documents=[homepage, statement],
    )


def test_found_statement_becomes_a_versioned_statement_with_evidence(db_session, store, make_organisation) -> None:
    acme = make_organisation("Acme Ltd", HOME)
    recorded = record_discovery(db_session, acme, found(statement_pdf("Acme Ltd")), store)
    statement = recorded.statement
    assert statement is not None and recorded.new_version and statement.publisher_id == acme.id
    assert [c.source for c in statement.coverage] == ["publisher"]
    version = statement.versions[0]
    assert version.version_no == 1 and version.is_statement and "section 54" in version.text
    assert store.has(version.document_sha256)
    check = db_session.scalars(select(DiscoveryCheck).where(DiscoveryCheck.organisation_id == acme.id)).one()
    assert (check.link_found, check.link_prominent, check.link_location) == (True, True, "footer")
    assert check.history == ["https://acme.test/msa-2023.pdf"] and check.statement_id == statement.id
    assert statement.declared["homepage_link"] is True  # the fact the rules engine's homepage_link rule reads
    assert statement.declared["homepage_links"][str(acme.id)]["location"] == "footer"


def test_buried_link_is_handed_on_as_not_prominent(db_session, store, make_organisation) -> None:
    acme = make_organisation("Acme Ltd", HOME)
    result = found(statement_pdf("Acme Ltd"))
    result.homepage_link = HomepageLink(
        True, False, False, "Modern Slavery Statement", PDF_URL, "body", ["Legal", "Modern Slavery Statement"]
    )
    statement = record_discovery(db_session, acme, result, store).statement
    assert statement is not None and statement.declared["homepage_link"] is False


def test_same_bytes_only_move_last_seen_and_changed_bytes_are_a_new_version(db_session, store, make_organisation):
    acme = make_organisation("Acme Ltd", HOME)
    body = statement_pdf("Acme Ltd")
    first = record_discovery(db_session, acme, found(body), store).statement
    again = record_discovery(db_session, acme, found(body, T0 + timedelta(days=7)), store)
    assert not again.new_version and again.statement is first
    assert first.versions[0].last_seen_at == T0 + timedelta(days=7) and len(first.versions) == 1
    changed = record_discovery(db_session, acme, found(statement_pdf("Acme Ltd", 2025), T0 + timedelta(days=60)), store)
    assert changed.new_version and [v.version_no for v in first.versions] == [1, 2]
    assert "2025" in first.versions[1].text and "2024" in first.versions[0].text


def test_vanished_statement_is_removed_and_its_versions_stay(db_session, store, make_organisation) -> None:
    acme = make_organisation("Acme Ltd", HOME)
    statement = record_discovery(db_session, acme, found(statement_pdf("Acme Ltd")), store).statement
    assert statement is not None
    broken = DiscoveryResult(
        url=HOME,
        outcome="broken_link",
        homepage_url=HOME,
        broken_links=[BrokenLink("Modern Slavery Statement", PDF_URL, 404, "http", True)],
    )
    recorded = record_discovery(db_session, acme, broken, store)
    assert recorded.removed == [statement] and statement.state == "removed" and statement.removed_at is not None
    assert db_session.scalars(select(StatementVersion).where(StatementVersion.statement_id == statement.id)).all()
    record_discovery(db_session, acme, found(statement_pdf("Acme Ltd")), store)
    assert statement.state == "current" and statement.removed_at is None


def test_unreachable_site_does_not_remove_anything(db_session, store, make_organisation) -> None:
    acme = make_organisation("Acme Ltd", HOME)
    statement = record_discovery(db_session, acme, found(statement_pdf("Acme Ltd")), store).statement
    record_discovery(db_session, acme, DiscoveryResult(url=HOME, outcome="unreachable"), store)
    assert statement is not None and statement.state == "current"


def test_group_statement_covers_the_subsidiaries_it_names(db_session, store, make_organisation) -> None:
    group = make_organisation("Harbour Group plc", "https://harbour-group.test/")
    named = make_organisation("Harbour Retail Ltd", "https://harbour-retail.test/", parent_id=group.id)
    unnamed = make_organisation("Harbour Logistics Ltd", "https://harbour-logistics.test/", parent_id=group.id)
    db_session.refresh(group)
    body = statement_pdf("Harbour Group plc", covered=["Harbour Group plc", "Harbour Retail Ltd"])
    url = "https://harbour-group.test/msa-2024.pdf"
    result = found(body, url=url, home="https://harbour-retail.test/")
    statement = record_discovery(db_session, named, result, store).statement
    assert statement is not None and statement.publisher_id == group.id
    sources = {c.organisation_id: c.source for c in statement.coverage}
    assert sources == {group.id: "publisher", named.id: "named_in_text"} and unnamed.id not in sources
