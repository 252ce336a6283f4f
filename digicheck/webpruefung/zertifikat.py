"""Details of a certificate that failed verification (expired, wrong name, unknown issuer) as evidence.

Python's ``ssl`` only decodes certificates it has verified; for a broken one it hands out the raw DER bytes.
A second TLS handshake without verification (no HTTP request is sent, the connection goes through the same
address check) fetches them, and a small DER reader takes issuer, subject, validity and DNS names – enough
to write "abgelaufen am 05.12.2026, ausgestellt von …" into the evidence. No crypto dependency for that.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from datetime import UTC, datetime

from digicheck.webpruefung.modell import Zertifikat
from digicheck.webpruefung.sicherheit import _PruefenderBackend

_CN, _O, _SAN = b"\x55\x04\x03", b"\x55\x04\x0a", b"\x55\x1d\x11"


def _tlv(b: bytes, i: int) -> tuple[int, bytes, int]:
    tag, laenge = b[i], b[i + 1]
    i += 2
    if laenge & 0x80:
        n = laenge & 0x7F
        laenge = int.from_bytes(b[i:i + n], "big")
        i += n
    if i + laenge > len(b):
        raise ValueError("DER zu kurz")
    return tag, b[i:i + laenge], i + laenge


def _kinder(b: bytes) -> list[tuple[int, bytes]]:
    out, i = [], 0
    while i < len(b):
        tag, wert, i = _tlv(b, i)
        out.append((tag, wert))
    return out


def _name(b: bytes) -> dict[bytes, str]:
    werte: dict[bytes, str] = {}
    for _, menge in _kinder(b):
        for _, paar in _kinder(menge):
            teile = _kinder(paar)
            if len(teile) >= 2:
                werte.setdefault(teile[0][1], teile[1][1].decode("utf-8", "replace"))
    return werte


def _zeit(tag: int, wert: bytes) -> datetime:
    s = wert.decode("ascii")
    if tag == 0x17:   # UTCTime YYMMDDHHMMSSZ
        jahr = int(s[:2])
        s = ("19" if jahr >= 50 else "20") + s
    return datetime.strptime(s[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def lies_der(der: bytes, fehler: str | None) -> Zertifikat:
    """Zertifikat(gueltig=False, fehler) with what the DER bytes say; fields None where they cannot be read."""
    try:
        tbs = _kinder(_kinder(der)[0][1])[0][1]
        felder = _kinder(tbs)
        if felder and felder[0][0] == 0xA0:      # explicit version
            felder = felder[1:]
        aussteller, gueltigkeit, inhaber = _name(felder[2][1]), _kinder(felder[3][1]), _name(felder[4][1])
        namen: list[str] = []
        for tag, wert in felder[5:]:
            if tag != 0xA3:
                continue
            for _, ext in _kinder(_kinder(wert)[0][1]):
                teile = _kinder(ext)
                if teile[0][1] == _SAN:
                    for t, n in _kinder(_kinder(teile[-1][1])[0][1]):
                        if t == 0x82:
                            namen.append(n.decode("ascii", "replace"))
        return Zertifikat(False, fehler, aussteller.get(_O) or aussteller.get(_CN), _zeit(*gueltigkeit[1]),
                          inhaber.get(_CN), tuple(namen))
    except (ValueError, IndexError, UnicodeDecodeError):
        return Zertifikat(False, fehler, None, None)


def lies_ungeprueft(host: str, fehler: str | None, *, private_erlauben: bool,
                    aufloesung: Mapping[tuple[str, int], tuple[str, int]] | None, timeout_s: float) -> Zertifikat:
    """Handshake without verification to read the certificate the server shows; never raises."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        stream = _PruefenderBackend(private_erlauben, aufloesung).connect_tcp(host, 443, timeout=timeout_s)
        try:
            stream = stream.start_tls(ctx, server_hostname=host, timeout=timeout_s)
            obj = stream.get_extra_info("ssl_object")
            der = obj.getpeercert(True) if obj is not None else None   # the low-level object: positional only
        finally:
            stream.close()
    except Exception:  # noqa: BLE001 – only evidence; the error of the real request stands
        return Zertifikat(False, fehler, None, None)
    return lies_der(der, fehler) if der else Zertifikat(False, fehler, None, None)
