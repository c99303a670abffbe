"""The tus 1.0.0 endpoint at ``/api/v1/uploads/`` (core, creation, creation-with-upload,
termination, checksum, expiration), authenticated per request and per few MB of body.

The handlers speak HTTP only: headers in, headers out. What an upload is and how its bytes
are stored is :mod:`noomus_extranet.tus.uploads`; every call into it that reaches the
database or the disk is awaited (it runs in a worker thread, off the event loop).
"""

from __future__ import annotations

import asyncio
import errno
from email.utils import formatdate
from typing import Any

from fastapi import APIRouter, Request, Response

from noomus_extranet.api import uploads_url
from noomus_extranet.audit import record
from noomus_extranet.auth import check_service
from noomus_extranet.db import Row
from noomus_extranet.errors import TUS_VERSION, ApiError, invalid_request
from noomus_extranet.leases import Hold
from noomus_extranet.services import OptionalHeader, PrincipalDep, Services, ServicesDep
from noomus_extranet.staffaccounts import refuse_staff
from noomus_extranet.tus.body import Body
from noomus_extranet.tus.headers import (
    CHECKSUM_ALGORITHMS,
    parse_checksum,
    parse_count,
    parse_metadata,
)
from noomus_extranet.tus.manifest import (
    MANIFEST_HEADER,
    MAX_MANIFEST,
    is_format_2,
    manifest_too_large,
    without_manifest,
)
from noomus_extranet.tus.uploads import AppendResult

OFFSET_TYPE = "application/offset+octet-stream"
EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration"
_BINARY_BODY: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "content": {OFFSET_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}

_CLOSE = {"Connection": "close"}
router = APIRouter(prefix="/api/v1/uploads", tags=["uploads (tus 1.0.0)"])


def _tus_headers() -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store"}


def _options_headers(max_size: int) -> dict[str, str]:
    headers = _tus_headers()
    headers["Tus-Version"] = TUS_VERSION
    headers["Tus-Extension"] = EXTENSIONS
    headers["Tus-Max-Size"] = str(max_size)
    headers["Tus-Checksum-Algorithm"] = ",".join(CHECKSUM_ALGORITHMS)
    return headers


def _require_version(tus_resumable: str | None) -> None:
    if tus_resumable != TUS_VERSION:
        raise ApiError(
            412,
            "unsupported_version",
            f"Send Tus-Resumable: {TUS_VERSION}.",
            {"Tus-Version": TUS_VERSION},
        )


def _require_offset_type(content_type: str | None) -> None:
    if (content_type or "").split(";")[0].strip().lower() != OFFSET_TYPE:
        raise ApiError(415, "unsupported_media_type", f"Send the body as {OFFSET_TYPE}.")


async def _upload_headers(svc: Services, upload: Row, offset: int) -> dict[str, str]:
    headers = _tus_headers()
    headers["Upload-Offset"] = str(offset)
    headers["Upload-Length"] = str(upload["length"])
    delivery = await svc.uploads.delivery_of(upload["id"])
    if delivery is not None:
        headers["Noomus-Delivery-Id"] = str(delivery["id"])
        headers["Noomus-Delivery-Sha256"] = delivery["sha256"]
    elif upload["state"] == "open":
        headers["Upload-Expires"] = formatdate(upload["expires_at"], usegmt=True)
        if offset == upload["length"] and is_format_2(upload["metadata"]):
            headers[MANIFEST_HEADER] = "required"
    return headers


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "chunked" in request.headers.get("transfer-encoding", "").lower()


def _body(request: Request, svc: Services) -> Body:
    return Body(request.receive, svc.config.body_idle_timeout)


async def _append(
    request: Request, svc: Services, body: Body, upload: Row, hold: Hold
) -> AppendResult:
    checksum = parse_checksum(request.headers.get("upload-checksum"))
    declared = request.headers.get("content-length")
    if declared is not None:
        size = parse_count(declared, "Content-Length")
        if upload["offset"] + size > upload["length"]:
            raise ApiError(413, "upload_too_large", "The body goes past Upload-Length.")
    authorization = request.headers.get("authorization")

    def still_allowed() -> None:
        # Revocation, a lost-password report, a disabled account or a suspension stops
        # an upload in flight within a few dozen megabytes (config.recheck_*); so does
        # the disk's free space falling below the reserve. Runs in a worker thread (it
        # reads the database and the file system).
        check_service(svc.db)
        svc.auth.authenticate(authorization)
        svc.uploads.disk.check()

    try:
        await asyncio.to_thread(svc.uploads.disk.check)
        return await svc.uploads.append(upload, body.chunks(), checksum, still_allowed, hold)
    except ApiError as exc:
        if exc.status == 507:
            await asyncio.to_thread(
                record, svc.db, "upload_refused", user_id=upload["user_id"], code=exc.code
            )
        # The rest of the body is not wanted: close rather than read it to the end.
        exc.headers["Connection"] = "close"
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ApiError(
                507, "storage_full", "The server cannot store more right now.", _CLOSE
            ) from exc
        raise


@router.options("/", status_code=204)
def options_root(svc: ServicesDep) -> Response:
    """Advertise the tus version, extensions, size limit and checksum algorithms (no auth)."""
    check_service(svc.db)
    return Response(status_code=204, headers=_options_headers(svc.config.max_upload_size))


@router.options("/{upload_id}", status_code=204)
def options_upload(upload_id: str, svc: ServicesDep) -> Response:
    return options_root(svc)


