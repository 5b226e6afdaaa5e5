"""Checks of user input, made before anything is sent.

Each returns the normalised value or raises `InputValidationError` with a message that
says what a valid value looks like. No message repeats the value it refused: it may be
a secret typed into the wrong argument.
"""

from __future__ import annotations

import binascii
import re
import warnings

import pyotp

from neo_auth.errors import InputValidationError

__all__ = [
    "UccLooksNumericWarning",
    "base32_secret",
    "base_url",
    "consumer_key",
    "is_header_value",
    "mobile_number",
    "mpin",
    "neo_fin_key",
    "otp",
    "totp",
    "ucc",
]

_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_INDIAN_LOCAL = re.compile(r"[6-9][0-9]{9}")
_UCC = re.compile(r"[A-Za-z0-9]{1,16}")
_SEPARATORS = re.compile(r"[\s\-().]")


class UccLooksNumericWarning(UserWarning):
    """The UCC given is all digits: probably the numeric client id, not the UCC."""


def _string(value: object, name: str, example: str) -> str:
    if not isinstance(value, str):
        raise InputValidationError(
            f"{name} must be a string like {example!r}, not {type(value).__name__}."
        )
    return value.strip()


def mobile_number(value: object, name: str = "mobile_number") -> str:
    """The registered mobile number with its country code, e.g. `+919999999999`.

    A bare 10-digit Indian number (or one with a leading 0 or 91) gets `+91`.
    """
    text = _SEPARATORS.sub("", _string(value, name, "+919999999999"))
    if _INDIAN_LOCAL.fullmatch(text):
        text = "+91" + text
    elif text.startswith("0") and _INDIAN_LOCAL.fullmatch(text[1:]):
        text = "+91" + text[1:]
    elif text.startswith("91") and _INDIAN_LOCAL.fullmatch(text[2:]):
        text = "+" + text
    if not _E164.fullmatch(text):
        raise InputValidationError(
            f"{name} must be the registered mobile number with country code, like "
            "+919999999999 (a 10-digit Indian number gets +91 added)."
        )
    return text


def ucc(value: object, name: str = "ucc") -> str:
    """The unique client code (letters and digits, e.g. `ABC12`), not the numeric client id."""
    text = _string(value, name, "ABC12")
    if not _UCC.fullmatch(text):
        raise InputValidationError(
            f"{name} must be your unique client code: 1 to 16 letters and digits, like ABC12 "
            "(see the Neo app's profile; it is not the numeric client id)."
        )
    if text.isdigit():
        warnings.warn(
            f"{name} is all digits: that looks like the numeric client id, not the UCC "
            "(letters and digits, like ABC12, in the Neo app's profile). Sending it anyway.",
            UccLooksNumericWarning,
            stacklevel=3,
        )
    return text


def _digits(value: object, name: str, lengths: tuple[int, ...], what: str) -> str:
    text = re.sub(r"\s", "", _string(value, name, "1234" if 4 in lengths else "123456"))
    if not (text.isascii() and text.isdigit() and len(text) in lengths):
        raise InputValidationError(f"{name} must be {what}.")
    return text


def otp(value: object, name: str = "code") -> str:
    """The SMS OTP: 4 to 8 digits."""
    return _digits(value, name, (4, 5, 6, 7, 8), "the OTP from the SMS: 4 to 8 digits, like 1234")


def totp(value: object, name: str = "totp") -> str:
    """A TOTP code: exactly 6 digits (spaces, as apps show them, are dropped)."""
    return _digits(value, name, (6,), "the 6-digit code of your authenticator app, like 123456")


def mpin(value: object, name: str = "mpin") -> str:
    """The MPIN: 4 or 6 digits."""
    return _digits(value, name, (4, 6), "your MPIN: 4 or 6 digits")


def base32_secret(value: object, name: str = "totp_secret") -> str:
    """The base32 (RFC 4648) TOTP key that `totp_verify_user` gives.

    Accepted exactly when pyotp accepts it: base32 of at least 112 bits (23 characters
    or more), NIST SP 800-63B's floor. Spaces and dashes, as apps show keys, are dropped.
    """
    text = re.sub(r"[\s\-]", "", _string(value, name, "JBSWY3DPEHPK3PXP")).upper().rstrip("=")
    if not re.fullmatch(r"[A-Z2-7]+", text):
        raise InputValidationError(
            f"{name} must be the base32 TOTP key from totp_verify_user (letters A-Z and "
            "digits 2-7), not a 6-digit code or an otpauth:// URI."
        )
    try:
        pyotp.TOTP(text)  # pyotp checks the base32 and the length; we use what it takes
    except (ValueError, binascii.Error):
        raise InputValidationError(
            f"{name} is too short: a TOTP key needs at least 112 bits (23 base32 "
            "characters or more; the service gives 26 or more). Check that it was copied "
            "whole."
        ) from None
    return text


def is_header_value(text: str) -> bool:
    """Whether `text` can be sent as an HTTP header value as it is: visible ASCII only
    (RFC 9110 field-vchar), no spaces or control characters. Anything else would make
    the HTTP library fail with the value in its error message."""
    return bool(text) and text.isascii() and text.isprintable() and " " not in text


def _header_value(value: object, name: str, what: str) -> str:
    text = _string(value, name, "the key from the Neo API dashboard")
    if not is_header_value(text):
        raise InputValidationError(
            f"{name} must be {what}: visible ASCII characters, no spaces or control characters."
        )
    return text


def consumer_key(value: object, name: str = "consumer_key") -> str:
    """The consumer key from the Neo API dashboard, sent as is."""
    if isinstance(value, str) and value.strip().lower().startswith("bearer "):
        raise InputValidationError(
            f"{name} must be the consumer key alone, without a 'Bearer ' prefix: the service "
            "wants it as it is."
        )
    return _header_value(value, name, "the consumer key from the Neo API dashboard")


def neo_fin_key(value: object, name: str = "neo_fin_key") -> str:
    """The neo-fin-key header (`neotradeapi` for everyone today)."""
    return _header_value(value, name, "the neo-fin-key, normally 'neotradeapi'")


def base_url(value: object, name: str = "base_url") -> str:
    """An http(s) URL with a host and no query, e.g. `http://127.0.0.1:8765`."""
    text = _string(value, name, "http://127.0.0.1:8765").rstrip("/")
    if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", text):
        raise InputValidationError(
            f"{name} must be an http(s) URL such as https://mis.kotaksecurities.com or "
            "http://127.0.0.1:8765."
        )
    return text
