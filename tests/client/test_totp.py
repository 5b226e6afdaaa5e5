"""TOTP and QR helpers on the enrolment answer."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pyotp
import pytest

from neo_auth import InputValidationError
from neo_auth.totp import current_code, parse_otpauth_uri, qr_png, qr_terminal, save_qr_png
from neo_auth_client.models import TotpVerifyUserResponse

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
URI = f"otpauth://totp/KOTAK-NEO:ABC12?issuer=KOTAK-NEO&secret={SECRET}"


def enrolment(**data: str) -> TotpVerifyUserResponse:
    return TotpVerifyUserResponse.from_dict(
        {"data": {"key": SECRET, "sessionID": "s", "uri": URI, **data}}
    )


def test_current_code_is_rfc_6238_with_the_seconds_left() -> None:
    now = 1_700_000_025.0  # 15 s into its step
    code = current_code(SECRET, at=now)
    assert code.code == pyotp.TOTP(SECRET).at(now)
    assert code.seconds_left == 15
    assert current_code(SECRET, at=1_700_000_039.5).seconds_left == 1  # the last half second
    assert current_code(SECRET, at=1_700_000_010.0).seconds_left == 30  # a new step
    assert SECRET not in repr(code)
    assert code.code not in repr(code)
    # The RFC 6238 test vector (SHA-1, 8 digits there; pyotp's 6-digit truncation here).
    rfc_key = base64.b32encode(b"12345678901234567890").decode()
    assert current_code(rfc_key, at=59).code == "287082"


def test_parse_otpauth_uri_also_with_the_services_stray_space() -> None:
    for uri in (URI, URI.replace("otpauth://", "otpauth: //")):
        parsed = parse_otpauth_uri(uri)
        assert parsed.secret == SECRET
        assert (parsed.issuer, parsed.account) == ("KOTAK-NEO", "ABC12")
        assert (parsed.digits, parsed.period, parsed.algorithm) == (6, 30, "SHA1")
        assert SECRET not in repr(parsed)
    for bad in (
        "https://example.com",
        "otpauth://hotp/x?secret=" + SECRET,
        "otpauth://totp/x?secret=1",
    ):
        with pytest.raises(InputValidationError):
            parse_otpauth_uri(bad)


def test_qr_png_prefers_the_servers_image_and_draws_one_otherwise(tmp_path: Path) -> None:
    drawn = qr_png(enrolment(qrCodeBase64="not base64 at all"))
    assert drawn.startswith(b"\x89PNG\r\n\x1a\n")
    server_png = base64.b64encode(drawn).decode()
    assert qr_png(enrolment(qrCodeBase64=server_png)) == drawn
    path = save_qr_png(enrolment(), tmp_path / "qr.png")
    assert path.read_bytes().startswith(b"\x89PNG")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_qr_terminal_draws_blocks() -> None:
    art = qr_terminal(enrolment())
    assert len(art.splitlines()) > 10
    assert SECRET not in art
