"""Every model, imported here so Alembic and the metadata see them all."""

from app.models.accounts import (
    ApiToken,
    AuditEvent,
    LoginAttempt,
    OrganisationClaim,
    RediscoveryRequest,
    User,
    WebSession,
)
from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from app.models.organisations import (
    ImportRun,
    MatchReview,
    Organisation,
    OrganisationAlias,
    OrganisationIdentifier,
)
from app.models.statements import (
    Document,
    FetchAttempt,
    Snapshot,
    Statement,
    StatementCoverage,
    StatementVersion,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Base",
    "Document",
    "FetchAttempt",
    "ImportRun",
    "LoginAttempt",
    "MatchReview",
    "Organisation",
    "OrganisationAlias",
    "OrganisationClaim",
    "OrganisationIdentifier",
    "RediscoveryRequest",
    "Snapshot",
    "Statement",
    "StatementCoverage",
    "StatementVersion",
    "TimestampMixin",
    "UTCDateTime",
    "User",
    "WebSession",
    "utcnow",
]
