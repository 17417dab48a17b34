from __future__ import annotations

import ipaddress

import pytest

from paperwise.errors import WebhookUrlRefused
from paperwise.webhooks.url_guard import IpAddress, Resolver, check_url, is_public, resolve_host


def resolver_to(*addresses: str) -> Resolver:
    def resolve(_host: str, _port: int) -> list[IpAddress]:
        return [ipaddress.ip_address(a) for a in addresses]

    return resolve


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::",  # 6to4 around 127.0.0.1
    ],
)
def test_non_public_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_a_public_host_passes_with_its_addresses_and_port() -> None:
    checked = check_url(
        "https://hooks.example.com/in?x=1", allow_private=False, resolver=resolver_to("8.8.8.8")
    )
    assert (checked.host, checked.port, checked.scheme) == ("hooks.example.com", 443, "https")
    assert [str(a) for a in checked.addresses] == ["8.8.8.8"]


def test_a_host_with_any_private_address_is_refused_with_the_reason() -> None:
    with pytest.raises(WebhookUrlRefused) as caught:
        check_url(
            "http://mixed.example.com:8080/",
            allow_private=False,
            resolver=resolver_to("8.8.8.8", "10.0.0.5"),
        )
    assert caught.value.code == "WEBHOOK_URL_REFUSED"
    assert "10.0.0.5" in caught.value.message
    assert caught.value.details[0]["field"] == "url"


def test_the_operator_can_allow_private_addresses() -> None:
    checked = check_url("http://localhost:9/x", allow_private=True, resolver=resolver_to("::1"))
    assert checked.port == 9


def test_real_resolution_refuses_loopback_literals() -> None:
    for url in ("http://127.0.0.1:8000/", "http://[::1]/", "http://localhost/"):
        with pytest.raises(WebhookUrlRefused):
            check_url(url, allow_private=False)
    assert ipaddress.ip_address("127.0.0.1") in resolve_host("127.0.0.1", 80)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "ftp://example.com/",
        "file:///etc/passwd",
        "http:///nohost",
        "http://e.com:99999/",
        "gopher://x",
        "https://" + "a" * 2001,
    ],
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(WebhookUrlRefused):
        check_url(url, allow_private=True, resolver=resolver_to("8.8.8.8"))


def test_a_host_that_does_not_resolve_is_refused() -> None:
    def fail(_host: str, _port: int) -> list[IpAddress]:
        raise OSError("no such host")

    with pytest.raises(WebhookUrlRefused, match="does not resolve"):
        check_url("https://nowhere.invalid/", allow_private=False, resolver=fail)
