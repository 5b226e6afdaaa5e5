"""A client library for accessing Kotak Neo OTP and TOTP authentication API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
