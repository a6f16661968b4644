"""A small register with statements covering every status, recomputed under the UK guidance regime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.compliance.recompute import recompute_all
from app.compliance.regimes import get_regime
from app.models.organisations import Organisation
from tests.compliance.factories import add_assessment, add_fetch, add_organisation, add_statement, homepage_facts

TODAY = date(2026, 11, 22)


@dataclass
class Scenario:
    """The organisations of the scenario by role."""

    compliant: Organisation
    missing: Organisation
    incomplete: Organisation
    subsidiary: Organisation
    out_of_scope: Organisation
    unknown: Organisation
    formula: Organisation


@pytest.fixture()
def scenario(db_session: Session) -> Scenario:
    """Seven organisations: compliant, missing, incomplete two years running, a covered subsidiary, out of scope,
    scope unknown, and one whose name is a spreadsheet formula."""
    s = db_session
    compliant = add_organisation(s, "Acme Retail plc", company_number="00000001")
    missing = add_organisation(s, "Bramble Foods Ltd", company_number="00000002", sector="Food and beverage")
    incomplete = add_organisation(
        s, "Cobalt Builders Ltd", company_number="00000003", sector="Construction", turnover_amount=700_000_000
    )
    subsidiary = add_organisation(s, "Acme Stores Ltd", company_number="00000004", parent_id=compliant.id)
    out = add_organisation(
        s,
        "Dandelion Crafts Ltd",
        company_number="00000005",
        scope_status="out_of_scope",
        scope_reason="Turnover of £2m is below £36m.",
        turnover_amount=2_000_000,
    )
    unknown = add_organisation(
        s,
        "Elm Holdings Ltd",
        company_number="00000006",
        scope_status="unknown",
        turnover_amount=None,
        scope_reason="No turnover is known.",
    )
    formula = add_organisation(s, '=HYPERLINK("http://evil.example","x")', company_number="00000007")
    for year_end in (date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31)):
        _, version = add_statement(
            s,
            compliant,
            covers=(subsidiary,),
            period_end=year_end,
            seen=date(year_end.year + 1, 3, 1),
            facts=homepage_facts(),
        )
        add_assessment(s, version)
    for year_end in (date(2023, 12, 31), date(2024, 12, 31)):
        _, version = add_statement(
            s, incomplete, period_end=year_end, seen=date(year_end.year + 1, 4, 1), facts=homepage_facts()
        )
        add_assessment(s, version, ("approval", "law"))
    add_fetch(s, missing, date(2025, 9, 1))
    recompute_all(s, get_regime("uk-guidance"), TODAY)
    return Scenario(compliant, missing, incomplete, subsidiary, out, unknown, formula)


@pytest.fixture()
def client(client, db_session: Session):  # type: ignore[no-untyped-def]
    """The shared client acting as an administrator, r.jones@example.org, through a bearer token: staff routes
    need a signed-in caller, and the case trail records that user as the actor."""
    from app.accounts import service as accounts

    user = accounts.create_user(db_session, "r.jones@example.org", "correct horse battery", "admin")
    raw, _ = accounts.create_api_token(db_session, user, "compliance tests", "admin", actor=user)
    client.headers["Authorization"] = f"Bearer {raw}"
    return client
