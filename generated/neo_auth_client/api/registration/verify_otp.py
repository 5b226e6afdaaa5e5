from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.verify_otp_request import VerifyOtpRequest
from ...models.verify_otp_response import VerifyOtpResponse
from ...types import Response, Unset


def _get_kwargs(
    *,
    body: VerifyOtpRequest,
    origin: str | Unset = "cug-cms.kotaksecurities.com",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(origin, Unset):
        headers["Origin"] = origin

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/algo-user/v5/register/otp/verify",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def build_request(
    *,
    body: VerifyOtpRequest,
    origin: str | Unset = "cug-cms.kotaksecurities.com",
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.request` for this operation (no base URL)."""
    return _get_kwargs(
        body=body,
        origin=origin,
    )


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | VerifyOtpResponse | None:
    if response.status_code == 200:
        response_200 = VerifyOtpResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | VerifyOtpResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerifyOtpRequest,
    origin: str | Unset = "cug-cms.kotaksecurities.com",
) -> Response[ErrorResponse | VerifyOtpResponse]:
    """Verify the SMS OTP; answers the client codes (UCCs) of that number.

    Args:
        origin (str | Unset):  Default: 'cug-cms.kotaksecurities.com'.
        body (VerifyOtpRequest):  Example: {'mobile': '+919999996708', 'code': '1234',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | VerifyOtpResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        origin=origin,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: VerifyOtpRequest,
    origin: str | Unset = "cug-cms.kotaksecurities.com",
) -> ErrorResponse | VerifyOtpResponse | None:
    """Verify the SMS OTP; answers the client codes (UCCs) of that number.

    Args:
        origin (str | Unset):  Default: 'cug-cms.kotaksecurities.com'.
        body (VerifyOtpRequest):  Example: {'mobile': '+919999996708', 'code': '1234',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | VerifyOtpResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        origin=origin,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: VerifyOtpRequest,
    origin: str | Unset = "cug-cms.kotaksecurities.com",
) -> Response[ErrorResponse | VerifyOtpResponse]:
    """Verify the SMS OTP; answers the client codes (UCCs) of that number.

    Args:
        origin (str | Unset):  Default: 'cug-cms.kotaksecurities.com'.
        body (VerifyOtpRequest):  Example: {'mobile': '+919999996708', 'code': '1234',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | VerifyOtpResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        origin=origin,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: VerifyOtpRequest,
    origin: str | Unset = "cug-cms.kotaksecurities.com",
) -> ErrorResponse | VerifyOtpResponse | None:
    """Verify the SMS OTP; answers the client codes (UCCs) of that number.

    Args:
        origin (str | Unset):  Default: 'cug-cms.kotaksecurities.com'.
        body (VerifyOtpRequest):  Example: {'mobile': '+919999996708', 'code': '1234',
            'sessionId': '5f0c2a4e-8d7b-4f0e-9a51-2b6c1d3e4f50'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | VerifyOtpResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            origin=origin,
        )
    ).parsed
