"""The sandbox's state, free of HTTP: its operations (`registration.py`, `login.py`),
the console's view (`console_view.py`) on one core (`backend.py`), and the Python API
that tests, the demo and the console use: the outbox, accounts, faults, revocation.

Each operation takes the already-validated request and answers the `data` of the real
service, or raises `SandboxError` with the status and body the real service would give
(`errors.py`). `reset()` and `snapshot()` are for tests and the console.
"""

from __future__ import annotations

from neo_auth.sandbox.backend import key_digest
from neo_auth.sandbox.config import Account
from neo_auth.sandbox.console_view import ConsoleView
from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.login import LoginOperations
from neo_auth.sandbox.models import (
    OutboxMessage,
    Session,
    same,
)
from neo_auth.sandbox.registration import RegistrationOperations

__all__ = ["OutboxMessage", "SandboxError", "SandboxState"]


class SandboxState(RegistrationOperations, LoginOperations, ConsoleView):
    """All the mutable state of one sandbox, safe to use from several threads."""

    def outbox(self, mobile: str) -> list[OutboxMessage]:
        """The SMS messages sent to `mobile`, newest last."""
        with self._lock:
            return list(self._outbox.get(mobile, ()))

    def latest_otp(self, mobile: str) -> str:
        """The OTP of the newest SMS to `mobile` (KeyError when none was sent)."""
        messages = self.outbox(mobile)
        if not messages:
            raise KeyError(f"no OTP was sent to {mobile}")
        return messages[-1].otp

    def account(self, mobile: str) -> Account:
        with self._lock:
            return self._accounts[mobile]

    def accounts(self) -> list[Account]:
        with self._lock:
            return list(self._accounts.values())

    def add_account(self, account: Account) -> None:
        """Add (or replace) an account while the sandbox runs; it is written to the
        accounts file when the sandbox has one (`config.accounts_file`)."""
        account.checked()
        with self._lock:
            self._accounts[account.mobile] = account
            # Rebuilt, not added to: a replaced account's old key must stop working.
            self._key_digests = {key_digest(a.consumer_key) for a in self._accounts.values()}
            self._save_accounts()
        self.events.publish("accounts")

    def inject_fault(self, fault: str, operation: str = "*", times: int = 1) -> None:
        """Answer the next `times` requests of `operation` (an operationId or "*") with `fault`."""
        self.faults.arm(fault, operation, times)
        self.events.publish("faults")

    def clear_faults(self) -> None:
        """Disarm every armed fault (the config's stay)."""
        self.faults.clear()
        self.events.publish("faults")

    def take_fault(self, operation: str) -> str | None:
        """The fault to answer this request with: an armed one first, then the config's."""
        armed = self.faults.take(operation)
        if armed is not None:
            self.events.publish("faults")
            return armed
        return self.config.faults.get(operation) or self.config.faults.get("*")

    def revoke_sessions(
        self,
        *,
        sid: str | None = None,
        ucc: str | None = None,
        mobile: str | None = None,
        handle: str | None = None,
    ) -> int:
        """End the live sessions that match (every one when nothing is given), as the
        service does when it ends a session early; answers how many were ended."""
        with self._lock:
            ended = 0
            for session in self._sessions.values():
                if session.revoked:
                    continue
                if sid is not None and not same(session.sid, sid):
                    continue
                if handle is not None and session.handle != handle:
                    continue
                if ucc is not None and session.ucc.upper() != ucc.upper():
                    continue
                if mobile is not None and session.mobile != mobile:
                    continue
                session.revoked = True
                ended += 1
        if ended:
            self.events.publish("sessions")
        return ended

    def scan(self, handle: str) -> bool:
        """The console's "scan QR": its virtual authenticator takes the key of a pending
        enrolment and shows its codes. False when no such enrolment is pending."""
        with self._lock:
            for enrolment in self._enrolments.values():
                if enrolment.handle == handle and enrolment.expires_at > self.now():
                    enrolment.scanned = True
                    self.events.publish("enrolments")
                    return True
        return False

    def sessions(self) -> list[Session]:
        with self._lock:
            return list(self._sessions.values())
