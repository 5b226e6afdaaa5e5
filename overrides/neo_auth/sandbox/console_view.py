"""What the sandbox's console shows: the state with secrets masked, and a phone."""

from __future__ import annotations

import itertools
from typing import Any

import pyotp

from neo_auth.sandbox.backend import TOTP_STEP, BackendCore
from neo_auth.sandbox.config import Account

__all__ = ["CONSOLE_LIMIT", "SESSIONS_SHOWN", "ConsoleView"]

#: The most accounts the console lists at once, and the most (newest) live sessions.
CONSOLE_LIMIT = 200
SESSIONS_SHOWN = 50


class ConsoleView(BackendCore):
    """The console's reads: bounded in size, whatever the number of accounts."""

    def snapshot(self) -> dict[str, Any]:
        """What the console shows, secrets masked: the accounts (those with something
        going on first, at most `CONSOLE_LIMIT`), the newest live sessions (at most
        `SESSIONS_SHOWN`), the armed faults. Its size does not grow with the accounts:
        a sandbox loaded with thousands of them answers this as fast as one with two."""
        with self._lock:
            now = self.now()
            busy = dict.fromkeys(
                [*self._otp_of_mobile, *(e.mobile for e in self._enrolments.values())]
            )
            shown = [self._accounts[m] for m in busy if m in self._accounts]
            for account in self._accounts.values():
                if len(shown) >= CONSOLE_LIMIT:
                    break
                if account.mobile not in busy:
                    shown.append(account)
            newest_live = (s for s in reversed(self._sessions.values()) if s.live(now))
            live = list(itertools.islice(newest_live, SESSIONS_SHOWN + 1))
            return {
                "now": now,
                "account_count": len(self._accounts),
                "accounts": [
                    {
                        "mobile": a.mobile,
                        "uccs": [ucc for ucc, _ in a.uccs],
                        "registered": a.totp_secret is not None,
                        "otp_locked_for": round(self._wrong_otps.wait(a.mobile, now), 1),
                        "mpin_locked_for": round(self._wrong_mpins.wait(a.mobile, now), 1),
                    }
                    for a in shown[:CONSOLE_LIMIT]
                ],
                "sessions": [s.masked(now) for s in live[:SESSIONS_SHOWN]],
                "more_sessions": len(live) > SESSIONS_SHOWN,
                "faults": self.faults.armed(),
            }

    def phone(self, mobile: str) -> dict[str, Any]:
        """One account's phone, as the console shows it (KeyError: no such account)."""
        with self._lock:
            return self._phone(self._accounts[mobile], self.now())

    def _phone(self, account: Account, now: float) -> dict[str, Any]:
        """One account's phone: its SMS inbox and its authenticator app."""
        max_attempts = self.config.otp_max_attempts
        inbox = []
        for message in list(reversed(self._outbox.get(account.mobile, ())))[:20]:
            session = self._otp_sessions.get(message.session_id)
            state = "replaced" if session is None else session.state(now, max_attempts)
            inbox.append(
                {
                    "otp": message.otp,  # an SMS shows its code: that is the point
                    "age_seconds": round(now - message.sent_at, 1),
                    "expires_in_seconds": round(
                        max(0.0, message.sent_at + self.config.otp_validity - now), 1
                    ),
                    "state": state,
                }
            )
        authenticator = []
        if account.totp_secret is not None:
            authenticator.append(self._code(account.uccs[0][0], account.totp_secret, now, True))
        pending = []
        for enrolment in self._enrolments.values():
            if enrolment.mobile != account.mobile or enrolment.expires_at <= now:
                continue
            pending.append(
                {
                    "handle": enrolment.handle,
                    "ucc": enrolment.ucc,
                    "scanned": enrolment.scanned,
                    "expires_in_seconds": round(enrolment.expires_at - now, 1),
                }
            )
            if enrolment.scanned:
                authenticator.append(self._code(enrolment.ucc, enrolment.secret, now, False))
        return {"inbox": inbox, "authenticator": authenticator, "pending": pending}

    @staticmethod
    def _code(ucc: str, secret: str, now: float, registered: bool) -> dict[str, Any]:
        """An authenticator entry: the code of the current step, never the key."""
        return {
            "label": f"KOTAK-NEO:{ucc}",
            "code": pyotp.TOTP(secret).at(now),
            "seconds_left": round(TOTP_STEP - now % TOTP_STEP, 1),
            "registered": registered,
        }
