"""Re-discovery requests as a person reads them: when asked, when looked at, and what happened, in plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.accounts import RediscoveryRequest

DONE = re.compile(r"^statement \d+ archived from .* \((?P<change>[^)]*)\)$", re.DOTALL)


@dataclass(frozen=True)
class RequestView:
    """One request for the pages: the address, the two dates, a short label and the outcome in a sentence."""

    statement_url: str
    requested_at: datetime
    processed_at: datetime | None
    label: str
    colour: str
    outcome: str
    attempts: int


def _failure(code: str, detail: str) -> tuple[str, str]:
    """Label and sentence for a request that failed with the fetch's outcome code and detail."""
    if code == "not_found" and detail.startswith("not a modern slavery statement"):
        why = detail.partition(":")[2].strip()
        return "Not a statement", (
            "We read the page at this address, but it does not look like a modern slavery statement"
            + (f" ({why})" if why else "") + ". Check that the address goes to the statement itself.")
    if code == "broken_link":
        return "Address did not work", (
            f"The website did not give us a page at this address{f' ({detail})' if detail else ''}. "
            "Check the address and send it again.")
    if code == "unreachable":
        return "Could not reach", (
            f"We could not reach the website at this address{f' ({detail})' if detail else ''}. "
            "If the address is right, send it again later.")
    if code == "blocked_by_robots":
        return "Not allowed to read", (
            "The website’s robots.txt file asks crawlers not to read this address, and we respect that. "
            "Ask whoever runs the website to let our crawler read the statement.")
    return "Not found", f"We could not use this address{f': {detail}' if detail else ''}."


def describe(request: RediscoveryRequest) -> tuple[str, str, str]:
    """(label, tag colour, sentence) for a request in any state."""
    if request.status == "queued":
        return "Waiting", "grey", "We have not looked at this address yet: we will on our next search."
    if request.status == "in_progress":
        return "Looking now", "blue", "We are looking at this address now."
    outcome = request.outcome or ""
    if request.status == "done":
        found = DONE.match(outcome)
        change = found.group("change") if found else ""
        after = {"a new version": " We had not seen this version of it before.",
                 "no change since the last visit": " It had not changed since we last saw it."}.get(change, "")
        sentence = "We found a modern slavery statement at this address and saved a copy." + after
        return "Statement found", "green", sentence
    if not outcome:
        return "Not found", "red", "We could not use this address; no reason was recorded."
    code, _, detail = outcome.partition(": ")
    label, sentence = _failure(code.strip(), detail.strip())
    return label, "red", sentence


def requests_for(session: Session, organisation_id: int, limit: int = 10) -> list[RequestView]:
    """The organisation's latest requests, newest first."""
    r = RediscoveryRequest
    rows = session.scalars(
        select(r).where(r.organisation_id == organisation_id).order_by(r.requested_at.desc(), r.id.desc()).limit(limit)
    )
    views = []
    for request in rows:
        label, colour, outcome = describe(request)
        views.append(RequestView(request.statement_url or "", request.requested_at, request.processed_at, label,
                                 colour, outcome, request.attempts or 0))
    return views
