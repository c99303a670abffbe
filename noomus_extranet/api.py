"""The JSON endpoints: info, sign-in and tokens, profile, deliveries, lost-password reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi import Path as PathParam

import noomus_desktop
from noomus_extranet.audit import known_user, record
from noomus_extranet.auth import check_service, is_suspended
from noomus_extranet.errors import ApiError, not_found
from noomus_extranet.lost import report_lost as report_lost_now
from noomus_extranet.models import (
    Contact,
    Deliveries,
    Delivery,
    ErrorBody,
    Info,
    LoginRequest,
    RefreshRequest,
    ReportLostRequest,
    ReportReceived,
    Tokens,
    User,
)
from noomus_extranet.ratelimit import address_key
from noomus_extranet.services import PrincipalDep, ServicesDep, SignedInDep, client_ip

REPORT_MESSAGE = (
    "Thank you. If this user ID exists, it is now locked and every signed-in device has been"
    " signed out. A Noomus coordinator will contact you to set a new password."
)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in statuses}


def require_json(request: Request) -> None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")


JsonBody = Depends(require_json)
router = APIRouter(prefix="/api/v1")


def uploads_url(request: Request, public_url: str | None) -> str:
    base = public_url.rstrip("/") if public_url else str(request.base_url).rstrip("/")
    return f"{base}/api/v1/uploads/"


@router.get("/info", response_model=Info, tags=["service"])
def info(request: Request, svc: ServicesDep) -> Info:
    """What the app needs before signing in (no authentication)."""
    rows = svc.db.all("SELECT recipient FROM recipients ORDER BY id")
    contact = svc.config.contact
    return Info(
        service="Noomus extranet",
        version=noomus_desktop.__version__,
        recipients=[r["recipient"] for r in rows],
        uploads_url=uploads_url(request, svc.config.public_url),
        max_upload_size=svc.config.max_upload_size,
        status="suspended" if is_suspended(svc.db) else "ok",
        contact=Contact(email=contact.email, phone=contact.phone, address=contact.address),
        request_account_url=svc.config.request_account_url,
    )


@router.post(
    "/auth/login",
    response_model=Tokens,
    dependencies=[JsonBody],
    responses=error_responses(400, 401, 403, 415, 429, 503),
    tags=["auth"],
)
def login(body: LoginRequest, request: Request, svc: ServicesDep) -> Tokens:
    check_service(svc.db)
    ip = client_ip(request)
    device = svc.devices.recognise(body.username, body.device_token)
    try:
        svc.login_per_ip.take(address_key(ip))
        pair = svc.devices.throttled(
            body.username,
            device,
            lambda: svc.auth.login(body.username, body.password, body.device_name, ip),
        )
    except ApiError as exc:
        user = known_user(svc.db, body.username)
        record(svc.db, "sign_in_refused", user=user, ip=ip, code=exc.code)
        raise
    device_token = body.device_token if device else svc.devices.issue(pair.user["id"])
    record(
        svc.db,
        "sign_in",
        user=pair.user["username"],
        ip=ip,
        device_name=body.device_name,
        known_device=device is not None,
    )
    return Tokens.from_pair(pair, device_token)


@router.post(
    "/auth/refresh",
    response_model=Tokens,
    dependencies=[JsonBody],
    responses=error_responses(400, 401, 403, 415, 503),
    tags=["auth"],
)
def refresh(body: RefreshRequest, svc: ServicesDep) -> Tokens:
    check_service(svc.db)
    return Tokens.from_pair(svc.auth.refresh(body.refresh_token))


@router.post(
    "/auth/logout", status_code=204, responses=error_responses(401, 403, 503), tags=["auth"]
)
def logout(caller: SignedInDep, svc: ServicesDep) -> Response:
    svc.auth.logout(caller)
    record(svc.db, "sign_out", user=caller.username, session=caller.session_id)
    return Response(status_code=204)


@router.post(
    "/auth/report-lost",
    status_code=202,
    response_model=ReportReceived,
    dependencies=[JsonBody],
    responses=error_responses(400, 415, 429),
    tags=["auth"],
)
def report_lost(body: ReportLostRequest, request: Request, svc: ServicesDep) -> ReportReceived:
    """Lock the account and sign out every device; the same answer for any user ID."""
    ip = client_ip(request)
    svc.report_per_ip.take(address_key(ip))
    report_lost_now(svc.db, svc.locks_per_ip, body.username, ip, body.note or "")
    return ReportReceived(message=REPORT_MESSAGE)


@router.get("/me", response_model=User, responses=error_responses(401, 403, 503), tags=["account"])
def me(caller: PrincipalDep, svc: ServicesDep) -> User:
    row = svc.db.one("SELECT * FROM users WHERE id = ?", (caller.user_id,))
    assert row is not None
    return User.from_row(row)


@router.get(
    "/deliveries",
    response_model=Deliveries,
    responses=error_responses(401, 403, 503),
    tags=["account"],
)
def deliveries(caller: PrincipalDep, svc: ServicesDep) -> Deliveries:
    rows = svc.db.all(
        "SELECT * FROM deliveries WHERE user_id = ? ORDER BY id DESC", (caller.user_id,)
    )
    return Deliveries(deliveries=[Delivery.from_row(r) for r in rows])


@router.get(
    "/deliveries/{delivery_id}",
    response_model=Delivery,
    responses=error_responses(400, 401, 403, 404, 503),
    tags=["account"],
)
def delivery(
    delivery_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)],
    caller: PrincipalDep,
    svc: ServicesDep,
) -> Delivery:
    row = svc.db.one(
        "SELECT * FROM deliveries WHERE id = ? AND user_id = ?", (delivery_id, caller.user_id)
    )
    if row is None:
        raise not_found()
    return Delivery.from_row(row)
