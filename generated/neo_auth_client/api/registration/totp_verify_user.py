from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.totp_verify_user_request import TotpVerifyUserRequest
from ...models.totp_verify_user_response import TotpVerifyUserResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TotpVerifyUserRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/login/v6/totp/verify-user",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def build_request(
    *,
    body: TotpVerifyUserRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.request` for this operation (no base URL)."""
    return _get_kwargs(
        body=body,
    )


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TotpVerifyUserResponse | None:
    if response.status_code == 200:
        response_200 = TotpVerifyUserResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorResponse.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = ErrorResponse.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | TotpVerifyUserResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TotpVerifyUserRequest,
) -> Response[ErrorResponse | TotpVerifyUserResponse]:
    """Start TOTP enrolment; answers a fresh secret, its otpauth URI and a QR code.

     Needs the verified OTP session. The answered `sessionID` (note the casing) replaces
    the OTP session id for `totpRegister`. The QR code is valid for 2 minutes.

    Args:
        body (TotpVerifyUserRequest):  Example: {'mobileNumber': '+919999996708', 'ucc': 'ABC12',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TotpVerifyUserResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TotpVerifyUserRequest,
) -> ErrorResponse | TotpVerifyUserResponse | None:
    """Start TOTP enrolment; answers a fresh secret, its otpauth URI and a QR code.

     Needs the verified OTP session. The answered `sessionID` (note the casing) replaces
    the OTP session id for `totpRegister`. The QR code is valid for 2 minutes.

    Args:
        body (TotpVerifyUserRequest):  Example: {'mobileNumber': '+919999996708', 'ucc': 'ABC12',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TotpVerifyUserResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TotpVerifyUserRequest,
) -> Response[ErrorResponse | TotpVerifyUserResponse]:
    """Start TOTP enrolment; answers a fresh secret, its otpauth URI and a QR code.

     Needs the verified OTP session. The answered `sessionID` (note the casing) replaces
    the OTP session id for `totpRegister`. The QR code is valid for 2 minutes.

    Args:
        body (TotpVerifyUserRequest):  Example: {'mobileNumber': '+919999996708', 'ucc': 'ABC12',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TotpVerifyUserResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TotpVerifyUserRequest,
) -> ErrorResponse | TotpVerifyUserResponse | None:
    """Start TOTP enrolment; answers a fresh secret, its otpauth URI and a QR code.

     Needs the verified OTP session. The answered `sessionID` (note the casing) replaces
    the OTP session id for `totpRegister`. The QR code is valid for 2 minutes.

    Args:
        body (TotpVerifyUserRequest):  Example: {'mobileNumber': '+919999996708', 'ucc': 'ABC12',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TotpVerifyUserResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
