"""SSRF protection: refuse private, loopback, link-local and other non-public addresses at connect time."""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(OSError):
    """A host resolved only to addresses the crawler may not connect to."""


def is_forbidden_address(address: IPAddress) -> bool:
    """True for private, loopback, link-local, reserved, multicast and unspecified addresses (incl. IPv4-mapped)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None and is_forbidden_address(embedded):
            return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


@lru_cache(maxsize=4096)
def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host spells literally (brackets allowed), or None for a name (remembered per host)."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def check_literal_host(host: str, allow_private: bool) -> None:
    """Refuse a literal IP host that is not public; names are checked by SafeResolver when connecting."""
    address = literal_address(host)
    if address is not None and not allow_private and is_forbidden_address(address):
        raise BlockedAddressError(f"refusing to connect to non-public address {address}")


def is_localhost_name(host: str) -> bool:
    """RFC 6761: `localhost` and every name under `.localhost` is the loopback interface."""
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


class SafeResolver(AbstractResolver):
    """Resolves names, then drops every non-public address, so a connection can only reach what was checked."""

    def __init__(self, allow_private: bool, inner: AbstractResolver | None = None) -> None:
        self._allow_private = allow_private
        self._inner = inner or ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve `host`; raise BlockedAddressError when no permitted address remains."""
        if is_localhost_name(host):
            results = [_result(host, "127.0.0.1", port, socket.AF_INET)]
        else:
            results = await self._inner.resolve(host, port, family)
        allowed = [
            r for r in results if self._allow_private or not is_forbidden_address(ipaddress.ip_address(r["host"]))
        ]
        if not allowed:
            raise BlockedAddressError(f"refusing to connect to {host}: it resolves only to non-public addresses")
        return allowed

    async def close(self) -> None:
        """Close the wrapped resolver."""
        await self._inner.close()


def _result(hostname: str, address: str, port: int, family: int) -> ResolveResult:
    """One resolver answer in aiohttp's shape."""
    return ResolveResult(
        hostname=hostname, host=address, port=port, family=family, proto=0, flags=socket.AI_NUMERICHOST
    )
