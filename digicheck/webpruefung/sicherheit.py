"""Which addresses the crawler may contact, enforced at the socket.

A municipality's DNS entry is not under the consultant's control: ``www.kommune.de`` – or any hop of a
redirect chain – could resolve to 10.x, 192.168.x, 127.0.0.1 or fe80::, i.e. into the consultant's own
network, and the crawler would then fetch internal pages into a report. So every connection resolves
the name itself, rejects the connection when *any* resolved address is private, loopback, link-local,
multicast, reserved or unspecified (IPv4 and IPv6, also IPv4-mapped IPv6), and connects to exactly the
address it checked (no second lookup that a rebinding DNS could answer differently). This sits in the
httpcore network backend, so it holds for every request and every redirect hop. Proxies from the
environment are not used (``trust_env=False``): a proxy would resolve the name itself.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterable, Mapping
from typing import Any

import certifi
import httpcore
import httpx


class AdresseVerboten(Exception):
    """The name resolves to an address the crawler must not contact."""


class NameNichtAufloesbar(Exception):
    """DNS gave no address."""


def ist_verboten(ip: str) -> bool:
    """True for private, loopback, link-local, multicast, reserved, unspecified addresses (v4 and v6)."""
    a = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(a, ipaddress.IPv6Address):
        if a.ipv4_mapped is not None:
            return ist_verboten(str(a.ipv4_mapped))
        if a.sixtofour is not None and ist_verboten(str(a.sixtofour)):
            return True
    return bool(a.is_private or a.is_loopback or a.is_link_local or a.is_multicast or a.is_reserved
                or a.is_unspecified or not a.is_global)


class _PruefenderBackend(httpcore.SyncBackend):
    """Resolve, check, connect to the checked address."""

    def __init__(self, private_erlauben: bool, aufloesung: Mapping[tuple[str, int], tuple[str, int]] | None) -> None:
        self.private_erlauben = private_erlauben
        self.aufloesung = aufloesung

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        host = host.lower().rstrip(".")
        if self.aufloesung is not None:
            ziel = self.aufloesung.get((host, port))
            if ziel is None:
                raise NameNichtAufloesbar(f"{host}:{port} nicht in der Testauflösung")
            adressen = [ziel[0]]
            port = ziel[1]
        else:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as e:
                raise NameNichtAufloesbar(f"{host}: {e}") from e
            adressen = list(dict.fromkeys(str(i[4][0]) for i in infos))
            if not adressen:
                raise NameNichtAufloesbar(host)
        if not self.private_erlauben:
            verboten = [a for a in adressen if ist_verboten(a)]
            if verboten:
                raise AdresseVerboten(f"{host} → {', '.join(verboten)}")
        letzter: Exception | None = None
        for a in adressen:
            try:
                return super().connect_tcp(a, port, timeout=timeout, local_address=local_address, socket_options=socket_options)
            except httpcore.ConnectError as e:
                letzter = e
        assert letzter is not None
        raise letzter


def ssl_kontext(ca_datei: str | None) -> ssl.SSLContext:
    """Verifying context: certifi's roots (or a test CA), hostname checked, TLS ≥ 1.2."""
    ctx = ssl.create_default_context(cafile=ca_datei or certifi.where())
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def client(*, ca_datei: str | None, private_erlauben: bool, aufloesung: Mapping[tuple[str, int], tuple[str, int]] | None,
           timeout_s: float, user_agent: str) -> httpx.Client:
    """An httpx client whose every connection goes through the address check; no redirects, no env proxies."""
    ctx = ssl_kontext(ca_datei)
    transport = httpx.HTTPTransport(verify=ctx, trust_env=False)
    # httpx offers no public hook for the network backend; replace its pool by an equivalent one
    # (tests/test_webabruf.py::test_private_adresse_abgelehnt fails if this stops working)
    transport._pool = httpcore.ConnectionPool(ssl_context=ctx, max_connections=4, max_keepalive_connections=2,
                                              keepalive_expiry=5.0, network_backend=_PruefenderBackend(private_erlauben, aufloesung))
    return httpx.Client(transport=transport, follow_redirects=False, trust_env=False,
                        timeout=httpx.Timeout(timeout_s), headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.5",
                                                                    "Accept-Language": "de,en;q=0.5"})
