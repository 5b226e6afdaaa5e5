from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_item import ErrorItem
    from ..models.gateway_fault import GatewayFault
    from ..models.wrapped_error import WrappedError


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """Every error-body shape the service and its gateways answer, on any status (2xx
    included): `{"error": [{"code", "message"}]}` (sometimes with `stat: Not_Ok` and a
    `tid`); the documented login shape `{"status": "error", "message", "errorCode"}`;
    the API gateway's `{"fault": {...}}`; the login checker's `{"stCode", "errMsg",
    "stat"}`, also wrapped in `data`; a flat `{"code", "message", "description"}`;
    OAuth's `{"error": "...", "error_description": "..."}`.

        Example:
            {'error': [{'code': '10512', 'message': 'Required header not found.'}]}

        Attributes:
            status (str | Unset): "error" in the documented login error shape.
            error_code (int | str | Unset): The documented login error code (401, 403, 422, 500).
            tid (str | Unset): A trace id some gateways add.
            data (WrappedError | Unset): The login checker's error, wrapped in `data` (kotak-neo-api#280). Example:
                {'stCode': 100022, 'errMsg': 'invalid session token', 'stat': 'error in neo-login-check-api'}.
            error (list[ErrorItem] | str | Unset):
            error_description (str | Unset):
            fault (GatewayFault | Unset):  Example: {'code': 900901, 'message': 'Invalid Credentials', 'description':
                'Access failure for API: /login/1.0'}.
            st_code (int | str | Unset):
            err_msg (str | Unset):
            stat (str | Unset):
            code (int | str | Unset):
            message (str | Unset):
            description (str | Unset):
    """

    status: str | Unset = UNSET
    error_code: int | str | Unset = UNSET
    tid: str | Unset = UNSET
    data: WrappedError | Unset = UNSET
    error: list[ErrorItem] | str | Unset = UNSET
    error_description: str | Unset = UNSET
    fault: GatewayFault | Unset = UNSET
    st_code: int | str | Unset = UNSET
    err_msg: str | Unset = UNSET
    stat: str | Unset = UNSET
    code: int | str | Unset = UNSET
    message: str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=dict, repr=lambda fields: repr(sorted(fields))
    )

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        error_code: int | str | Unset
        if isinstance(self.error_code, Unset):
            error_code = UNSET
        else:
            error_code = self.error_code

        tid = self.tid

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        error: list[dict[str, Any]] | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, list):
            error = []
            for error_type_0_item_data in self.error:
                error_type_0_item = error_type_0_item_data.to_dict()
                error.append(error_type_0_item)

        else:
            error = self.error

        error_description = self.error_description

        fault: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fault, Unset):
            fault = self.fault.to_dict()

        st_code: int | str | Unset
        if isinstance(self.st_code, Unset):
            st_code = UNSET
        else:
            st_code = self.st_code

        err_msg = self.err_msg

        stat = self.stat

        code: int | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        message = self.message

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if error_code is not UNSET:
            field_dict["errorCode"] = error_code
        if tid is not UNSET:
            field_dict["tid"] = tid
        if data is not UNSET:
            field_dict["data"] = data
        if error is not UNSET:
            field_dict["error"] = error
        if error_description is not UNSET:
            field_dict["error_description"] = error_description
        if fault is not UNSET:
            field_dict["fault"] = fault
        if st_code is not UNSET:
            field_dict["stCode"] = st_code
        if err_msg is not UNSET:
            field_dict["errMsg"] = err_msg
        if stat is not UNSET:
            field_dict["stat"] = stat
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_item import ErrorItem
        from ..models.gateway_fault import GatewayFault
        from ..models.wrapped_error import WrappedError

        d = dict(src_dict)
        status = d.pop("status", UNSET)

        def _parse_error_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error_code = _parse_error_code(d.pop("errorCode", UNSET))

        tid = d.pop("tid", UNSET)

        _data = d.pop("data", UNSET)
        data: WrappedError | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = WrappedError.from_dict(_data)

        def _parse_error(data: object) -> list[ErrorItem] | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                error_type_0 = []
                _error_type_0 = data
                for error_type_0_item_data in _error_type_0:
                    error_type_0_item = ErrorItem.from_dict(error_type_0_item_data)

                    error_type_0.append(error_type_0_item)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ErrorItem] | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        error_description = d.pop("error_description", UNSET)

        _fault = d.pop("fault", UNSET)
        fault: GatewayFault | Unset
        if isinstance(_fault, Unset):
            fault = UNSET
        else:
            fault = GatewayFault.from_dict(_fault)

        def _parse_st_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        st_code = _parse_st_code(d.pop("stCode", UNSET))

        err_msg = d.pop("errMsg", UNSET)

        stat = d.pop("stat", UNSET)

        def _parse_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        message = d.pop("message", UNSET)

        description = d.pop("description", UNSET)

        error_response = cls(
            status=status,
            error_code=error_code,
            tid=tid,
            data=data,
            error=error,
            error_description=error_description,
            fault=fault,
            st_code=st_code,
            err_msg=err_msg,
            stat=stat,
            code=code,
            message=message,
            description=description,
        )

        error_response.additional_properties = d
        return error_response

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
