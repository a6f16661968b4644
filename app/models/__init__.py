"""Every model, imported here so Alembic and the metadata see them all."""

from app.models.assessments import Assessment, AssessmentRule
from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from app.models.discovery import CrawlSchedule, DiscoveryCheck, JobLease, JobRun
from app.models.organisations import (
    ImportRun,
    MatchReview,
    Organisation,
    OrganisationAlias,
    OrganisationIdentifier,
    OrganisationSearchToken,
)
from app.models.screening import ForcedLabourOrder, OrderAlias, OrderStatusEvent
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
    "CrawlSchedule",
    "DiscoveryCheck",
    "Document",
    "FetchAttempt",
    "ForcedLabourOrder",
    "ImportRun",
    "JobLease",
    "JobRun",
    "MatchReview",
    "OrderAlias",
    "OrderStatusEvent",
    "Organisation",
    "OrganisationAlias",
    "OrganisationIdentifier",
    "OrganisationSearchToken",
    "Snapshot",
    "Statement",
    "StatementCoverage",
    "StatementVersion",
    "TimestampMixin",
    "UTCDateTime",
    "utcnow",
]
