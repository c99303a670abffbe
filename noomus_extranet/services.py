"""Everything a request handler needs, built once per app and reached through dependencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from noomus_extranet.auth import (
    Authenticator,
    Principal,
    check_service,
    password_change_required,
)
from noomus_extranet.config import ServerConfig
from noomus_extranet.db import Database
from noomus_extranet.devices import KnownDevices
from noomus_extranet.ratelimit import RateLimiter
from noomus_extranet.tus.uploads import Uploads


@dataclass
class Services:
    config: ServerConfig
    db: Database
    auth: Authenticator
    uploads: Uploads
    login_per_user: RateLimiter
    login_per_ip: RateLimiter
    report_per_ip: RateLimiter
    devices: KnownDevices
    locks_per_ip: RateLimiter


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# Declared for the OpenAPI document (clients and schemathesis see the scheme); checked below.
bearer_scheme = HTTPBearer(auto_error=False, description="Access token from /auth/login.")


def signed_in(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """The authenticated caller, even one who must still change a one-time password."""
    check_service(svc.db)
    return svc.auth.authenticate(request.headers.get("authorization"))


def principal(caller: Annotated[Principal, Depends(signed_in)]) -> Principal:
    """The authenticated caller; the service must not be suspended."""
    if caller.must_change_password:
        raise password_change_required()
    return caller


ServicesDep = Annotated[Services, Depends(services)]
PrincipalDep = Annotated[Principal, Depends(principal)]
SignedInDep = Annotated[Principal, Depends(signed_in)]
OptionalHeader = Annotated[str | None, Header()]
