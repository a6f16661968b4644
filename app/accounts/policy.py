"""The single authorisation table: every route, and which roles (or anonymous visitors) may use it.

A route missing from this table is refused at run time and fails the authorisation-matrix test."""

from __future__ import annotations

ANONYMOUS = "anonymous"
EVERYONE = frozenset({ANONYMOUS, "admin", "regulator", "enforcement", "organisation"})
SIGNED_IN = frozenset({"admin", "regulator", "enforcement", "organisation"})
ADMIN = frozenset({"admin"})
REGISTER_EDITORS = frozenset({"admin", "regulator"})
STAFF = frozenset({"admin", "regulator", "enforcement"})
ORGANISATION = frozenset({"organisation"})
CASE_WORKERS = frozenset({"admin", "enforcement"})

_API = "/api/v1"

POLICY: dict[tuple[str, str], frozenset[str]] = {
    # Service
    ("GET", "/healthz"): EVERYONE,
    ("GET", "/openapi.json"): EVERYONE,
    ("GET", "/docs"): EVERYONE,
    ("GET", "/docs/oauth2-redirect"): EVERYONE,
    ("GET", "/redoc"): EVERYONE,
    ("MOUNT", "/assets"): EVERYONE,
    ("MOUNT", "/assets/vendor/govuk-frontend"): EVERYONE,
    ("MOUNT", "/assets/vendor/htmx"): EVERYONE,
    ("MOUNT", "/assets/vendor/chart.js"): EVERYONE,
    # Register JSON API: reading is public, changing needs an editor.
    ("GET", f"{_API}/organisations"): EVERYONE,
    ("POST", f"{_API}/organisations"): REGISTER_EDITORS,
    ("GET", f"{_API}/organisations/{{organisation_id}}"): EVERYONE,
    ("PATCH", f"{_API}/organisations/{{organisation_id}}"): REGISTER_EDITORS,
    ("GET", f"{_API}/organisations/{{organisation_id}}/group"): EVERYONE,
    ("PUT", f"{_API}/organisations/{{organisation_id}}/parent"): REGISTER_EDITORS,
    ("GET", f"{_API}/organisations/{{organisation_id}}/aliases"): EVERYONE,
    ("POST", f"{_API}/organisations/{{organisation_id}}/aliases"): REGISTER_EDITORS,
    ("DELETE", f"{_API}/organisations/{{organisation_id}}/aliases/{{alias_id}}"): REGISTER_EDITORS,
    ("GET", f"{_API}/sectors"): EVERYONE,
    ("GET", f"{_API}/match-reviews"): REGISTER_EDITORS,
    ("POST", f"{_API}/match-reviews/{{review_id}}/resolve"): REGISTER_EDITORS,
    ("GET", f"{_API}/me"): SIGNED_IN,
    # Forced-labour screening: the orders register and screening are public; changing the register is for admins.
    ("GET", f"{_API}/screening/orders"): EVERYONE,
    ("GET", f"{_API}/screening/orders/{{order_id}}"): EVERYONE,
    ("POST", f"{_API}/screening/orders"): ADMIN,
    ("PATCH", f"{_API}/screening/orders/{{order_id}}"): ADMIN,
    ("POST", f"{_API}/screening/orders/{{order_id}}/status-events"): ADMIN,
    ("POST", f"{_API}/screening/orders/import"): ADMIN,
    ("POST", f"{_API}/screening/suppliers"): EVERYONE,
    ("POST", f"{_API}/screening/suppliers/upload"): EVERYONE,
    ("POST", f"{_API}/screening/text"): EVERYONE,
    ("GET", f"{_API}/organisations/{{organisation_id}}/screening-flags"): EVERYONE,
    # Scoring: rulesets are public; scoring a text stores nothing, so anyone may check a draft statement.
    ("GET", f"{_API}/rulesets"): EVERYONE,
    ("GET", f"{_API}/rulesets/{{ruleset_id}}"): EVERYONE,
    ("POST", f"{_API}/score"): EVERYONE,
    # Compliance JSON API: per-organisation status and statements are public (as on the status page);
    # lists, candidates and cases are for staff; only enforcement teams (and administrators) work cases.
    ("GET", f"{_API}/compliance/regimes"): EVERYONE,
    ("GET", f"{_API}/compliance/summary"): STAFF,
    ("GET", f"{_API}/compliance/statuses"): STAFF,
    ("GET", f"{_API}/organisations/{{organisation_id}}/compliance"): EVERYONE,
    ("GET", f"{_API}/organisations/{{organisation_id}}/statements"): EVERYONE,
    ("GET", f"{_API}/penalty-candidates"): STAFF,
    ("POST", f"{_API}/cases/flag-candidates"): CASE_WORKERS,
    ("GET", f"{_API}/cases"): STAFF,
    ("GET", f"{_API}/cases/{{case_id}}"): STAFF,
    ("PATCH", f"{_API}/cases/{{case_id}}"): CASE_WORKERS,
    ("POST", f"{_API}/cases/{{case_id}}/transitions"): CASE_WORKERS,
    ("POST", f"{_API}/cases/{{case_id}}/notes"): CASE_WORKERS,
    ("GET", f"{_API}/cases/{{case_id}}/events"): STAFF,
    ("POST", f"{_API}/webhooks"): ADMIN,
    ("GET", f"{_API}/webhooks"): ADMIN,
    ("POST", f"{_API}/webhooks/{{endpoint_id}}/deactivate"): ADMIN,
    ("GET", f"{_API}/webhooks/{{endpoint_id}}/deliveries"): ADMIN,
    ("GET", f"{_API}/exports/{{job_id}}"): STAFF,
    ("GET", "/feeds/statements.atom"): EVERYONE,
    # Public pages
    ("GET", "/"): EVERYONE,
    ("GET", "/status"): EVERYONE,
    ("GET", "/status/{organisation_id}"): EVERYONE,
    ("GET", "/login"): EVERYONE,
    ("POST", "/login"): EVERYONE,
    ("POST", "/logout"): SIGNED_IN,
    # Supplier screening page: public, like the screening API it uses.
    ("GET", "/screening/suppliers"): EVERYONE,
    ("POST", "/screening/suppliers"): EVERYONE,
    # Regulator area (enforcement teams read it too)
    ("GET", "/regulator"): STAFF,
    ("GET", "/regulator/overdue"): STAFF,
    ("GET", "/regulator/organisations"): STAFF,
    ("GET", "/regulator/organisations/{organisation_id}"): STAFF,
    # Enforcement area: regulators may read it; enforcement teams (and administrators) work the cases.
    ("GET", "/enforcement"): STAFF,
    ("GET", "/enforcement/export"): STAFF,
    ("POST", "/enforcement/flag"): CASE_WORKERS,
    ("GET", "/enforcement/cases"): STAFF,
    ("GET", "/enforcement/cases/{case_id}"): STAFF,
    ("POST", "/enforcement/cases/{case_id}/assign"): CASE_WORKERS,
    ("POST", "/enforcement/cases/{case_id}/note"): CASE_WORKERS,
    ("POST", "/enforcement/cases/{case_id}/transition"): CASE_WORKERS,
    # Administration
    ("GET", "/admin"): ADMIN,
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{user_id}"): ADMIN,
    ("GET", "/admin/tokens"): ADMIN,
    ("POST", "/admin/tokens"): ADMIN,
    ("POST", "/admin/tokens/{token_id}/revoke"): ADMIN,
    ("GET", "/admin/audit"): ADMIN,
    ("GET", "/admin/claims"): ADMIN,
    ("POST", "/admin/claims/{claim_id}"): ADMIN,
    # Organisation self-service
    ("GET", "/account"): ORGANISATION,
    ("POST", "/account/claims"): ORGANISATION,
    ("GET", "/account/organisations/{organisation_id}"): ORGANISATION,
    ("POST", "/account/organisations/{organisation_id}/year-end"): ORGANISATION,
    ("POST", "/account/organisations/{organisation_id}/statement-url"): ORGANISATION,
    ("GET", "/account/organisations/{organisation_id}/report.csv"): ORGANISATION,
}


def allowed_roles(method: str, path: str) -> frozenset[str] | None:
    """The roles allowed on a route, or None when the table has no decision."""
    return POLICY.get((method.upper(), path))
