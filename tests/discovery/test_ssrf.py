"""SSRF protection: non-public addresses are refused when connecting unless private networks are allowed."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from app.discovery.crawler import discover
from app.discovery.fetcher import Fetcher
from app.discovery.ssrf import BlockedAddressError, SafeResolver, is_forbidden_address
from tests.discovery.conftest import html, strict


def fetch(options, url):
    async def run():
        async with Fetcher(options) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(run())


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::",
        "::",
    ],
)
def test_non_public_addresses_are_forbidden(address: str) -> None:
    assert is_forbidden_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.0.1", "2a00:1450:4009:81f::200e"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not is_forbidden_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/", "http://0.0.0.0:9/"]
)
def test_literal_private_addresses_are_refused_without_a_request(url: str, options) -> None:
    result = fetch(strict(options), url)
    assert result.error == "blocked_address" and result.attempts == 0


def test_loopback_server_is_refused_by_address_and_by_name(local_server, options) -> None:
    server = local_server({"/": html("secret")})
    for url in (server.url("/"), server.url("/", host="localhost"), server.url("/", host="intranet.localhost")):
        result = fetch(strict(options), url)
        assert result.error == "blocked_address", url
    assert server.hits == {}


def test_allow_private_networks_lets_tests_reach_loopback(local_server, options) -> None:
    server = local_server({"/": html("hello")})
    assert fetch(options, server.url("/", host="site.localhost")).ok


def test_discovery_reports_a_refused_site_as_unreachable(local_server, options) -> None:
    server = local_server({"/": html("secret")})
    result = asyncio.run(discover(server.url("/"), strict(options)))
    assert result.outcome == "unreachable" and "non-public" in (result.detail or "")
    assert server.hits == {}


class FixedResolver(AbstractResolver):
    """Answers every name with the given addresses (no DNS traffic)."""

    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET):
        return [
            ResolveResult(hostname=host, host=a, port=port, family=socket.AF_INET, proto=0, flags=0)
            for a in self.addresses
        ]

    async def close(self) -> None:
        return None


def test_resolver_refuses_names_that_resolve_to_private_addresses() -> None:
    resolver = SafeResolver(False, FixedResolver("10.9.8.7", "192.168.0.2"))
    with pytest.raises(BlockedAddressError):
        asyncio.run(resolver.resolve("intranet.example.com", 80))


def test_resolver_keeps_only_public_answers() -> None:
    resolver = SafeResolver(False, FixedResolver("10.9.8.7", "93.184.215.14"))
    answers = asyncio.run(resolver.resolve("mixed.example.com", 80))
    assert [a["host"] for a in answers] == ["93.184.215.14"]


def test_resolver_allows_private_answers_when_told() -> None:
    resolver = SafeResolver(True, FixedResolver("10.9.8.7"))
    assert asyncio.run(resolver.resolve("intranet.example.com", 80))[0]["host"] == "10.9.8.7"
