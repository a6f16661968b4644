"""The outcome of each statement address an organisation gave, as its users and the regulator read it: asked
through the form, looked at by the real crawl job on a simulated web, then shown in plain words."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.jobs.context import JobContext
from app.jobs.runner import run_job
from app.models.accounts import OrganisationClaim, RediscoveryRequest, User
from app.models.organisations import Organisation
from app.organisations.normalise import name_key
from app.simweb.server import SimWebServer
from app.web.rediscovery import describe
from tests.jobs.conftest import context, sessions  # noqa: F401  (the fixtures, reused)
from tests.web.conftest import SignedIn
from tests.web.pages import page, table_rows, text


@pytest.fixture(scope="module")
def simweb() -> Iterator[SimWebServer]:
    """Two organisation websites: one with a statement PDF, one whose robots.txt bans crawlers."""
    with SimWebServer(sites=2, seed=7, scenarios=["footer_pdf", "robots_ban"]) as server:
        yield server


def test_each_address_given_shows_when_it_was_asked_for_looked_at_and_what_happened(
    web: TestClient, db_session: Session, context: JobContext, simweb: SimWebServer,  # noqa: F811
    make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],
    approved_claim: Callable[[User, Organisation], OrganisationClaim],
) -> None:
    organisation = Organisation(name="Given Url Ltd", name_key=name_key("Given Url Ltd"), scope_status="in_scope")
    db_session.add(organisation)
    db_session.flush()
    user = make_user("organisation")
    approved_claim(user, organisation)
    owner = sign_in(user)
    footer = next(s for s in simweb.web.organisations if s.scenario == "footer_pdf")
    banned = next(s for s in simweb.web.organisations if s.scenario == "robots_ban")
    given = [footer.truth.statement_url, footer.url("/no-such-statement.pdf"), banned.url("/modern-slavery.pdf"),
             footer.url("/")]
    mine = f"/account/organisations/{organisation.id}"
    for url in given:
        sent = web.post(f"{mine}/statement-url", data={"csrf_token": owner.csrf, "url": url}, headers=owner.headers)
        assert sent.status_code == 200

    waiting = table_rows(page(web.get(mine, headers=owner.headers)), "The statement addresses you gave")
    assert [row[0] for row in waiting] == given[::-1]  # newest first
    assert all(row[2] == "Not yet" and row[3].startswith("Waiting We have not looked at this address yet")
               for row in waiting)

    assert run_job("discovery.crawl_due", context).summary["requests"] == {"done": 1, "failed": 3}
    db_session.expire_all()
    soup = page(web.get(mine, headers=owner.headers))
    rows = {row[0]: row for row in table_rows(soup, "The statement addresses you gave")}
    assert all(row[2] != "Not yet" and row[2].endswith("UTC") for row in rows.values())
    assert rows[given[0]][3] == ("Statement found We found a modern slavery statement at this address and saved a "
                                 "copy. We had not seen this version of it before.")
    assert rows[given[1]][3].startswith("Address did not work The website did not give us a page at this address "
                                        "(HTTP 404).")
    assert rows[given[2]][3].startswith("Not allowed to read The website’s robots.txt file asks crawlers not to read")
    assert rows[given[3]][3].startswith("Not a statement We read the page at this address, but it does not look like "
                                        "a modern slavery statement")
    assert not any(word in text(soup) for word in ("broken_link", "blocked_by_robots", "not_found"))

    again = web.post(f"{mine}/statement-url", data={"csrf_token": owner.csrf, "url": given[0]}, headers=owner.headers)
    assert again.status_code == 200
    run_job("discovery.crawl_due", context)
    db_session.expire_all()
    regulator = sign_in(make_user("regulator"))
    staff = page(web.get(f"/regulator/organisations/{organisation.id}", headers=regulator.headers))
    seen = table_rows(staff, "Addresses given by the organisation’s users")
    assert len(seen) == 5 and seen[0][0] == given[0]
    assert seen[0][3].endswith("It had not changed since we last saw it.")
    assert [row[3].split(" We")[0].split(" The")[0] for row in seen[1:]] == [
        "Not a statement", "Not allowed to read", "Address did not work", "Statement found"]


def test_requests_in_other_states_read_plainly() -> None:
    def said(status: str, outcome: str | None = None) -> tuple[str, str, str]:
        return describe(RediscoveryRequest(status=status, outcome=outcome))

    assert said("in_progress")[:2] == ("Looking now", "blue")
    assert said("failed") == ("Not found", "red", "We could not use this address; no reason was recorded.")
    assert said("failed", "unreachable: refused to fetch a non-public address")[2] == (
        "We could not reach the website at this address (refused to fetch a non-public address). If the address is "
        "right, send it again later.")
    assert said("failed", "found: the statement could not be stored")[2] == (
        "We could not use this address: the statement could not be stored.")


def test_an_organisation_without_requests_says_so_to_the_regulator(
    web: TestClient, db_session: Session, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],
) -> None:
    organisation = Organisation(name="Quiet Ltd", name_key="quiet", scope_status="in_scope")
    db_session.add(organisation)
    db_session.flush()
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get(f"/regulator/organisations/{organisation.id}", headers=regulator.headers))
    assert "The organisation has not given a statement address." in text(soup)
