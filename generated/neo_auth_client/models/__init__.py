"""Contains all the data models used in inputs/outputs"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client_ip_entry import ClientIpEntry
    from .client_ip_response import ClientIpResponse
    from .error_item import ErrorItem
    from .error_response import ErrorResponse
    from .gateway_fault import GatewayFault
    from .send_otp_request import SendOtpRequest
    from .send_otp_response import SendOtpResponse
    from .send_otp_response_data import SendOtpResponseData
    from .session_data import SessionData
    from .session_data_data_center_map_type_0 import SessionDataDataCenterMapType0
    from .totp_deregister_request import TotpDeregisterRequest
    from .totp_deregister_response import TotpDeregisterResponse
    from .totp_deregister_response_data import TotpDeregisterResponseData
    from .totp_login_request import TotpLoginRequest
    from .totp_login_response import TotpLoginResponse
    from .totp_register_request import TotpRegisterRequest
    from .totp_register_response import TotpRegisterResponse
    from .totp_register_response_data import TotpRegisterResponseData
    from .totp_validate_request import TotpValidateRequest
    from .totp_validate_response import TotpValidateResponse
    from .totp_verify_user_request import TotpVerifyUserRequest
    from .totp_verify_user_response import TotpVerifyUserResponse
    from .totp_verify_user_response_data import TotpVerifyUserResponseData
    from .ucc_info import UccInfo
    from .verify_otp_request import VerifyOtpRequest
    from .verify_otp_response import VerifyOtpResponse
    from .verify_otp_response_data import VerifyOtpResponseData
    from .wrapped_error import WrappedError

_MODULES = {
    "ClientIpEntry": ".client_ip_entry",
    "ClientIpResponse": ".client_ip_response",
    "ErrorItem": ".error_item",
    "ErrorResponse": ".error_response",
    "GatewayFault": ".gateway_fault",
    "SendOtpRequest": ".send_otp_request",
    "SendOtpResponse": ".send_otp_response",
    "SendOtpResponseData": ".send_otp_response_data",
    "SessionData": ".session_data",
    "SessionDataDataCenterMapType0": ".session_data_data_center_map_type_0",
    "TotpDeregisterRequest": ".totp_deregister_request",
    "TotpDeregisterResponse": ".totp_deregister_response",
    "TotpDeregisterResponseData": ".totp_deregister_response_data",
    "TotpLoginRequest": ".totp_login_request",
    "TotpLoginResponse": ".totp_login_response",
    "TotpRegisterRequest": ".totp_register_request",
    "TotpRegisterResponse": ".totp_register_response",
    "TotpRegisterResponseData": ".totp_register_response_data",
    "TotpValidateRequest": ".totp_validate_request",
    "TotpValidateResponse": ".totp_validate_response",
    "TotpVerifyUserRequest": ".totp_verify_user_request",
    "TotpVerifyUserResponse": ".totp_verify_user_response",
    "TotpVerifyUserResponseData": ".totp_verify_user_response_data",
    "UccInfo": ".ucc_info",
    "VerifyOtpRequest": ".verify_otp_request",
    "VerifyOtpResponse": ".verify_otp_response",
    "VerifyOtpResponseData": ".verify_otp_response_data",
    "WrappedError": ".wrapped_error",
}


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_MODULES[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = (
    "ClientIpEntry",
    "ClientIpResponse",
    "ErrorItem",
    "ErrorResponse",
    "GatewayFault",
    "SendOtpRequest",
    "SendOtpResponse",
    "SendOtpResponseData",
    "SessionData",
    "SessionDataDataCenterMapType0",
    "TotpDeregisterRequest",
    "TotpDeregisterResponse",
    "TotpDeregisterResponseData",
    "TotpLoginRequest",
    "TotpLoginResponse",
    "TotpRegisterRequest",
    "TotpRegisterResponse",
    "TotpRegisterResponseData",
    "TotpValidateRequest",
    "TotpValidateResponse",
    "TotpVerifyUserRequest",
    "TotpVerifyUserResponse",
    "TotpVerifyUserResponseData",
    "UccInfo",
    "VerifyOtpRequest",
    "VerifyOtpResponse",
    "VerifyOtpResponseData",
    "WrappedError",
)
