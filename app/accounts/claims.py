"""Organisation users: claims (an administrator decides), and the corrections they may make to their own."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import audit
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.models.accounts import OrganisationClaim, RediscoveryRequest, User
from app.models.base import utcnow
from app.models.organisations import Organisation
from app.organisations import repository as organisations
from app.organisations import service as organisation_service
from app.organisations.schemas import OrganisationUpdate


def approved_organisation_ids(session: Session, user: User) -> set[int]:
    """The organisations a user may act for."""
    rows = session.scalars(
        select(OrganisationClaim.organisation_id).where(
            OrganisationClaim.user_id == user.id, OrganisationClaim.status == "approved"
        )
    )
    return set(rows)


def own_organisation(session: Session, user: User, organisation_id: int) -> Organisation:
    """One of the user's approved organisations, or Forbidden (administrators may act for any)."""
    organisation = organisations.get(session, organisation_id)
    if user.role != "admin" and organisation_id not in approved_organisation_ids(session, user):
        raise Forbidden("you can only see and change organisations your claim was approved for")
    return organisation


def claim(session: Session, user: User, organisation_id: int, evidence: str, ip: str | None) -> OrganisationClaim:
    """Ask to act for an organisation; one open or approved claim per user and organisation."""
    if user.role != "organisation":
        raise InvalidInput("only organisation accounts claim organisations")
    organisation = organisations.get(session, organisation_id)
    existing = session.scalars(
        select(OrganisationClaim).where(
            OrganisationClaim.user_id == user.id,
            OrganisationClaim.organisation_id == organisation.id,
            OrganisationClaim.status.in_(("pending", "approved")),
        )
    ).first()
    if existing is not None:
        raise Conflict(f"you already have a {existing.status} claim for {organisation.name}")
    if not evidence.strip():
        raise InvalidInput("say how you are connected to the organisation", details={"field": "evidence"})
    new_claim = OrganisationClaim(user_id=user.id, organisation_id=organisation.id, evidence=evidence.strip()[:2000])
    session.add(new_claim)
    session.flush()
    audit.record(session, "claim.create", user=user, subject_type="organisation", subject_id=organisation.id, ip=ip)
    return new_claim


def decide(session: Session, claim_id: int, approve: bool, note: str, actor: User, ip: str | None) -> OrganisationClaim:
    """Approve or refuse a pending claim."""
    found = session.get(OrganisationClaim, claim_id)
    if found is None:
        raise NotFound(f"claim {claim_id} does not exist")
    if found.status != "pending":
        raise Conflict(f"claim {claim_id} was already {found.status}")
    found.status = "approved" if approve else "refused"
    found.decided_by_id, found.decided_at, found.decision_note = actor.id, utcnow(), note.strip() or None
    session.flush()
    audit.record(session, f"claim.{found.status}", user=actor, subject_type="organisation_claim",
                 subject_id=found.id, ip=ip, details={"organisation_id": found.organisation_id})
    return found


def correct_year_end(session: Session, user: User, organisation_id: int, year_end: str, ip: str | None) -> Organisation:
    """Change the financial year end (MM-DD) of one's own organisation."""
    organisation = own_organisation(session, user, organisation_id)
    before = organisation.financial_year_end_month, organisation.financial_year_end_day
    try:
        payload = OrganisationUpdate(financial_year_end=year_end)
    except ValueError as exc:
        raise InvalidInput("enter the year end as a real day and month, like 31 03",
                           details={"field": "financial_year_end"}) from exc
    organisation_service.update(session, organisation, payload)
    audit.record(session, "organisation.year_end", user=user, subject_type="organisation", subject_id=organisation.id,
                 ip=ip, details={"before": list(before), "after": payload.financial_year_end})
    return organisation


def check_statement_url(url: str) -> str:
    """An absolute http(s) URL."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 1000:
        raise InvalidInput("enter the full web address of the statement, starting with https://",
                           details={"field": "statement_url"})
    return url


def request_rediscovery(
    session: Session, user: User, organisation_id: int, statement_url: str, ip: str | None
) -> RediscoveryRequest:
    """Queue a new search for the statement at the URL the organisation gave."""
    organisation = own_organisation(session, user, organisation_id)
    request = RediscoveryRequest(organisation_id=organisation.id, requested_by_id=user.id,
                                 statement_url=check_statement_url(statement_url), reason="organisation_correction")
    session.add(request)
    session.flush()
    audit.record(session, "organisation.statement_url", user=user, subject_type="organisation",
                 subject_id=organisation.id, ip=ip, details={"statement_url": request.statement_url})
    return request
