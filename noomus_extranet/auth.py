"""Sign-in, token rotation and the check every authenticated request goes through."""

from __future__ import annotations

from dataclasses import dataclass

from noomus_extranet.audit import record
from noomus_extranet.db import Connection, Database, Row, now
from noomus_extranet.errors import ApiError, service_suspended
from noomus_extranet.passwords import verify_password
from noomus_extranet.reserve import write_security_state
from noomus_extranet.tokens import new_token, token_hash
from noomus_extranet.usernames import user_key

ACCESS_PREFIX = "nxa_"
REFRESH_PREFIX = "nxr_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user and the device session their token belongs to."""

    user_id: int
    username: str
    session_id: int
    #: A coordinator's one-time password: only changing it (or signing out) is allowed.
    must_change_password: bool = False


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    user: Row


@dataclass(frozen=True)
class _Reused:
    """A refresh token presented a second time: its session is to be revoked."""

    session_id: int


def refresh_invalid() -> ApiError:
    return ApiError(401, "refresh_invalid", "Please sign in again.")


def token_invalid() -> ApiError:
    return ApiError(401, "token_invalid", "Please sign in again.")


def account_state_error(user: Row) -> ApiError | None:
    if user["disabled"]:
        return ApiError(403, "account_disabled", "This account has been disabled by Noomus.")
    if user["locked"]:
        return ApiError(
            403,
            "account_locked",
            "This account is locked after a lost-password report. Contact Noomus to unlock it.",
        )
    return None


def password_change_required() -> ApiError:
    return ApiError(
        403,
        "password_change_required",
        "Please choose a new password: the one you signed in with can be used only once.",
    )


def user_state(user: Row) -> str:
    if user["disabled"]:
        return "disabled"
    return "locked" if user["locked"] else "active"


def is_suspended(db: Database) -> bool:
    return db.setting("suspended") == "1"


def check_service(db: Database) -> None:
    if is_suspended(db):
        raise service_suspended()


def invalid_credentials() -> ApiError:
    return ApiError(401, "invalid_credentials", "Wrong user ID or password.")


class Authenticator:
    """Issues, rotates, checks and revokes tokens. Only hashes of tokens are stored."""

    def __init__(
        self, db: Database, access_ttl: int, refresh_ttl: int, session_lifetime: int = 90 * 86400
    ) -> None:
        self.db = db
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        #: Absolute: refreshing cannot keep a session alive past this age.
        self.session_lifetime = session_lifetime

    def login(self, username: str, password: str, device_name: str, ip: str) -> TokenPair:
        user = self.db.one("SELECT * FROM users WHERE username_key = ?", (user_key(username),))
        if not verify_password(user["password_hash"] if user else None, password):
            raise invalid_credentials()
        assert user is not None
        state_error = account_state_error(user)
        if state_error:
            raise state_error
        with self.db.transaction() as conn:
            t = now()
            session = conn.execute(
                "INSERT INTO sessions(user_id, device_name, ip, created_at, last_used_at)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                (user["id"], device_name, ip, t, t),
            ).fetchone()
            return self._issue(conn, int(session[0]), user)

    def refresh(self, refresh_token: str) -> TokenPair:
        with self.db.transaction() as conn:
            outcome = self._rotate(conn, token_hash(refresh_token))
        if isinstance(outcome, _Reused):
            # A used refresh token came back: it was copied. End the whole device session.
            write_security_state(
                self.db,
                lambda c: self._revoke_session(c, outcome.session_id, "refresh token reused"),
            )
            record(self.db, "refresh_token_reused", session=outcome.session_id, revoked=True)
            raise refresh_invalid()
        if isinstance(outcome, ApiError):
            raise outcome
        return outcome

    def _rotate(self, conn: Connection, old_hash: str) -> TokenPair | ApiError | _Reused:
        invalid = refresh_invalid()
        row = conn.execute(
            "SELECT r.session_id, r.expires_at, r.used_at, s.revoked_at, s.user_id, s.created_at"
            " FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id"
            " WHERE r.token_hash = ?",
            (old_hash,),
        ).fetchone()
        if row is None or row["expires_at"] <= now():
            return invalid
        if row["created_at"] + self.session_lifetime <= now():
            return invalid  # the session's absolute lifetime is over: sign in again
        user = conn.execute("SELECT * FROM users WHERE id = ?", (row["user_id"],)).fetchone()
        state_error = account_state_error(user)
        if state_error:
            return state_error
        if row["revoked_at"] is not None:
            return invalid
        if row["used_at"] is not None:
            return _Reused(row["session_id"])
        conn.execute(
            "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?", (now(), old_hash)
        )
        return self._issue(conn, row["session_id"], user)

    def authenticate(self, authorization: str | None) -> Principal:
        """Check a ``Bearer`` header against the token, its session and the account state."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise token_invalid()
        row = self.db.one(
            "SELECT a.expires_at, a.session_id, s.revoked_at, u.id AS user_id, u.username,"
            " u.locked, u.disabled, u.must_change_password"
            " FROM access_tokens a JOIN sessions s ON s.id = a.session_id"
            " JOIN users u ON u.id = s.user_id WHERE a.token_hash = ?",
            (token_hash(token.strip()),),
        )
        if row is None:
            raise token_invalid()
        # The account state comes first: a locked or disabled user learns why, not just "401".
        state_error = account_state_error(row)
        if state_error:
            raise state_error
        if row["revoked_at"] is not None:
            raise token_invalid()
        if row["expires_at"] <= now():
            raise ApiError(401, "token_expired", "The access token has expired: refresh it.")
        return Principal(
            row["user_id"], row["username"], row["session_id"], bool(row["must_change_password"])
        )

    def logout(self, principal: Principal) -> None:
        write_security_state(
            self.db, lambda conn: self._revoke_session(conn, principal.session_id, "signed out")
        )

    def revoke_user(self, conn: Connection, user_id: int, reason: str) -> None:
        """End every session of a user at once (report-lost, disable, reset), and forget their
        known devices: a stolen laptop's device token must not keep its own guessing budget."""
        conn.execute("DELETE FROM devices WHERE user_id = ?", (user_id,))
        conn.execute(
            "UPDATE sessions SET revoked_at = ?, revoked_reason = ?"
            " WHERE user_id = ? AND revoked_at IS NULL",
            (now(), reason, user_id),
        )

    def _revoke_session(self, conn: Connection, session_id: int, reason: str) -> None:
        conn.execute(
            "UPDATE sessions SET revoked_at = ?, revoked_reason = ?"
            " WHERE id = ? AND revoked_at IS NULL",
            (now(), reason, session_id),
        )

    def _issue(self, conn: Connection, session_id: int, user: Row) -> TokenPair:
        access, refresh = new_token(ACCESS_PREFIX), new_token(REFRESH_PREFIX)
        t = now()
        started = conn.execute(
            "SELECT created_at FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()["created_at"]
        end = started + self.session_lifetime  # no token outlives its session
        access_expires = min(t + self.access_ttl, end)
        conn.execute(
            "INSERT INTO access_tokens(token_hash, session_id, expires_at) VALUES (?, ?, ?)",
            (token_hash(access), session_id, access_expires),
        )
        conn.execute(
            "INSERT INTO refresh_tokens(token_hash, session_id, expires_at) VALUES (?, ?, ?)",
            (token_hash(refresh), session_id, min(t + self.refresh_ttl, end)),
        )
        conn.execute("UPDATE sessions SET last_used_at = ? WHERE id = ?", (t, session_id))
        return TokenPair(access, refresh, max(0, int(access_expires - t)), user)
