"""The login operations of the sandbox, and what a trade session is checked against
on every trading call: the consumer key, the session's token, its expiry, its IP."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from neo_auth.sandbox.backend import SWEEP_EVERY, BackendCore
from neo_auth.sandbox.config import Account
from neo_auth.sandbox.errors import SandboxError
from neo_auth.sandbox.models import (
    Session,
    same,
    token,
)

__all__ = ["LoginOperations"]


class LoginOperations(BackendCore):
    """totpLogin, totpValidate, the client-IP call, and two trading-shaped calls."""

    def _check_keys(self, consumer_key: str | None, neo_fin_key: str | None) -> None:
        """The login calls' two keys: the gateway's consumer key, and the neo-fin-key."""
        self.check_gateway(consumer_key)
        if not neo_fin_key or not same(neo_fin_key, "neotradeapi"):
            raise SandboxError.documented_error(401, "Invalid neo-fin-key.")

    def totp_login(
        self,
        consumer_key: str | None,
        neo_fin_key: str | None,
        mobile: str,
        ucc: str,
        totp: str,
        *,
        ip: str = "127.0.0.1",
    ) -> dict[str, Any]:
        with self._lock:
            self._check_keys(consumer_key, neo_fin_key)
            account = self._accounts.get(mobile)
            if account is None:
                raise SandboxError.known("login_refused")
            self._rate_limit(mobile, "totpLogin")
            if not same(consumer_key or "", account.consumer_key):
                raise SandboxError.documented_error(
                    401, "Consumer key does not belong to this user."
                )
            known = self._ucc_of(account, ucc)
            if known is None:
                raise SandboxError.known("login_refused")
            if account.totp_secret is None:
                raise SandboxError.documented_error(
                    401, "TOTP is not registered for this user.", reason="totp_not_registered"
                )
            step = self._totp_step(account.totp_secret, totp)
            if step is None:
                raise SandboxError.known("login_refused")
            if step <= self._last_totp_step.get(mobile, -1):
                raise SandboxError.known("code_used")
            self._last_totp_step[mobile] = step
            now = self.now()
            view = Session(
                "View",
                mobile,
                known,
                token("view"),
                str(uuid.uuid4()),
                now,
                now + self.config.view_validity,
                ip,
            )
            self._sessions[view.sid] = view
            self._logins += 1
            if self._logins % SWEEP_EVERY == 0:
                self._sweep(now)
            self.events.publish("sessions")
            return self._session_data(account, view)

    def totp_validate(
        self,
        consumer_key: str | None,
        neo_fin_key: str | None,
        sid: str | None,
        auth: str | None,
        mpin: str,
        *,
        ip: str = "127.0.0.1",
        origin: str = "http://127.0.0.1:8765",
    ) -> dict[str, Any]:
        with self._lock:
            self._check_keys(consumer_key, neo_fin_key)
            now = self.now()
            view = self._sessions.get(sid or "")
            if (
                view is None
                or view.kind != "View"
                or not view.live(now)
                or not same(auth or "", view.token)
            ):
                raise SandboxError(
                    403,
                    {
                        "stCode": 100022,
                        "errMsg": "invalid session token",
                        "stat": "error in neo-login-check-api",
                    },
                    reason="session_expired",
                )
            account = self._accounts[view.mobile]
            self._rate_limit(view.mobile, "totpValidate")
            self._mpin_lock(account.mobile, documented=True)
            if view.mpin_failures >= self.config.mpin_max_attempts_per_session:
                raise SandboxError.documented_error(
                    403, "Too many wrong MPINs for this session: log in again.", reason="locked"
                )
            if not same(mpin, account.mpin):
                view.mpin_failures += 1
                self._wrong_mpins.add(account.mobile, now)
                raise SandboxError.known("mpin_refused")
            del self._sessions[view.sid]
            trade = Session(
                "Trade",
                view.mobile,
                view.ucc,
                token("trade"),
                view.sid,
                now,
                now + self.config.trade_validity,
                ip,
            )
            self._sessions[trade.sid] = trade
            self.events.publish("sessions")
            data = self._session_data(account, trade)
            base_url = self.config.trade_base_url or origin
            host = base_url.split("://")[-1]
            data.update(
                {
                    "hsServerId": "server1",
                    "baseUrl": base_url,
                    "feedUrl": f"wss://{host}/feed",
                    "rtUrl": f"wss://{host}/realtime",
                    "kraStatus": "",
                    "rcFlag": 0,
                }
            )
            return data

    def _live_trade_session(self, sid: str | None, auth: str | None) -> Session:
        """The trade session these headers name, refused as the service refuses an
        unknown token or an ended session (the lock is held)."""
        session = self._sessions.get(sid or "")
        if session is None or session.kind != "Trade" or not same(auth or "", session.token):
            raise SandboxError.known("session_expired")
        if not session.live(self.now()):
            raise SandboxError.jwt_refused()
        return session

    def trade_session(self, sid: str | None, auth: str | None, *, ip: str) -> Session:
        """The live trade session these headers name, checked as the service's login
        checker does on every trading call (the IP included), or the refusal."""
        with self._lock:
            session = self._live_trade_session(sid, auth)
            if ip != session.ip:
                raise SandboxError.known("ip_mismatch")
            self._rate_limit(session.mobile, "trading")
            return session

    def positions(self, sid: str | None, auth: str | None, *, ip: str) -> dict[str, Any]:
        """A trading-shaped read (sandbox only): the account's open positions (none)."""
        self.trade_session(sid, auth, ip=ip)
        return {"stat": "Ok", "stCode": 200, "data": []}

    def place_order(self, sid: str | None, auth: str | None, *, ip: str) -> dict[str, Any]:
        """A trading-shaped write (sandbox only): an order accepted, never executed."""
        self.trade_session(sid, auth, ip=ip)
        return {"stat": "Ok", "stCode": 200, "nOrdNo": str(uuid.uuid4().int)[:15]}

    def client_ip(
        self, consumer_key: str | None, sid: str | None, auth: str | None, *, ip: str
    ) -> dict[str, Any]:
        """The IP the service sees; not IP-checked itself (it is how a bot finds its IP)."""
        with self._lock:
            self.check_gateway(consumer_key)
            session = self._live_trade_session(sid, auth)
            self._rate_limit(session.mobile, "clientIp")
            from neo_auth.cache import IST

            when = datetime.fromtimestamp(self.now(), IST).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
            return {"data": [{"ip": ip, "time": when}], "stCode": 1000, "status": "success"}

    @staticmethod
    def _session_data(account: Account, session: Session) -> dict[str, Any]:
        client_type = dict(account.uccs).get(session.ucc, "NEO")
        return {
            "token": session.token,
            "sid": session.sid,
            "rid": str(uuid.uuid4()),
            "hsServerId": "",
            "isUserPwdExpired": False,
            "ucc": session.ucc,
            "greetingName": account.greeting_name,
            "isTrialAccount": False,
            "dataCenter": account.data_center,
            "searchAPIKey": "",
            "derivativesRiskDisclosure": "",
            "mfAccess": 1,
            "dataCenterMap": None,
            "dormancyStatus": "A",
            "asbaStatus": "",
            "clientType": "RI" if client_type == "NEO" else client_type,
            "isNRI": False,
            "kId": account.pan,
            "kType": session.kind,
            "status": "success",
            "incRange": 0,
            "incUpdFlag": "",
            "clientGroup": "",
        }
