"""Screen stored statement versions for ordered entities and regions, and keep the flags (flush, never commit)."""

from __future__ import annotations

import hashlib
import json
import logging
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from app.models.screening_flags import StatementScreening, StatementScreeningFlag
from app.models.statements import StatementVersion
from app.screening.service import load_facts
from app.screening.statements import StatementHit, screen_text
from app.screening.types import OrderFacts

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Register:
    """The orders as loaded once for a run, and a fingerprint that changes whenever any of them changes."""

    orders: list[OrderFacts]
    fingerprint: str


@dataclass
class ScreeningRun:
    """What a screening run did."""

    screened: int = 0
    flags: int = 0
    failed: list[str] = field(default_factory=list)


def load_register(session: Session) -> Register:
    """The orders register now, with a sha256 over every order's facts (names, products, status history)."""
    orders = load_facts(session)
    payload = json.dumps([asdict(order) for order in orders], sort_keys=True, default=str)
    return Register(orders, hashlib.sha256(payload.encode()).hexdigest())


def as_of_for(version: StatementVersion) -> date:
    """The date a statement speaks for: approved on, else its period end, else when this version was first seen."""
    statement = version.statement
    return statement.approved_on or statement.period_end or version.first_seen_at.date()


def page_of(version: StatementVersion, offset: int) -> int | None:
    """The page holding a character offset, when the extraction recorded pages."""
    spans = [
        (span[0], span[1], span[2]) if len(span) == 3 else (number, span[0], span[1])
        for number, span in enumerate(version.pages or [], start=1)
    ]
    spans.sort(key=lambda item: item[1])
    position = bisect_right([start for _, start, _ in spans], offset) - 1
    if position < 0 or offset >= spans[position][2]:
        return None
    return spans[position][0]


def _flag(version: StatementVersion, hit: StatementHit, as_of: date) -> StatementScreeningFlag:
    """One stored flag from one hit."""
    return StatementScreeningFlag(
        statement_version_id=version.id,
        order_id=hit.order_id,
        order_reference=hit.order_reference,
        order_name=hit.order,
        kind=hit.kind,
        matched=hit.matched,
        sentence=hit.sentence,
        sentence_start=hit.start,
        sentence_end=hit.end,
        match_start=hit.match_start,
        match_end=hit.match_end,
        page=page_of(version, hit.match_start),
        product=hit.product,
        product_mentioned=hit.product_mentioned,
        order_status=hit.order_status,
        as_of=as_of,
        reason=hit.reason,
        basis=hit.basis,
    )


def screen_version(session: Session, version: StatementVersion, register: Register | None = None) -> StatementScreening:
    """Screen the version's text and replace its screening and flags (running it twice changes nothing)."""
    register = register or load_register(session)
    as_of = as_of_for(version)
    hits = screen_text(version.text or "", as_of=as_of, orders=register.orders) if register.orders else []
    session.execute(delete(StatementScreeningFlag).where(StatementScreeningFlag.statement_version_id == version.id))
    session.execute(delete(StatementScreening).where(StatementScreening.statement_version_id == version.id))
    screening = StatementScreening(
        statement_version_id=version.id,
        as_of=as_of,
        register_fingerprint=register.fingerprint,
        order_count=len(register.orders),
        flag_count=len(hits),
        flags=[_flag(version, hit, as_of) for hit in hits],
    )
    session.add(screening)
    session.flush()
    return screening


def screen_after_scoring(session: Session, version: StatementVersion) -> None:
    """The hook scoring calls: screening trouble is logged and left for the job, never undoing the assessment."""
    try:
        with session.begin_nested():
            screen_version(session, version)
    except Exception:  # the scheduled job screens the version again later
        logger.exception("screening statement version %s failed", version.id)


def pending_version_ids(session: Session, fingerprint: str, limit: int | None = None) -> list[int]:
    """Versions never screened, or screened against a register that has changed since."""
    query = (
        select(StatementVersion.id)
        .outerjoin(StatementScreening, StatementScreening.statement_version_id == StatementVersion.id)
        .where(or_(StatementScreening.id.is_(None), StatementScreening.register_fingerprint != fingerprint))
        .order_by(StatementVersion.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def screen_statements(session: Session, limit: int | None = None) -> ScreeningRun:
    """Screen every pending version against the register as it is now (the job `screening.screen_statements`)."""
    register = load_register(session)
    run = ScreeningRun()
    for version_id in pending_version_ids(session, register.fingerprint, limit):
        version = session.get(StatementVersion, version_id)
        if version is None:
            continue
        try:
            with session.begin_nested():
                screening = screen_version(session, version, register)
        except Exception as exc:  # one bad version must not stop the run; it stays pending
            logger.exception("screening statement version %s failed", version_id)
            run.failed.append(f"version {version_id}: {exc!r}")
            continue
        run.screened += 1
        run.flags += screening.flag_count
        session.expunge(screening)  # with its flags; keeps a long run's memory flat
        session.expunge(version)
    return run
