"""TOTP and QR helpers for the enrolment answer of `totp_verify_user`.

The codes are RFC 6238 (pyotp); QR images come from segno, imported only when a QR
is drawn or saved, so `import neo_auth` stays light.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import os
import re
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

import pyotp

from neo_auth import validation
from neo_auth.errors import InputValidationError
from neo_auth.files import write_private
from neo_auth_client.models import TotpVerifyUserResponse, TotpVerifyUserResponseData

__all__ = [
    "CurrentCode",
    "OtpAuthUri",
    "current_code",
    "parse_otpauth_uri",
    "qr_png",
    "qr_terminal",
    "save_qr_png",
]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class CurrentCode(NamedTuple):
    """The code valid now and the whole seconds left before the next one."""

    code: str
    seconds_left: int

    def __repr__(self) -> str:
        return f"CurrentCode(code='***', seconds_left={self.seconds_left})"


class OtpAuthUri(NamedTuple):
    """The parts of an `otpauth://totp/...` URI."""

    secret: str
    issuer: str | None
    account: str | None
    digits: int
    period: int
    algorithm: str

    def __repr__(self) -> str:
        return (
            f"OtpAuthUri(secret='***', issuer={self.issuer!r}, account={self.account!r}, "
            f"digits={self.digits}, period={self.period}, algorithm={self.algorithm!r})"
        )


def current_code(secret: str, *, at: float | None = None, offset: float = 0.0) -> CurrentCode:
    """The 6-digit code of a base32 secret now (or at the Unix time `at`).

    `offset` is added to the time: the seconds the service's clock is ahead of this one
    (`TotpLogin.clock_offset`), so the code is the one the service expects.
    """
    totp = pyotp.TOTP(validation.base32_secret(secret))
    if (
        not isinstance(offset, int | float)
        or isinstance(offset, bool)
        or not math.isfinite(offset)
    ):
        raise InputValidationError("offset must be a number of seconds.")
    if at is not None and (isinstance(at, bool) or not isinstance(at, int | float)):
        raise InputValidationError("at must be a Unix time in seconds, or None for now.")
    when = (time.time() if at is None else at) + offset
    if not math.isfinite(when) or when < 0:
        raise InputValidationError("at and offset must give a time after 1970.")
    return CurrentCode(totp.at(when), math.ceil(totp.interval - (when % totp.interval)))


def parse_otpauth_uri(uri: str) -> OtpAuthUri:
    """Parse an otpauth URI (also the `otpauth: //` with a space the service has answered)."""
    text = re.sub(r"\s", "", uri) if isinstance(uri, str) else ""
    error = InputValidationError(
        "not an otpauth://totp/ URI with a base32 secret, as totp_verify_user answers."
    )
    if not text.lower().startswith("otpauth://totp/"):
        raise error
    try:
        parsed = pyotp.parse_uri(text)
    except Exception:  # pyotp raises ValueError and others on malformed URIs
        raise error from None
    if not isinstance(parsed, pyotp.TOTP):
        raise error
    label = unquote(text[len("otpauth://totp/") :].split("?", 1)[0])
    account = label.split(":", 1)[-1] or None
    return OtpAuthUri(
        secret=validation.base32_secret(parsed.secret, name="secret"),
        issuer=parsed.issuer,
        account=account,
        digits=parsed.digits,
        period=parsed.interval,
        algorithm=getattr(parsed.digest(), "name", "sha1").upper(),
    )


#: What the helpers take: the answer of `totp_verify_user`, or its `data`.
Enrolment = TotpVerifyUserResponse | TotpVerifyUserResponseData


def _data(
    enrolment: Enrolment,
) -> TotpVerifyUserResponseData:
    return enrolment.data if isinstance(enrolment, TotpVerifyUserResponse) else enrolment


def _uri(data: TotpVerifyUserResponseData) -> str:
    if isinstance(data.uri, str) and data.uri.strip():
        return re.sub(r"\s", "", data.uri)
    # No URI in the answer: build the standard one from the key.
    return pyotp.TOTP(validation.base32_secret(data.key, name="key")).provisioning_uri(
        name="neo", issuer_name=data.issuer if isinstance(data.issuer, str) else "KOTAK-NEO"
    )


def qr_png(enrolment: Enrolment) -> bytes:
    """The QR code as PNG bytes: the server's image when it is a valid PNG, else drawn
    from the otpauth URI."""
    data = _data(enrolment)
    if isinstance(data.qr_code_base_64, str):
        try:
            image = base64.b64decode(re.sub(r"\s", "", data.qr_code_base_64), validate=True)
        except (binascii.Error, ValueError):
            image = b""
        if image.startswith(_PNG_SIGNATURE):
            return image
    import segno

    buffer = io.BytesIO()
    segno.make(_uri(data), error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def save_qr_png(enrolment: Enrolment, path: str | os.PathLike[str]) -> Path:
    """Write the QR code as a PNG readable by the owner only (mode 0600): it holds the key."""
    return write_private(path, qr_png(enrolment))


def qr_terminal(enrolment: Enrolment) -> str:
    """The QR code of the otpauth URI drawn with block characters, for a terminal."""
    import segno

    buffer = io.StringIO()
    segno.make(_uri(_data(enrolment)), error="m").terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()
