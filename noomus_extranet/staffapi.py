"""The staff API under ``/api/v1/staff``: every customer's deliveries, listed, downloaded
(resumably, with HTTP ``Range``), their encrypted manifests, and marking them fetched.

Only staff accounts reach it. A request is authenticated as everywhere else (503 while
suspended, 401 for a missing, unknown, revoked or expired token, 403 for a locked or disabled
account); then a caller who is not staff gets ``404 not_found``, the answer of a route that
does not exist, so that a customer learns nothing about it. The server never decrypts
anything here: staff decrypt on their own machines (``noomus-staff``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, BinaryIO

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from noomus_extranet.api import error_responses
from noomus_extranet.audit import record
from noomus_extranet.auth import Principal, password_change_required
from noomus_extranet.db import Database, Row, now, rfc3339
from noomus_extranet.errors import ApiError, not_found
from noomus_extranet.retention import mark_fetched
from noomus_extranet.services import ServicesDep, SignedInDep
from noomus_extranet.staff import encrypted_manifest
from noomus_extranet.staffaccounts import is_staff

#: The most deliveries one listing answers (invariant 5: every resource has a bound).
MAX_PAGE = 1000
DEFAULT_PAGE = 100
_READ_SIZE = 256 * 1024
_OCTETS = "application/octet-stream"
#: One range of bytes, ``bytes=START-[END]`` or ``bytes=-SUFFIX`` (at most 19 digits each).
_RANGE = re.compile(r"bytes=(\d{0,19})-(\d{0,19})")

DeliveryId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]


def staff_member(caller: SignedInDep, svc: ServicesDep) -> Principal:
    """The caller, if a staff member; anyone else signed in gets 404 (as if no route)."""
    if not is_staff(svc.db, caller.user_id):
        raise not_found()
    if caller.must_change_password:
        raise password_change_required()
    return caller


StaffDep = Annotated[Principal, Depends(staff_member)]
router = APIRouter(prefix="/api/v1/staff", tags=["staff"])


class StaffDelivery(BaseModel):
    id: int
    username: str = Field(description="The customer's user ID")
    received_at: str = Field(description="RFC 3339, UTC")
    size: int = Field(description="Bytes of the stored ciphertext")
    sha256: str = Field(description="Hex SHA-256 of the stored ciphertext")
    manifest: bool = Field(description="Whether it has a manifest (encrypted name metadata)")
    fetched_at: str | None = Field(description="RFC 3339, UTC; null until marked fetched")


class StaffDeliveries(BaseModel):
    deliveries: list[StaffDelivery]
    next_after: int | None = Field(
        description="More may follow: ask again with ?after=this (null: this was the last page)"
    )


_SELECT = "SELECT d.*, u.username FROM deliveries d JOIN users u ON u.id = d.user_id"


def _delivery(row: Row) -> StaffDelivery:
    fetched = row["fetched_at"]
    return StaffDelivery(
        id=row["id"],
        username=row["username"],
        received_at=rfc3339(row["received_at"]),
        size=row["size"],
        sha256=row["sha256"],
        manifest=encrypted_manifest(row) is not None,
        fetched_at=rfc3339(fetched) if fetched is not None else None,
    )


def _row(svc_db: Database, delivery_id: int) -> Row:
    row = svc_db.one(_SELECT + " WHERE d.id = ?", (delivery_id,))
    if row is None:
        raise not_found()
    return row


@router.get(
    "/deliveries",
    response_model=StaffDeliveries,
    responses=error_responses(400, 401, 403, 404, 503),
)
def deliveries(
    caller: StaffDep,
    svc: ServicesDep,
    new: bool = False,
    after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> StaffDeliveries:
    """Every customer's deliveries, oldest first, from the one after ``after``; ``new``: only
    those not marked fetched yet."""
    where = " WHERE d.id > ?" + (" AND d.fetched_at IS NULL" if new else "")
    rows = svc.db.all(_SELECT + where + " ORDER BY d.id LIMIT ?", (after, limit))
    full = len(rows) == limit
    return StaffDeliveries(
        deliveries=[_delivery(r) for r in rows], next_after=rows[-1]["id"] if full else None
    )


@router.get(
    "/deliveries/{delivery_id}",
    response_model=StaffDelivery,
    responses=error_responses(400, 401, 403, 404, 503),
)
def delivery(delivery_id: DeliveryId, caller: StaffDep, svc: ServicesDep) -> StaffDelivery:
    return _delivery(_row(svc.db, delivery_id))


def unsatisfiable(size: int) -> ApiError:
    return ApiError(
        416,
        "range_not_satisfiable",
        "Ask for one range of bytes within the file (bytes=START- or bytes=START-END).",
        {"Content-Range": f"bytes */{size}"},
    )


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte ``header`` asks for, or None (the whole file).

    One range only; anything else, or a range past the end, is refused (416).
    """
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None or not (match[1] or match[2]):
        raise unsatisfiable(size)
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
        if match[2] and int(match[2]) < start:
            raise unsatisfiable(size)
    else:
        start, end = max(0, size - int(match[2])), size - 1
        if int(match[2]) == 0:
            raise unsatisfiable(size)
    if start >= size:
        raise unsatisfiable(size)
    return start, end


