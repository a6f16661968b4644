"""Every model, imported here so Alembic and the metadata see them all."""

from app.models.assessments import Assessment, AssessmentRule
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
    "Assessment",
    "AssessmentRule",
    "Base",
    "Document",
    "FetchAttempt",
    "ImportRun",
    "MatchReview",
    "Organisation",
    "OrganisationAlias",
    "OrganisationIdentifier",
    "Snapshot",
    "Statement",
    "StatementCoverage",
    "StatementVersion",
    "TimestampMixin",
    "UTCDateTime",
    "utcnow",
]
