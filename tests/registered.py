"""The test account with a TOTP already registered, as a bot holds it: shared by the
tests that log in against a sandbox without registering first."""

from __future__ import annotations

import dataclasses

from neo_auth.sandbox import DEFAULT_ACCOUNT

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32 "Hello!" twice
ACCOUNT = dataclasses.replace(DEFAULT_ACCOUNT, totp_secret=SECRET)
