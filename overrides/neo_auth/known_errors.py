"""The table of error answers the real service is known to give, and what each means.

One table, read by three parties: the SDK's error mapping (`neo_auth.error_mapping`)
picks the class and hint of an answer from it; the sandbox answers with the same codes
and words; the corpus tests (`tests/corpus/`) check every real answer against it.

An entry matches an answer when its operation fits and the answer's code is one of
`codes` or its words contain one of `phrases` (lower case). The first match wins, so
the specific entries come before the general ones. `error` None means the class follows
the status (or a status-like code such as `errorCode: "422"`); the hint still applies.
Sources are in `../shared/kotak-auth-api.md` and beside each entry's sample in the
corpus.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from neo_auth.errors import (
    AuthenticationError,
    InvalidRequestError,
    NeoAuthError,
    QrCodeExpiredError,
)

__all__ = ["KNOWN_ERRORS", "KnownError", "match"]

LOGIN = "totp_login"
VALIDATE = "totp_validate"
LOGIN_HINT = (
    "Wrong TOTP, UCC or mobile number; check the UCC (not the numeric client id) and the clock."
)


class KnownError(NamedTuple):
    """A kind of error answer: how to recognise it, its class and what to do about it."""

    reason: str  # a stable name, kept on the error as `error.reason`
    error: type[NeoAuthError] | None
    hint: str
    codes: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    operations: frozenset[str] | None = None  # None: every operation
    #: One real answer of this kind (status, body), as the sandbox sends it.
    sample: tuple[int, Mapping[str, Any]] | None = None

    def matches(self, operation: str, code: str | None, words: str) -> bool:
        if self.operations is not None and operation not in self.operations:
            return False
        return (code is not None and code in self.codes) or any(
            phrase in words for phrase in self.phrases
        )


def _entry(
    reason: str,
    error: type[NeoAuthError] | None,
    hint: str,
    *,
    codes: tuple[str, ...] = (),
    phrases: tuple[str, ...] = (),
    operations: tuple[str, ...] | None = None,
    sample: tuple[int, Mapping[str, Any]] | None = None,
) -> KnownError:
    return KnownError(
        reason,
        error,
        hint,
        frozenset(codes),
        phrases,
        None if operations is None else frozenset(operations),
        sample,
    )


KNOWN_ERRORS: tuple[KnownError, ...] = (
    _entry(
        "missing_header",
        InvalidRequestError,
        "A required header was missing (sid, Auth, neo-fin-key): this is a bug in the "
        "caller or the SDK; please report it.",
        codes=("10512",),
        phrases=("required header not found",),
        sample=(400, {"error": [{"code": "10512", "message": "Required header not found."}]}),
    ),
    _entry(
        "ip_mismatch",
        AuthenticationError,
        "The session was created from another IP address (static-IP binding): log in "
        "again from this machine.",
        codes=("1037",),
        phrases=("session ip doesnt match", "session ip doesn't match"),
        sample=(401, {"stCode": 1037, "errMsg": "session ip doesnt match with reqest ip"}),
    ),
    _entry(
        "unauthorized",
        AuthenticationError,
        "The service refused the session ('unauthorized'); with static-IP binding this "
        "usually means the request came from another IP address than the session's: log "
        "in again from this machine.",
        codes=("100008",),
        sample=(401, {"stCode": 100008, "errMsg": "unauthorized"}),
    ),
    _entry(
        "session_expired",
        AuthenticationError,
        "The session has expired or was revoked: log in again.",
        codes=("100022",),
        phrases=("invalid session token", "invalid jwt", "jwt token", "session has expired"),
        sample=(
            403,
            {
                "data": {
                    "stCode": 100022,
                    "errMsg": "invalid session token",
                    "stat": "error in neo-login-check-api",
                }
            },
        ),
    ),
    _entry(
        "key_refused",
        AuthenticationError,
        "The gateway refused the consumer key: check it (from the Neo API dashboard, sent "
        "as is, without 'Bearer').",
        codes=("900900", "900901", "900902", "900908", "invalid_client"),
        phrases=("invalid_client",),
        sample=(
            401,
            {
                "fault": {
                    "code": 900901,
                    "message": "Invalid Credentials",
                    "description": "Access failure for API: /login/1.0, version: 1.0.0. "
                    "Make sure your API invocation call has a header: "
                    "'Authorization : <consumer key>'",
                }
            },
        ),
    ),
    _entry(
        "auth_failed",
        AuthenticationError,
        "The service refused the credentials or the session: check the consumer key, "
        "then log in again.",
        codes=("10020",),
        phrases=("authentication failed",),
        sample=(
            401,
            {
                "stat": "Not_Ok",
                "error": [{"code": "10020", "message": "Authentication Failed"}],
                "tid": "sandbox",
            },
        ),
    ),
    _entry(
        "code_used",
        None,
        "This code was already used: wait for the next one (a new code every 30 s).",
        phrases=("already used",),
        sample=(
            401,
            {
                "status": "error",
                "message": "TOTP already used. Wait for the next code.",
                "errorCode": "401",
            },
        ),
    ),
    _entry(
        "login_refused",
        AuthenticationError,
        LOGIN_HINT,
        phrases=("invalid credentials or totp",),
        operations=(LOGIN,),
        sample=(
            401,
            {"status": "error", "message": "Invalid credentials or TOTP.", "errorCode": "401"},
        ),
    ),
    _entry(
        "mpin_refused",
        None,
        "Wrong MPIN: use the 4 or 6 digits you use in the Neo app.",
        phrases=("invalid mpin", "wrong mpin", "incorrect mpin"),
        operations=(VALIDATE, "totp_de_register"),
        sample=(401, {"status": "error", "message": "Invalid MPIN.", "errorCode": "401"}),
    ),
    _entry(
        "credentials_refused",
        AuthenticationError,
        AuthenticationError.hint,
        phrases=("invalid credentials",),
    ),
    _entry(
        "qr_expired",
        QrCodeExpiredError,
        QrCodeExpiredError.hint,
        phrases=("expire",),
        operations=("totp_registration",),
        sample=(
            400,
            {
                "error": [
                    {
                        "code": "400",
                        "message": "QR code has expired. Verify the user again for a new QR code.",
                    }
                ]
            },
        ),
    ),
    _entry(
        "locked",
        None,
        "Too many wrong attempts: wait until the lock ends (Retry-After, or the message, "
        "says when), then try again.",
        phrases=("locked", "too many wrong"),
    ),
    _entry(
        "code_refused",
        None,
        "The code was wrong or has expired: use the current one.",
        phrases=("invalid otp", "invalid totp", "wrong otp", "otp has expired", "otp expired"),
    ),
    _entry(
        "totp_not_registered",
        None,
        "No authenticator is registered for this client code: register one first "
        "(neo-auth register).",
        phrases=("totp is not registered", "totp not registered"),
    ),
    _entry(
        "mobile_not_registered",
        None,
        "Check the mobile number: the one registered with Kotak Neo, with its country code (+91).",
        phrases=("mobile number is not registered", "mobile not registered"),
    ),
    _entry(
        "ucc_not_linked",
        None,
        "Check the UCC: letters and digits from the Neo app's profile, not the numeric client id.",
        phrases=("ucc is not linked", "invalid ucc"),
    ),
    # Last: a bare 401 of a login call, when nothing more specific matched.
    _entry("login_refused", AuthenticationError, LOGIN_HINT, codes=("401",), operations=(LOGIN,)),
    _entry(
        "validate_refused",
        AuthenticationError,
        "Wrong MPIN, or the view session is no longer valid: log in again.",
        codes=("401",),
        operations=(VALIDATE,),
    ),
)


def match(operation: str, code: str | None, words: str) -> KnownError | None:
    """The first known error an answer of `operation` with this code and (lower-case)
    words is, or None."""
    for known in KNOWN_ERRORS:
        if known.matches(operation, code, words):
            return known
    return None


def by_reason(reason: str) -> KnownError:
    """The entry named `reason` (KeyError when there is none)."""
    for known in KNOWN_ERRORS:
        if known.reason == reason:
            return known
    raise KeyError(reason)
