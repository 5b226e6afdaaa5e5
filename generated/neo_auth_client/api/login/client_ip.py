from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_ip_response import ClientIpResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    sid: str,
    auth: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Sid"] = sid

    headers["Auth"] = auth

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/login/1.0/get-client-ip",
    }

    _kwargs["headers"] = headers
    return _kwargs


def build_request(
    *,
    sid: str,
    auth: str,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.request` for this operation (no base URL)."""
    return _get_kwargs(
        sid=sid,
        auth=auth,
    )


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ClientIpResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = ClientIpResponse.from_dict(response.json())

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
) -> Response[ClientIpResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    sid: str,
    auth: str,
) -> Response[ClientIpResponse | ErrorResponse]:
    """The IP address the service sees for a session (a cheap, read-only check).

     Needs a live trade session (`Sid` and `Auth` from `totpValidate`). Since static-IP
    binding (April 2026) a session works only from the IP it was created from; this
    call tells which IP the service sees now, and whether the session still works.

    Args:
        sid (str):
        auth (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientIpResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
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
    sid: str,
    auth: str,
) -> ClientIpResponse | ErrorResponse | None:
    """The IP address the service sees for a session (a cheap, read-only check).

     Needs a live trade session (`Sid` and `Auth` from `totpValidate`). Since static-IP
    binding (April 2026) a session works only from the IP it was created from; this
    call tells which IP the service sees now, and whether the session still works.

    Args:
        sid (str):
        auth (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientIpResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        sid=sid,
        auth=auth,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    sid: str,
    auth: str,
) -> Response[ClientIpResponse | ErrorResponse]:
    """The IP address the service sees for a session (a cheap, read-only check).

     Needs a live trade session (`Sid` and `Auth` from `totpValidate`). Since static-IP
    binding (April 2026) a session works only from the IP it was created from; this
    call tells which IP the service sees now, and whether the session still works.

    Args:
        sid (str):
        auth (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientIpResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        sid=sid,
        auth=auth,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    sid: str,
    auth: str,
) -> ClientIpResponse | ErrorResponse | None:
    """The IP address the service sees for a session (a cheap, read-only check).

     Needs a live trade session (`Sid` and `Auth` from `totpValidate`). Since static-IP
    binding (April 2026) a session works only from the IP it was created from; this
    call tells which IP the service sees now, and whether the session still works.

    Args:
        sid (str):
        auth (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientIpResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            sid=sid,
            auth=auth,
        )
    ).parsed
