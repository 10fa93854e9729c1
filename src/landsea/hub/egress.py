"""Where the hub may post: webhook addresses on the public internet only.

A webhook URL naming a loopback, private, link-local (the cloud metadata address 169.254.169.254
among them), shared, reserved or multicast address would let a subscriber make the hub call
inside its own network. Such URLs are refused when a webhook is made and again before each
delivery (a name's DNS answer can change), unless the host is one the hub's administrator
allowed (`LANDSEA_WEBHOOK_ALLOWED_HOSTS`). A delivery's connection goes to the very address
that was checked (`pinned_client`): a name that answers a public address to the check and a
private one to the connection a moment later (DNS rebinding) reaches nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

__all__ = ["EgressRefusedError", "check_url", "pinned_client"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

Resolver = Callable[[str, int], list[Any]]


class EgressRefusedError(ValueError):
    """The URL's host is, or resolves to, an address the hub does not post to."""


def _resolve(host: str, port: int) -> list[Any]:
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def check_url(url: str, allowed_hosts: Collection[str], resolve: Resolver = _resolve) -> None:
    """Refuse a URL whose host is not public, unless the host is allowed by name.

    Raises:
        EgressRefusedError: the host cannot be resolved, or one of its addresses is not global.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in {h.lower() for h in allowed_hosts}:
        return
    public_addresses(host, parts.port or (443 if parts.scheme == "https" else 80), resolve)


def public_addresses(host: str, port: int, resolve: Resolver = _resolve) -> list[Address]:
    """The host's addresses, every one of them public; EgressRefusedError otherwise."""
    try:
        addresses: list[Address] = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = resolve(host, port)
        except OSError as err:
            raise EgressRefusedError(f"cannot resolve {host}: {err}") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not addresses:
        raise EgressRefusedError(f"cannot resolve {host}: no address")
    for address in addresses:
        if not address.is_global or address.is_multicast:
            raise EgressRefusedError(
                f"{host} is {address}, not a public address: webhooks go to public hosts only "
                "(an administrator may allow a host: LANDSEA_WEBHOOK_ALLOWED_HOSTS)"
            )
    return addresses


class _PinnedBackend(httpcore.SyncBackend):
    """Opens a connection to the address it has just checked, never to a second lookup's.

    TLS still verifies the certificate against the URL's host name (httpcore passes the
    request's host to the TLS layer, not the address connected to)."""

    def __init__(self, allowed_hosts: Collection[str], resolve: Resolver) -> None:
        self._allowed = {h.lower() for h in allowed_hosts}
        self._resolve = resolve

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if host.lower() not in self._allowed:
            host = str(public_addresses(host, port, self._resolve)[0])
        return super().connect_tcp(host, port, timeout, local_address, socket_options)


def pinned_client(allowed_hosts: Collection[str], resolve: Resolver = _resolve) -> httpx.Client:
    """An HTTP client whose every connection goes to a checked public address (or an allowed
    host). A refused host raises EgressRefusedError from the request."""
    transport = httpx.HTTPTransport()
    # httpx offers no argument for httpcore's network backend; its pool takes one, so set it
    # there (tests/hub/test_battery.py fails if a new httpx stops honouring it)
    transport._pool._network_backend = _PinnedBackend(allowed_hosts, resolve)
    return httpx.Client(transport=transport)
