"""Indexes the web pages need on tables owned elsewhere."""

from __future__ import annotations

from sqlalchemy import Index

from app.models.compliance import ComplianceStatus
from app.models.organisations import Organisation

# Built for the overview's scope counts; the overview now reads compliance_summaries instead. The register list's
# jurisdiction and sector filters may still use it: drop it in a migration only after checking their plans.
OVERVIEW_INDEX = Index(
    "ix_organisations_overview",
    Organisation.jurisdiction,
    Organisation.sector,
    Organisation.scope_status,
    Organisation.turnover_amount,
)

# Lets the overdue list walk statuses in deadline order and stop after one page, filtering status, band and sector
# in the index (migration w6b0001): a deep page or a name search's semi-join reads no status row.
OVERDUE_ORDER_INDEX = Index(
    "ix_compliance_statuses_deadline_order",
    ComplianceStatus.regime,
    ComplianceStatus.statement_year,
    ComplianceStatus.deadline,
    ComplianceStatus.organisation_id,
    ComplianceStatus.status,
    ComplianceStatus.turnover_band,
    ComplianceStatus.sector,
)
