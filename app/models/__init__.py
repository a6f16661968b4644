"""Every model, imported here so Alembic and the metadata see them all."""

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from app.models.compliance import (
    CaseEvent,
    ComplianceStatus,
    ComplianceSummary,
    ExportJob,
    ReviewCase,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.models.discovery import CrawlSchedule, DiscoveryCheck, JobLease, JobRun
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
    "Base",
    "CaseEvent",
    "ComplianceStatus",
    "ComplianceSummary",
    "CrawlSchedule",
    "DiscoveryCheck",
    "Document",
    "ExportJob",
    "FetchAttempt",
    "ImportRun",
    "JobLease",
    "JobRun",
    "MatchReview",
    "Organisation",
    "OrganisationAlias",
    "OrganisationIdentifier",
    "ReviewCase",
    "Snapshot",
    "Statement",
    "StatementCoverage",
    "StatementVersion",
    "TimestampMixin",
    "UTCDateTime",
    "WebhookDelivery",
    "WebhookEndpoint",
    "utcnow",
]
