"""Every model, imported here so Alembic and the metadata see them all."""

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from app.models.organisations import (
    ImportRun,
    MatchReview,
    Organisation,
    OrganisationAlias,
    OrganisationIdentifier,
)
from app.models.screening import ForcedLabourOrder, OrderAlias, OrderStatusEvent

__all__ = [
    "Base",
    "ForcedLabourOrder",
    "ImportRun",
    "MatchReview",
    "OrderAlias",
    "OrderStatusEvent",
    "Organisation",
    "OrganisationAlias",
    "OrganisationIdentifier",
    "TimestampMixin",
    "UTCDateTime",
    "utcnow",
]
