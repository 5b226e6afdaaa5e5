"""The registration operations of the sandbox: OTPs and TOTP enrolment, with the real
service's checks and limits (20 wrong OTPs per number per hour, an OTP verifies once,
MPIN guesses per account, a TOTP code single-use)."""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import replace
from typing import Any

import pyotp

from neo_auth.sandbox.backend import BackendCore, minutes
from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.models import (
    Enrolment,
    OtpSession,
    OutboxMessage,
    same,
)

logger = logging.getLogger("neo_auth.sandbox")

__all__ = ["RegistrationOperations"]


class RegistrationOperations(BackendCore):
    """sendOtp, verifyOtp, totpVerifyUser, totpRegister, totpDeregister."""

    def send_otp(self, mobile: str, resend: bool) -> dict[str, Any]:
        with self._lock:
            self._registered(mobile)
            self._rate_limit(mobile, "sendOtp")
            self._otp_lock(mobile)
            now = self.now()
            current = self._otp_sessions.get(self._otp_of_mobile.get(mobile, ""))
            if not resend and current is not None and not current.verified:
                wait = current.sent_at + self.config.otp_resend_after - now
                if wait > 0:
                    raise SandboxError.too_many(
                        "An OTP was sent moments ago. Use it, or ask for a new one (resend).",
                        wait,
                    )
            # A new OTP replaces the earlier one of this number.
            self._otp_sessions.pop(self._otp_of_mobile.get(mobile, ""), None)
            session_id = str(uuid.uuid4())
            otp = self._new_otp()
            self._otp_sessions[session_id] = OtpSession(
                session_id, mobile, otp, now, now + self.config.otp_validity
            )
            self._otp_of_mobile[mobile] = session_id
            self._outbox[mobile].append(OutboxMessage(otp, now, session_id))
            logger.info("sendOtp: OTP sent to %s", mobile)
        self.events.publish("otps")
        return {"sessionId": session_id}

    def verify_otp(self, mobile: str, code: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            account = self._registered(mobile)
            self._rate_limit(mobile, "verifyOtp")
            self._otp_lock(mobile)  # past the limit even the right code is refused
            session = self._otp_session(session_id, mobile)
            if session.verified:
                raise SandboxError.bad_request("OTP already used. Request a new OTP.")
            max_attempts = self.config.otp_max_attempts
            if session.attempts >= max_attempts:
                raise SandboxError.bad_request(
                    "Too many wrong OTPs: this OTP is locked. Request a new OTP."
                )
            if not same(code, session.otp):
                now = self.now()
                session.attempts += 1
                self._wrong_otps.add(mobile, now)
                if self._wrong_otps.full(mobile, now):
                    wait = self._wrong_otps.wait(mobile, now)
                    raise SandboxError.bad_request(
                        f"Invalid OTP. Too many wrong OTPs for this number: it is locked "
                        f"for {minutes(wait)}."
                    )
                left = max_attempts - session.attempts
                if left == 0:
                    raise SandboxError.bad_request(
                        "Invalid OTP. This OTP is now locked: request a new one."
                    )
                raise SandboxError.bad_request(f"Invalid OTP. {left} attempt(s) left.")
            session.verified = True
            self.events.publish("otps")
            return {
                "message": "Success",
                "uccInfo": [{"ucc": ucc, "clientType": kind} for ucc, kind in account.uccs],
            }

    def totp_verify_user(self, mobile: str, ucc: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            account = self._registered(mobile)
            self._rate_limit(mobile, "totpVerifyUser")
            session = self._otp_session(session_id, mobile)
            if not session.verified:
                raise SandboxError.bad_request("OTP is not verified for this session.")
            known = self._ucc_of(account, ucc)
            if known is None:
                raise SandboxError.bad_request("UCC is not linked to this mobile number.")
            secret = pyotp.random_base32(length=32)
            uri = pyotp.TOTP(secret).provisioning_uri(name=known, issuer_name="KOTAK-NEO")
            enrolment_id = str(uuid.uuid4())
            self._enrolments[enrolment_id] = Enrolment(
                enrolment_id, mobile, known, secret, self.now() + self.config.qr_validity
            )
            self.events.publish("enrolments")
            return {
                "status": "success",
                "key": secret,
                "qrCodeBase64": _qr_png_base64(uri),
                "uri": uri,
                "issuer": "KOTAK-NEO",
                "message": "Scan the QR code with your authenticator app or copy key to "
                "manually import in authenticator app",
                "sessionID": enrolment_id,
            }

    def totp_register(self, session_id: str, totp: str) -> dict[str, Any]:
        with self._lock:
            enrolment = self._enrolments.get(session_id)
            if enrolment is None:
                raise SandboxError.bad_request("Invalid or expired session.")
            self._rate_limit(enrolment.mobile, "totpRegister")
            if self.now() >= enrolment.expires_at:
                del self._enrolments[session_id]
                raise SandboxError.known("qr_expired")
            if enrolment.attempts >= self.config.enrolment_max_attempts:
                raise SandboxError.bad_request(
                    "Too many wrong codes: this enrolment is locked. Start the enrolment again."
                )
            step = self._totp_step(enrolment.secret, totp)
            if step is None:
                enrolment.attempts += 1
                raise SandboxError.bad_request("Invalid TOTP.")
            account = self._accounts[enrolment.mobile]
            self._accounts[enrolment.mobile] = replace(account, totp_secret=enrolment.secret)
            self._save_accounts()
            self.events.publish("accounts")
            # The code that registered is spent: it cannot log in too.
            self._last_totp_step[enrolment.mobile] = step
            del self._enrolments[session_id]
            return {"status": "success", "message": "TOTP registered successfully"}

    def totp_deregister(self, mpin: str, ucc: str, session_id: str) -> dict[str, Any]:
        with self._lock:
            session = self._otp_sessions.get(session_id)
            if session is None or session.expired(self.now()):
                raise SandboxError.bad_request("Invalid or expired session.")
            account = self._registered(session.mobile)
            self._rate_limit(session.mobile, "totpDeregister")
            if not session.verified:
                raise SandboxError.bad_request(
                    "OTP is not verified for this session: verify the SMS OTP first."
                )
            if self._ucc_of(account, ucc) is None:
                raise SandboxError.bad_request("UCC is not linked to this mobile number.")
            self._mpin_lock(account.mobile, documented=False)
            if not same(mpin, account.mpin):
                self._wrong_mpins.add(account.mobile, self.now())
                raise SandboxError.bad_request("Invalid MPIN.")
            if account.totp_secret is None:
                raise SandboxError.bad_request("TOTP is not registered for this user.")
            self._accounts[session.mobile] = replace(account, totp_secret=None)
            self._save_accounts()
            self.events.publish("accounts")
            return {"status": "success", "msg": "TOTP deregistered successfully"}


def _qr_png_base64(uri: str) -> str:
    import base64

    import segno

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=4, border=4)
    return base64.b64encode(buffer.getvalue()).decode()
