from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.totp_validate_request import TotpValidateRequest
from ...models.totp_validate_response import TotpValidateResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TotpValidateRequest,
    neo_fin_key: str,
    sid: str,
    auth: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["neo-fin-key"] = neo_fin_key

    headers["sid"] = sid

    headers["Auth"] = auth

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/login/1.0/tradeApiValidate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def build_request(
    *,
    body: TotpValidateRequest,
    neo_fin_key: str,
    sid: str,
    auth: str,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.request` for this operation (no base URL)."""
    return _get_kwargs(
        body=body,
        neo_fin_key=neo_fin_key,
        sid=sid,
        auth=auth,
    )


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TotpValidateResponse | None:
    if response.status_code == 200:
        response_200 = TotpValidateResponse.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

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
) -> Response[ErrorResponse | TotpValidateResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TotpValidateRequest,
    neo_fin_key: str,
    sid: str,
    auth: str,
) -> Response[ErrorResponse | TotpValidateResponse]:
    """Validate the MPIN with the view session; answers the trade session.

    Args:
        neo_fin_key (str):
        sid (str):
        auth (str):
        body (TotpValidateRequest):  Example: {'mpin': '123456'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TotpValidateResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        neo_fin_key=neo_fin_key,
        sid=sid,
        auth=auth,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TotpValidateRequest,
    neo_fin_key: str,
    sid: str,
    auth: str,
) -> ErrorResponse | TotpValidateResponse | None:
    """Validate the MPIN with the view session; answers the trade session.

    Args:
        neo_fin_key (str):
        sid (str):
        auth (str):
        body (TotpValidateRequest):  Example: {'mpin': '123456'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TotpValidateResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        neo_fin_key=neo_fin_key,
        sid=sid,
        auth=auth,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TotpValidateRequest,
    neo_fin_key: str,
    sid: str,
    auth: str,
) -> Response[ErrorResponse | TotpValidateResponse]:
    """Validate the MPIN with the view session; answers the trade session.

    Args:
        neo_fin_key (str):
        sid (str):
        auth (str):
        body (TotpValidateRequest):  Example: {'mpin': '123456'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TotpValidateResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        neo_fin_key=neo_fin_key,
        sid=sid,
        auth=auth,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TotpValidateRequest,
    neo_fin_key: str,
    sid: str,
    auth: str,
) -> ErrorResponse | TotpValidateResponse | None:
    """Validate the MPIN with the view session; answers the trade session.

    Args:
        neo_fin_key (str):
        sid (str):
        auth (str):
        body (TotpValidateRequest):  Example: {'mpin': '123456'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TotpValidateResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            neo_fin_key=neo_fin_key,
            sid=sid,
            auth=auth,
        )
    ).parsed
