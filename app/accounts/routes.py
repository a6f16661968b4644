"""Every route of the app with its full path template, whatever the router nesting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi import routing as fastapi_routing
from starlette.routing import BaseRoute, Mount


@dataclass(frozen=True)
class RouteInfo:
    """A route's full path template, its methods (MOUNT for mounted apps) and the route object."""

    path: str
    methods: frozenset[str]
    route: BaseRoute


def all_routes(app: FastAPI) -> list[RouteInfo]:
    """Each route once, with the prefix of every router it was included through."""
    found: list[RouteInfo] = []
    # FastAPI ≥ 0.16x keeps included routers nested and offers iter_route_contexts; older versions flatten.
    walker = getattr(fastapi_routing, "iter_route_contexts", None)
    contexts: list[Any] = list(walker(app.routes)) if walker else list(app.routes)
    for context in contexts:
        original: BaseRoute = getattr(context, "original_route", context)
        path = str(getattr(context, "path", ""))
        if isinstance(original, Mount):
            found.append(RouteInfo(path, frozenset({"MOUNT"}), original))
            continue
        methods = frozenset(getattr(context, "methods", None) or ()) - {"HEAD"}
        found.append(RouteInfo(path, methods, original))
    return found


def path_index(app: FastAPI) -> dict[int, str]:
    """Route object id → full path template (cached on the app)."""
    index: dict[int, str] | None = getattr(app.state, "route_paths", None)
    if index is None:
        index = {id(info.route): info.path for info in all_routes(app)}
        app.state.route_paths = index
    return index
