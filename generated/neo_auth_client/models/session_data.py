from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_data_data_center_map_type_0 import (
        SessionDataDataCenterMapType0,
    )


T = TypeVar("T", bound="SessionData")


@_attrs_define
class SessionData:
    """A view session (from `totpLogin`, `kType` "View") or a trade session (from
    `totpValidate`, `kType` "Trade"). The service adds fields over time.

        Example:
            {'token': 'eyJhbGciOiJSUzI1NiJ9.trade-token-example.signature', 'sid': '7c1b0c1e-6a8f-4f63-9a0c-2b0e9f1d2c3a',
                'kType': 'Trade', 'status': 'success', 'baseUrl': 'https://e22.kotaksecurities.com'}

        Attributes:
            token (str):
            sid (str):
            rid (str | Unset):
            hs_server_id (str | Unset):
            is_user_pwd_expired (bool | Unset):
            ucc (str | Unset):
            greeting_name (None | str | Unset): The client's name (personal data).
            is_trial_account (bool | Unset):
            data_center (str | Unset):
            search_api_key (str | Unset):
            derivatives_risk_disclosure (str | Unset):
            mf_access (int | Unset):
            data_center_map (None | SessionDataDataCenterMapType0 | Unset): Always null in answers seen so far.
            dormancy_status (str | Unset):
            asba_status (str | Unset):
            client_type (str | Unset):
            is_nri (bool | Unset):
            k_id (str | Unset): The client's PAN (personal data).
            k_type (str | Unset): "View" or "Trade"; not an enum.
            status (str | Unset):
            inc_range (int | Unset):
            inc_upd_flag (str | Unset):
            client_group (str | Unset):
            kra_status (str | Unset):
            rc_flag (int | str | Unset): An integer (`0`) in the docs and every real sample; once a string.
            base_url (str | Unset): Host for all trading calls (answered by `totpValidate`).
            feed_url (str | Unset): The market-data feed's URL (answered by `totpValidate`).
            rt_url (str | Unset): The order feed's (real-time) URL (answered by `totpValidate`).
    """

    token: str = _attrs_field(repr=False)
    sid: str = _attrs_field(repr=False)
    rid: str | Unset = _attrs_field(repr=False, default=UNSET)
    hs_server_id: str | Unset = UNSET
    is_user_pwd_expired: bool | Unset = UNSET
    ucc: str | Unset = UNSET
    greeting_name: None | str | Unset = _attrs_field(repr=False, default=UNSET)
    is_trial_account: bool | Unset = UNSET
    data_center: str | Unset = UNSET
    search_api_key: str | Unset = _attrs_field(repr=False, default=UNSET)
    derivatives_risk_disclosure: str | Unset = UNSET
    mf_access: int | Unset = UNSET
    data_center_map: None | SessionDataDataCenterMapType0 | Unset = UNSET
    dormancy_status: str | Unset = UNSET
    asba_status: str | Unset = UNSET
    client_type: str | Unset = UNSET
    is_nri: bool | Unset = UNSET
    k_id: str | Unset = _attrs_field(repr=False, default=UNSET)
    k_type: str | Unset = UNSET
    status: str | Unset = UNSET
    inc_range: int | Unset = UNSET
    inc_upd_flag: str | Unset = UNSET
    client_group: str | Unset = UNSET
    kra_status: str | Unset = UNSET
    rc_flag: int | str | Unset = UNSET
    base_url: str | Unset = UNSET
    feed_url: str | Unset = UNSET
    rt_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.session_data_data_center_map_type_0 import (
            SessionDataDataCenterMapType0,
        )

        token = self.token

        sid = self.sid

        rid = self.rid

        hs_server_id = self.hs_server_id

        is_user_pwd_expired = self.is_user_pwd_expired

        ucc = self.ucc

        greeting_name: None | str | Unset
        if isinstance(self.greeting_name, Unset):
            greeting_name = UNSET
        else:
            greeting_name = self.greeting_name

        is_trial_account = self.is_trial_account

        data_center = self.data_center

        search_api_key = self.search_api_key

        derivatives_risk_disclosure = self.derivatives_risk_disclosure

        mf_access = self.mf_access

        data_center_map: dict[str, Any] | None | Unset
        if isinstance(self.data_center_map, Unset):
            data_center_map = UNSET
        elif isinstance(self.data_center_map, SessionDataDataCenterMapType0):
            data_center_map = self.data_center_map.to_dict()
        else:
            data_center_map = self.data_center_map

        dormancy_status = self.dormancy_status

        asba_status = self.asba_status

        client_type = self.client_type

        is_nri = self.is_nri

        k_id = self.k_id

        k_type = self.k_type

        status = self.status

        inc_range = self.inc_range

        inc_upd_flag = self.inc_upd_flag

        client_group = self.client_group

        kra_status = self.kra_status

        rc_flag: int | str | Unset
        if isinstance(self.rc_flag, Unset):
            rc_flag = UNSET
        else:
            rc_flag = self.rc_flag

        base_url = self.base_url

        feed_url = self.feed_url

        rt_url = self.rt_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "sid": sid,
            }
        )
        if rid is not UNSET:
            field_dict["rid"] = rid
        if hs_server_id is not UNSET:
            field_dict["hsServerId"] = hs_server_id
        if is_user_pwd_expired is not UNSET:
            field_dict["isUserPwdExpired"] = is_user_pwd_expired
        if ucc is not UNSET:
            field_dict["ucc"] = ucc
        if greeting_name is not UNSET:
            field_dict["greetingName"] = greeting_name
        if is_trial_account is not UNSET:
            field_dict["isTrialAccount"] = is_trial_account
        if data_center is not UNSET:
            field_dict["dataCenter"] = data_center
        if search_api_key is not UNSET:
            field_dict["searchAPIKey"] = search_api_key
        if derivatives_risk_disclosure is not UNSET:
            field_dict["derivativesRiskDisclosure"] = derivatives_risk_disclosure
        if mf_access is not UNSET:
            field_dict["mfAccess"] = mf_access
        if data_center_map is not UNSET:
            field_dict["dataCenterMap"] = data_center_map
        if dormancy_status is not UNSET:
            field_dict["dormancyStatus"] = dormancy_status
        if asba_status is not UNSET:
            field_dict["asbaStatus"] = asba_status
        if client_type is not UNSET:
            field_dict["clientType"] = client_type
        if is_nri is not UNSET:
            field_dict["isNRI"] = is_nri
        if k_id is not UNSET:
            field_dict["kId"] = k_id
        if k_type is not UNSET:
            field_dict["kType"] = k_type
        if status is not UNSET:
            field_dict["status"] = status
        if inc_range is not UNSET:
            field_dict["incRange"] = inc_range
        if inc_upd_flag is not UNSET:
            field_dict["incUpdFlag"] = inc_upd_flag
        if client_group is not UNSET:
            field_dict["clientGroup"] = client_group
        if kra_status is not UNSET:
            field_dict["kraStatus"] = kra_status
        if rc_flag is not UNSET:
            field_dict["rcFlag"] = rc_flag
        if base_url is not UNSET:
            field_dict["baseUrl"] = base_url
        if feed_url is not UNSET:
            field_dict["feedUrl"] = feed_url
        if rt_url is not UNSET:
            field_dict["rtUrl"] = rt_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_data_data_center_map_type_0 import (
            SessionDataDataCenterMapType0,
        )

        d = dict(src_dict)
        token = d.pop("token")

        sid = d.pop("sid")

        rid = d.pop("rid", UNSET)

        hs_server_id = d.pop("hsServerId", UNSET)

        is_user_pwd_expired = d.pop("isUserPwdExpired", UNSET)

        ucc = d.pop("ucc", UNSET)

        def _parse_greeting_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        greeting_name = _parse_greeting_name(d.pop("greetingName", UNSET))

        is_trial_account = d.pop("isTrialAccount", UNSET)

        data_center = d.pop("dataCenter", UNSET)

        search_api_key = d.pop("searchAPIKey", UNSET)

        derivatives_risk_disclosure = d.pop("derivativesRiskDisclosure", UNSET)

        mf_access = d.pop("mfAccess", UNSET)

        def _parse_data_center_map(
            data: object,
        ) -> None | SessionDataDataCenterMapType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_center_map_type_0 = SessionDataDataCenterMapType0.from_dict(data)

                return data_center_map_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionDataDataCenterMapType0 | Unset, data)

        data_center_map = _parse_data_center_map(d.pop("dataCenterMap", UNSET))

        dormancy_status = d.pop("dormancyStatus", UNSET)

        asba_status = d.pop("asbaStatus", UNSET)

        client_type = d.pop("clientType", UNSET)

        is_nri = d.pop("isNRI", UNSET)

        k_id = d.pop("kId", UNSET)

        k_type = d.pop("kType", UNSET)

        status = d.pop("status", UNSET)

        inc_range = d.pop("incRange", UNSET)

        inc_upd_flag = d.pop("incUpdFlag", UNSET)

        client_group = d.pop("clientGroup", UNSET)

        kra_status = d.pop("kraStatus", UNSET)

        def _parse_rc_flag(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        rc_flag = _parse_rc_flag(d.pop("rcFlag", UNSET))

        base_url = d.pop("baseUrl", UNSET)

        feed_url = d.pop("feedUrl", UNSET)

        rt_url = d.pop("rtUrl", UNSET)

        session_data = cls(
            token=token,
            sid=sid,
            rid=rid,
            hs_server_id=hs_server_id,
            is_user_pwd_expired=is_user_pwd_expired,
            ucc=ucc,
            greeting_name=greeting_name,
            is_trial_account=is_trial_account,
            data_center=data_center,
            search_api_key=search_api_key,
            derivatives_risk_disclosure=derivatives_risk_disclosure,
            mf_access=mf_access,
            data_center_map=data_center_map,
            dormancy_status=dormancy_status,
            asba_status=asba_status,
            client_type=client_type,
            is_nri=is_nri,
            k_id=k_id,
            k_type=k_type,
            status=status,
            inc_range=inc_range,
            inc_upd_flag=inc_upd_flag,
            client_group=client_group,
            kra_status=kra_status,
            rc_flag=rc_flag,
            base_url=base_url,
            feed_url=feed_url,
            rt_url=rt_url,
        )

        session_data.additional_properties = d
        return session_data

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
