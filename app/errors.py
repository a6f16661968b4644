"""Domain errors that carry their HTTP status and a machine-readable code."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base for errors the API turns into a 4xx answer."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_body(self) -> dict[str, Any]:
        """The machine-readable error body."""
        body: dict[str, Any] = {"error": {"code": self.code, "message": self.message}}
        if self.details is not None:
            body["error"]["details"] = self.details
        return body


class NotFound(DomainError):
    """The requested record does not exist."""

    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The change clashes with stored data (a duplicate, a cycle)."""

    status_code = 409
    code = "conflict"


class InvalidInput(DomainError):
    """The input is well-formed but breaks a domain rule."""

    status_code = 422
    code = "invalid_input"


class Forbidden(DomainError):
    """The caller may not do this."""

    status_code = 403
    code = "forbidden"