@router.post("/", status_code=201, openapi_extra=_BINARY_BODY)
async def create_upload(
    request: Request,
    caller: PrincipalDep,
    svc: ServicesDep,
    tus_resumable: OptionalHeader = None,
    upload_length: OptionalHeader = None,
    upload_metadata: OptionalHeader = None,
    upload_checksum: OptionalHeader = None,
    upload_defer_length: OptionalHeader = None,
    content_type: OptionalHeader = None,
) -> Response:
    """tus creation (and creation-with-upload when a body is sent)."""
    _require_version(tus_resumable)
    await asyncio.to_thread(refuse_staff, svc.db, caller.user_id)
    if upload_defer_length is not None:
        raise invalid_request("Upload-Defer-Length is not supported; send Upload-Length.")
    length = parse_count(upload_length, "Upload-Length")
    metadata = parse_metadata(upload_metadata, svc.config.max_metadata_size)
    with_body = _has_body(request)
    if with_body:
        _require_offset_type(content_type)
        parse_checksum(upload_checksum)
    upload = await svc.uploads.create(caller.user_id, length, metadata)
    location = uploads_url(request, svc.config.public_url) + upload["id"]
    offset = 0
    if with_body:
        body = _body(request, svc)
        async with svc.uploads.locks.locked(upload["id"], body) as hold:
            try:
                offset = (await _append(request, svc, body, upload, hold)).offset
            except ApiError as exc:
                if not await svc.uploads.forget_if_empty(upload["id"]):
                    exc.headers.setdefault("Location", location)  # resume what was kept
                raise
    upload = await svc.uploads.get(upload["id"], caller.user_id)
    headers = await _upload_headers(svc, upload, offset)
    headers["Location"] = location
    return Response(status_code=201, headers=headers)


@router.head("/{upload_id}", status_code=200)
async def head_upload(
    upload_id: str,
    caller: PrincipalDep,
    svc: ServicesDep,
    tus_resumable: OptionalHeader = None,
) -> Response:
    """The upload's offset (and, once delivered, its delivery id and SHA-256)."""
    _require_version(tus_resumable)
    await svc.uploads.get(upload_id, caller.user_id)
    async with svc.uploads.locks.reading(upload_id):
        upload = await svc.uploads.get(upload_id, caller.user_id)
    headers = await _upload_headers(svc, upload, upload["offset"])
    if metadata := without_manifest(upload["metadata"]):
        headers["Upload-Metadata"] = metadata
    return Response(status_code=200, headers=headers)


@router.patch("/{upload_id}", status_code=204, openapi_extra=_BINARY_BODY)
async def patch_upload(
    upload_id: str,
    request: Request,
    caller: PrincipalDep,
    svc: ServicesDep,
    tus_resumable: OptionalHeader = None,
    upload_offset: OptionalHeader = None,
    upload_checksum: OptionalHeader = None,
    content_type: OptionalHeader = None,
) -> Response:
    """Append the body at ``Upload-Offset``; completes the upload when it reaches its length."""
    _require_version(tus_resumable)
    await svc.uploads.get(upload_id, caller.user_id)
    _require_offset_type(content_type)
    offset = parse_count(upload_offset, "Upload-Offset")
    parse_checksum(upload_checksum)
    body = _body(request, svc)
    async with svc.uploads.locks.locked(upload_id, body) as hold:
        upload = await svc.uploads.get(upload_id, caller.user_id)
        if offset != upload["offset"]:
            raise ApiError(
                409,
                "offset_mismatch",
                "Upload-Offset differs from the server's; send HEAD to resume.",
                {"Upload-Offset": str(upload["offset"])},
            )
        if upload["state"] == "completed":
            if _has_body(request):
                raise ApiError(413, "upload_too_large", "The upload is already complete.")
            new_offset = upload["offset"]
        else:
            new_offset = (await _append(request, svc, body, upload, hold)).offset
        upload = await svc.uploads.get(upload_id, caller.user_id)
    return Response(status_code=204, headers=await _upload_headers(svc, upload, new_offset))


@router.delete("/{upload_id}", status_code=204)
async def delete_upload(
    upload_id: str,
    caller: PrincipalDep,
    svc: ServicesDep,
    tus_resumable: OptionalHeader = None,
) -> Response:
    """tus termination: forget an unfinished upload and its bytes."""
    _require_version(tus_resumable)
    await svc.uploads.get(upload_id, caller.user_id)
    async with svc.uploads.locks.locked(upload_id):
        await svc.uploads.terminate(await svc.uploads.get(upload_id, caller.user_id))
    return Response(status_code=204, headers=_tus_headers())


@router.put("/{upload_id}/manifest", status_code=204, openapi_extra=_BINARY_BODY)
async def put_manifest(
    upload_id: str, request: Request, caller: PrincipalDep, svc: ServicesDep
) -> Response:
    """Format 2: store the encrypted manifest of a fully received upload and deliver it
    (answers the delivery headers, like the PATCH that completes a format-1 upload)."""
    await svc.uploads.get(upload_id, caller.user_id)
    manifest = await _bounded_body(request, MAX_MANIFEST)
    async with svc.uploads.locks.locked(upload_id):
        upload = await svc.uploads.get(upload_id, caller.user_id)
        await svc.uploads.attach_manifest(upload, manifest)
        upload = await svc.uploads.get(upload_id, caller.user_id)
    return Response(status_code=204, headers=await _upload_headers(svc, upload, upload["offset"]))


async def _bounded_body(request: Request, limit: int) -> bytes:
    """The whole request body, refused (413, unread past the limit) beyond ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and parse_count(declared, "Content-Length") > limit:
        raise manifest_too_large()
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > limit:
            raise manifest_too_large()
    return bytes(body)
