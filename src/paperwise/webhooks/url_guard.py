"""The server-side request forgery guard: a webhook URL must be http(s) and every address its
host resolves to must be public. Private, loopback, link-local (cloud metadata at 169.254.169.254
included), carrier-grade NAT, unspecified, multicast and reserved addresses are refused, IPv4 and
IPv6 alike (IPv4-mapped and 6to4 IPv6 addresses are judged by the IPv4 address inside).
Checked at registration and before every request of a delivery, redirects included."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from paperwise.errors import WebhookUrlRefused

MAX_URL_CHARS = 2000
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IpAddress]]
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class CheckedUrl:
    """A URL that passed the guard, and the addresses its host resolved to then."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[IpAddress, ...]


def resolve_host(host: str, port: int) -> list[IpAddress]:
    """Every address of ``host`` (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[IpAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    return found


def _embedded_ipv4(address: IpAddress) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv4Address):
        return None
    return address.ipv4_mapped or address.sixtofour


def is_public(address: IpAddress) -> bool:
    """True for an address on the public internet; False for anything a guard must refuse."""
    inner = _embedded_ipv4(address)
    if inner is not None:
        return is_public(inner)
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def parse_url(url: str) -> SplitResult:
    """The parts of a syntactically acceptable webhook URL; WebhookUrlRefused otherwise."""
    if not isinstance(url, str) or not url.strip():
        raise _refused(url, "required: an http or https URL")
    if len(url) > MAX_URL_CHARS:
        raise _refused(url[:100], f"at most {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise _refused(url, f"not a valid URL ({exc})") from exc
    if parts.scheme not in _DEFAULT_PORTS:
        raise _refused(url, "the scheme must be http or https")
    if not parts.hostname:
        raise _refused(url, "the URL has no host")
    return parts


def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve_host) -> CheckedUrl:
    """Resolve the URL's host and refuse it unless every address is public (or
    ``allow_private``). A host that does not resolve is refused too."""
    parts = parse_url(url)
    host = parts.hostname or ""
    port = parts.port or _DEFAULT_PORTS[parts.scheme]
    try:
        addresses = tuple(resolver(host, port))
    except (OSError, UnicodeError, ValueError) as exc:
        raise _refused(url, f"the host {host!r} does not resolve") from exc
    if not addresses:
        raise _refused(url, f"the host {host!r} does not resolve")
    if not allow_private:
        blocked = [str(a) for a in addresses if not is_public(a)]
        if blocked:
            raise _refused(
                url,
                f"the host {host!r} resolves to a private, loopback or link-local address "
                f"({', '.join(blocked)}); the operator can allow such addresses with "
                "PAPERWISE_WEBHOOK_ALLOW_PRIVATE=1",
            )
    return CheckedUrl(url=url, scheme=parts.scheme, host=host, port=port, addresses=addresses)


def _refused(url: object, problem: str) -> WebhookUrlRefused:
    return WebhookUrlRefused(
        f"The webhook URL is refused: {problem}.",
        [{"field": "url", "problem": problem, "value": str(url)[:200]}],
    )
