"""Contains all the data models used in inputs/outputs"""

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

__all__ = (
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
)
