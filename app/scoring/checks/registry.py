"""The registry of check functions: a decorator names each check and the model of its parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict

from app.scoring.types import CheckResult

if TYPE_CHECKING:
    from app.scoring.context import ScoringContext

P = TypeVar("P", bound=BaseModel)
CheckFunction = Callable[["ScoringContext", Any], CheckResult]


class CheckParams(BaseModel):
    """Base of every check's parameter model: unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(CheckParams):
    """For checks that take no parameters."""


@dataclass(frozen=True)
class RegisteredCheck:
    """A check function with the model that validates its parameters."""

    name: str
    function: CheckFunction
    params_model: type[BaseModel]


CHECKS: dict[str, RegisteredCheck] = {}


def check(name: str, params: type[P]) -> Callable[[Callable[[ScoringContext, P], CheckResult]], CheckFunction]:
    """Register a check function under `name`, with `params` validating its YAML parameters."""

    def register(function: Callable[[ScoringContext, P], CheckResult]) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = RegisteredCheck(name, function, params)
        return function

    return register


def registered_checks() -> Mapping[str, RegisteredCheck]:
    """Every registered check, importing the check modules first."""
    from app.scoring.checks import areas, documents, learned, signoff  # noqa: F401  (registration side effect)

    return CHECKS
