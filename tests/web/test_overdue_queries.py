"""The overdue list's queries return exactly what a plain join, filter, sort and page returns, whichever way they
take: organisations walked in sort order or each match looked up, name words read from the word index directly."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.compliance.recompute import refresh_summaries
from app.models.compliance import ComplianceStatus
from app.models.organisations import Organisation, OrganisationAlias
from app.organisations.normalise import name_key
from app.organisations.repository import OrganisationFilter
from app.organisations.repository import filtered as organisation_filter
from app.organisations.sectors import REGISTRY_SECTORS
from app.web import compliance_queries
from app.web.compliance_queries import SORTS, StatusFilter, status_page

REGIME = "uk-guidance"
WORDS = ("harbour", "meadow", "cobalt", "bramble", "cobble")
KINDS = ("retail", "foods", "builders", "holdings")
STATUSES = ("compliant", "late", "incomplete", "missing", "missing", "not_due")
BANDS = ("under_36m", "36m_60m", "over_500m", "unknown")
SECTORS = REGISTRY_SECTORS[:3]
PAGE_SIZE = 9
# (status, turnover band, sector, name search, year): every filter alone and together, word and number searches.
FILTERS = (
    ((), None, None, None, 2025),
    (("missing",), None, None, None, 2025),
    (("late", "incomplete"), None, None, None, 2025),
    ((), "over_500m", None, None, 2025),
    ((), None, SECTORS[1], None, 2025),
    (("missing",), "over_500m", None, None, 2025),
    ((), "36m_60m", SECTORS[0], None, 2025),
    ((), None, None, "cobalt", 2025),
    ((), None, None, "cob", 2025),
    ((), None, None, "harbour retail", 2025),
    ((), None, None, "Harbour Retail Limited", 2025),
    ((), None, None, "formerly", 2025),
    ((), None, None, "00000012", 2025),
    ((), None, None, "limited", 2025),
    ((), None, None, "nothing matches", 2025),
    (("missing",), "under_36m", None, "cobalt", 2025),
    ((), None, None, None, 2024),
)


@pytest.fixture()
def register(db_session: Session) -> None:
    """Organisations with shared name words, an alias, equal and unknown turnovers, and statuses in two years and
    two regimes, with equal and unknown deadlines."""
    rng = random.Random(11)
    organisations = []
    for n in range(1, 181):
        name = f"{rng.choice(WORDS).title()} {rng.choice(KINDS).title()} {n} Limited"
        turnover = rng.choice((None, Decimal(40_000_000), Decimal(rng.randint(1, 900) * 1_000_000)))
        organisations.append(Organisation(
            name=name, name_key=name_key(name), jurisdiction="UK", legal_form="company", company_number=f"{n:08d}",
            sector=rng.choice(SECTORS), turnover_amount=turnover, turnover_currency="GBP",
            scope_status="unknown" if turnover is None else "in_scope",
        ))
    db_session.add_all(organisations)
    db_session.flush()
    db_session.add(OrganisationAlias(organisation_id=organisations[5].id, name="Formerly Known Traders",
                                     name_key=name_key("Formerly Known Traders"), kind="former"))
    for regime, year in ((REGIME, 2025), (REGIME, 2024), ("other-regime", 2025)):
        for organisation in organisations:
            if rng.random() < 0.1:
                continue  # not every organisation has a status every year
            deadline = rng.choice((date(year, 6, 30), date(year, 6, 30), date(year, 3, 31), date(year, 9, 30), None))
            db_session.add(ComplianceStatus(
                organisation_id=organisation.id, statement_year=year, regime=regime, status=rng.choice(STATUSES),
                basis="guidance", sector=rng.choice(SECTORS), turnover_band=rng.choice(BANDS), deadline=deadline,
                inputs_fingerprint="test",
            ))
    db_session.flush()
    refresh_summaries(db_session, REGIME, [2024, 2025])
    db_session.flush()


def plain(session: Session, filters: StatusFilter, sort: str, page: int) -> tuple[list[int], int]:
    """The reference: one join, the register's own name filter, the sort, OFFSET and LIMIT."""
    c = ComplianceStatus
    query = (select(c.organisation_id).join(Organisation, Organisation.id == c.organisation_id)
             .where(c.regime == filters.regime, c.statement_year == filters.year, c.status.in_(filters.statuses)))
    if filters.sector:
        query = query.where(c.sector == filters.sector)
    if filters.band:
        query = query.where(c.turnover_band == filters.band)
    if filters.q:
        matching = organisation_filter(OrganisationFilter(q=filters.q)).with_only_columns(Organisation.id)
        query = query.where(c.organisation_id.in_(matching.scalar_subquery()))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    ids = session.scalars(query.order_by(*SORTS[sort]).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(ids), total


def every_case() -> list[tuple[StatusFilter, str, int]]:
    """Each filter under each sort, on the first, second and last page and one past the end."""
    cases = []
    for statuses, band, sector, q, year in FILTERS:
        filters = StatusFilter(regime=REGIME, year=year, statuses=statuses or compliance_queries.OVERDUE_STATUSES,
                               sector=sector, band=band, q=q)
        for sort in SORTS:
            cases.extend((filters, sort, page) for page in (1, 2, 5, 30))
    return cases


@pytest.mark.parametrize("way", ["chosen", "walk", "look up"])
def test_overdue_pages_equal_a_plain_query(
    db_session: Session, register: None, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    if way == "walk":
        monkeypatch.setattr(compliance_queries, "MAX_LOOKUPS", -1)
    elif way == "look up":
        monkeypatch.setattr(compliance_queries, "MAX_LOOKUPS", 10**9)
        monkeypatch.setattr(compliance_queries, "WALK_COST", 10**9)
    seen_rows = 0
    for filters, sort, page in every_case():
        expected_ids, expected_total = plain(db_session, filters, sort, page)
        rows, total = status_page(db_session, filters, sort, page, PAGE_SIZE)
        assert total == expected_total, (filters, sort, page)
        assert [organisation.id for _, organisation in rows] == expected_ids, (filters, sort, page)
        assert all(s.organisation_id == o.id and s.regime == REGIME and s.statement_year == filters.year
                   for s, o in rows)
        seen_rows += len(rows)
    assert seen_rows > 1000  # the cases are not all empty


def test_name_search_reads_the_word_index_as_the_register_search_does(
    db_session: Session, register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    searches = ("cobalt", "cob", "harbour retail", "Harbour Retail Limited", "formerly", "meadow 7", "zzz")
    direct = {q: status_page(db_session, StatusFilter(regime=REGIME, year=2025, q=q), "deadline", 1, 500)
              for q in searches}
    # Without word look-ups of its own the overdue list falls back to the register's filter for every query.
    monkeypatch.setattr(compliance_queries, "word_matches", lambda _q: [])
    for q in searches:
        through_register = status_page(db_session, StatusFilter(regime=REGIME, year=2025, q=q), "deadline", 1, 500)
        assert [o.id for _, o in direct[q][0]] == [o.id for _, o in through_register[0]], q
        assert direct[q][1] == through_register[1], q
    assert direct["cobalt"][1] > 10 and direct["formerly"][1] <= 1 and direct["zzz"][1] == 0