def _chunks(file: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    """The bytes of ``file`` from ``start`` (run in a worker thread by the response)."""
    with file:
        file.seek(start)
        while length > 0 and (block := file.read(min(_READ_SIZE, length))):
            length -= len(block)
            yield block


@router.get(
    "/deliveries/{delivery_id}/ciphertext",
    response_class=StreamingResponse,
    responses={
        200: {"content": {_OCTETS: {}}, "description": "The whole .age file"},
        206: {"content": {_OCTETS: {}}, "description": "The range asked for"},
        **error_responses(400, 401, 403, 404, 416, 503),
    },
)
def ciphertext(
    delivery_id: DeliveryId, request: Request, caller: StaffDep, svc: ServicesDep
) -> StreamingResponse:
    """The delivery's ``.age`` file as stored, whole or one ``Range`` of it (resumable)."""
    row = _row(svc.db, delivery_id)
    try:
        file: BinaryIO = (svc.uploads.storage.inbox / Path(row["path"])).open("rb")
    except FileNotFoundError:
        raise not_found() from None
    size = row["size"]
    try:
        wanted = byte_range(request.headers.get("range"), size)
    except ApiError:
        file.close()
        raise
    start, end = wanted or (0, size - 1)
    headers = {
        "Accept-Ranges": "bytes",
        "Cache-Control": "no-store",
        "Content-Length": str(end - start + 1),
        "ETag": f'"{row["sha256"]}"',
    }
    if wanted is not None:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return StreamingResponse(
        _chunks(file, start, end - start + 1),
        status_code=206 if wanted is not None else 200,
        media_type=_OCTETS,
        headers=headers,
    )


@router.get(
    "/deliveries/{delivery_id}/manifest",
    response_class=Response,
    responses={
        200: {"content": {_OCTETS: {}}, "description": "The encrypted manifest (an age file)"},
        **error_responses(400, 401, 403, 404, 503),
    },
)
def manifest(delivery_id: DeliveryId, caller: StaffDep, svc: ServicesDep) -> Response:
    """The delivery's manifest: its name metadata, encrypted on the customer's machine."""
    found = encrypted_manifest(_row(svc.db, delivery_id))
    if found is None:
        raise ApiError(404, "manifest_missing", "This delivery has no manifest.")
    return Response(found, media_type=_OCTETS, headers={"Cache-Control": "no-store"})


@router.post(
    "/deliveries/{delivery_id}/fetched",
    response_model=StaffDelivery,
    responses=error_responses(400, 401, 403, 404, 503),
)
def fetched(delivery_id: DeliveryId, caller: StaffDep, svc: ServicesDep) -> StaffDelivery:
    """Mark the delivery fetched (idempotent: the first time and staff member stay)."""
    _row(svc.db, delivery_id)
    first = mark_fetched(svc.db, delivery_id, caller.user_id, now())
    record(
        svc.db, "delivery_fetched", user=caller.username, delivery=delivery_id, first=bool(first)
    )
    return _delivery(_row(svc.db, delivery_id))
