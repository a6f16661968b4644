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
from app.models.assessments import Assessment, AssessmentRule
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
    OrganisationSearchToken,
)
from app.models.screening import ForcedLabourOrder, OrderAlias, OrderStatusEvent
from app.models.screening_flags import StatementScreening, StatementScreeningFlag
from app.models.statements import (
    Document,
    FetchAttempt,
    Snapshot,
    Statement,
    StatementCoverage,
    StatementVersion,
)
from app.models.web import OVERDUE_ORDER_INDEX, OVERVIEW_INDEX

__all__ = [
    "OVERDUE_ORDER_INDEX",
    "OVERVIEW_INDEX",
    "ApiToken",
    "Assessment",
    "AssessmentRule",
    "AuditEvent",
    "Base",
    "CaseEvent",
    "ComplianceStatus",
    "ComplianceSummary",
    "CrawlSchedule",
    "DiscoveryCheck",
    "Document",
    "ExportJob",
    "FetchAttempt",
    "ForcedLabourOrder",
    "ImportRun",
    "JobLease",
    "JobRun",
    "LoginAttempt",
    "MatchReview",
    "OrderAlias",
    "OrderStatusEvent",
    "Organisation",
    "OrganisationAlias",
    "OrganisationClaim",
    "OrganisationIdentifier",
    "OrganisationSearchToken",
    "RediscoveryRequest",
    "ReviewCase",
    "Snapshot",
    "Statement",
    "StatementCoverage",
    "StatementScreening",
    "StatementScreeningFlag",
    "StatementVersion",
    "TimestampMixin",
    "UTCDateTime",
    "User",
    "WebSession",
    "WebhookDelivery",
    "WebhookEndpoint",
    "utcnow",
]

# Registers the after-flush hook that keeps the organisation name index in step with ORM changes.
import app.organisations.search_index  # noqa: F401
