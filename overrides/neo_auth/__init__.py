"""neo-auth: a typed, careful SDK for the Kotak Neo OTP/TOTP authentication API.

    from neo_auth import UserVerification, TotpLogin

Every failure is a `NeoAuthError` (see `neo_auth.errors`); secrets never reach logs,
reprs or exception messages. Logging goes to the `neo_auth` logger.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from neo_auth.client import AsyncTotpLogin, AsyncUserVerification, TotpLogin, UserVerification
from neo_auth.errors import (
    AuthenticationError,
    FlowError,
    GatewayTimeoutError,
    InputValidationError,
    InvalidRequestError,
    NeoAuthError,
    NetworkError,
    QrCodeExpiredError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    ServiceUnavailableError,
    SessionCacheError,
    UnexpectedResponseError,
)
from neo_auth.retry import RetryPolicy
from neo_auth.session import ClientIp, NeoSession
from neo_auth.validation import UccLooksNumericWarning

if TYPE_CHECKING:
    from neo_auth.auth import NeoAuth
    from neo_auth.cache import SessionCache

__version__ = "0.1.0"

__all__ = [
    "AsyncTotpLogin",
    "AsyncUserVerification",
    "AuthenticationError",
    "ClientIp",
    "FlowError",
    "GatewayTimeoutError",
    "InputValidationError",
    "InvalidRequestError",
    "NeoAuth",
    "NeoAuthError",
    "NeoSession",
    "NetworkError",
    "QrCodeExpiredError",
    "RateLimitedError",
    "RequestTimeoutError",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailableError",
    "SessionCache",
    "SessionCacheError",
    "TotpLogin",
    "UccLooksNumericWarning",
    "UnexpectedResponseError",
    "UserVerification",
    "__version__",
]

logging.getLogger("neo_auth").addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    # SessionCache and NeoAuth are imported on first use: they bring file, lock and
    # date handling that a plain login does not need, and `import neo_auth` stays light.
    if name == "SessionCache":
        from neo_auth.cache import SessionCache

        return SessionCache
    if name == "NeoAuth":
        from neo_auth.auth import NeoAuth

        return NeoAuth
    raise AttributeError(f"module 'neo_auth' has no attribute {name!r}")
