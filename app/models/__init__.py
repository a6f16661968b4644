"""Every model, imported here so Alembic and the metadata see them all."""

from app.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from app.models.organisations import (
    ImportRun,
    MatchReview,
    Organisation,
    OrganisationAlias,
    OrganisationIdentifier,
)

__all__ = [
    "Base",
    "ImportRun",
    "MatchReview",
    "Organisation",
    "OrganisationAlias",
    "OrganisationIdentifier",
    "TimestampMixin",
    "UTCDateTime",
    "utcnow",
]
