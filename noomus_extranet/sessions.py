"""A customer's own device sessions and password: see and end signed-in devices, change the
password (which ends every other session), and replace a coordinator's one-time password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response
from fastapi import Path as PathParam

from noomus_extranet.api import JsonBody, error_responses
from noomus_extranet.audit import record
from noomus_extranet.auth import invalid_credentials
from noomus_extranet.db import Connection, now, rfc3339
from noomus_extranet.errors import not_found
from noomus_extranet.models import PasswordChange, Session, Sessions
from noomus_extranet.passwords import hash_password, verify_password
from noomus_extranet.reserve import write_security_state
from noomus_extranet.services import PrincipalDep, ServicesDep, SignedInDep

router = APIRouter(prefix="/api/v1", tags=["account"])


@router.get("/sessions", response_model=Sessions, responses=error_responses(401, 403, 503))
def sessions(caller: PrincipalDep, svc: ServicesDep) -> Sessions:
    """This account's signed-in devices (sessions not ended or past their lifetime)."""
    lifetime = svc.auth.session_lifetime
    rows = svc.db.all(
        "SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND created_at > ?"
        " ORDER BY id DESC",
        (caller.user_id, now() - lifetime),
    )
    return Sessions(
        sessions=[
            Session(
                id=r["id"],
                device_name=r["device_name"],
                ip=r["ip"],
                created_at=rfc3339(r["created_at"]),
                last_used_at=rfc3339(r["last_used_at"]),
                ends_at=rfc3339(r["created_at"] + lifetime),
                current=r["id"] == caller.session_id,
            )
            for r in rows
        ]
    )


@router.delete(
    "/sessions/{session_id}", status_code=204, responses=error_responses(400, 401, 403, 404, 503)
)
def end_session(
    session_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)],
    caller: PrincipalDep,
    svc: ServicesDep,
) -> Response:
    """Sign out one of this account's devices (this one too, if it is its own ID)."""

    def end(conn: Connection) -> int:
        return conn.execute(
            "UPDATE sessions SET revoked_at = ?, revoked_reason = 'ended by the user'"
            " WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
            (now(), session_id, caller.user_id),
        ).rowcount

    if not write_security_state(svc.db, end):
        raise not_found()
    record(svc.db, "session_ended", user=caller.username, session=session_id)
    return Response(status_code=204)


@router.post(
    "/auth/password",
    status_code=204,
    dependencies=[JsonBody],
    responses=error_responses(400, 401, 403, 415, 429, 503),
    tags=["auth"],
)
def change_password(body: PasswordChange, caller: SignedInDep, svc: ServicesDep) -> Response:
    """Change the password (the current one is required): every other session ends."""

    def check() -> None:
        row = svc.db.one("SELECT password_hash FROM users WHERE id = ?", (caller.user_id,))
        if not verify_password(row["password_hash"] if row else None, body.current_password):
            raise invalid_credentials()

    # The current password is guessed under the same limit as at sign-in.
    svc.devices.throttled(caller.username, None, check)
    new_hash = hash_password(body.new_password)

    def change(conn: Connection) -> None:
        conn.execute(
            "UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?",
            (new_hash, caller.user_id),
        )
        conn.execute(
            "UPDATE sessions SET revoked_at = ?, revoked_reason = 'password changed'"
            " WHERE user_id = ? AND id != ? AND revoked_at IS NULL",
            (now(), caller.user_id, caller.session_id),
        )
        conn.execute("DELETE FROM devices WHERE user_id = ?", (caller.user_id,))

    write_security_state(svc.db, change)
    record(svc.db, "password_changed", user=caller.username, session=caller.session_id)
    return Response(status_code=204)
