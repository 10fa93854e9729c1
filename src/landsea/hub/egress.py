"""Where the hub may post: webhook addresses on the public internet only.

A webhook URL naming a loopback, private, link-local (the cloud metadata address 169.254.169.254
among them), shared, reserved or multicast address would let a subscriber make the hub call
inside its own network. Such URLs are refused when a webhook is made and again before each
delivery (a name's DNS answer can change), unless the host is one the hub's administrator
allowed (`LANDSEA_WEBHOOK_ALLOWED_HOSTS`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlsplit

__all__ = ["EgressRefusedError", "check_url"]

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
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
        except OSError as err:
            raise EgressRefusedError(f"cannot resolve {host}: {err}") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    for address in addresses:
        if not address.is_global or address.is_multicast:
            raise EgressRefusedError(
                f"{host} is {address}, not a public address: webhooks go to public hosts only "
                "(an administrator may allow a host: LANDSEA_WEBHOOK_ALLOWED_HOSTS)"
            )
