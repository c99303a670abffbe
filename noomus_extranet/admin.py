"""Coordinator and staff operations on the data directory (used by the CLI and the demo).

They work on the same database as a running server, which sees each change on its next
request: a disabled user is refused at once, a suspension answers 503 at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from noomus_desktop.core.crypto import (
    InvalidRecipientError,
    MixedRecipientsError,
    generate_identity,
    parse_recipient,
)
from noomus_desktop.core.crypto.keys import check_labels
from noomus_extranet.audit import Field, os_user, record
from noomus_extranet.auth import Authenticator
from noomus_extranet.db import (
    Connection,
    Database,
    DatabaseError,
    IntegrityError,
    Row,
    SchemaError,
    now,
    rfc3339,
)
from noomus_extranet.dburl import DatabaseUrlError, parse_database_url, prepare_database
from noomus_extranet.passwords import MIN_LENGTH, generate_password, hash_password
from noomus_extranet.quota import set_user_limits
from noomus_extranet.reserve import write_security_state
from noomus_extranet.usernames import user_key

_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")


class AdminError(Exception):
    """A refused admin command; the message is shown to the operator as is."""


def open_database(data_dir: Path, database: str | None = None) -> Database:
    """The database of ``--database`` (None: SQLite in ``data_dir``), migrated or checked."""
    try:
        return Database(prepare_database(data_dir, database))
    except (DatabaseUrlError, SchemaError) as exc:
        raise AdminError(str(exc)) from None
    except DatabaseError as exc:  # its message is redacted (noomus_extranet/postgres.py)
        where = parse_database_url(database, data_dir)
        raise AdminError(f"Cannot open the database {where}: {exc}") from None


class Admin:
    def __init__(self, db: Database) -> None:
        self.db = db
        # Only revocation is used here; token lifetimes do not matter.
        self._auth = Authenticator(db, access_ttl=0, refresh_ttl=0)

    def _audit(self, event: str, **fields: Field) -> None:
        """An audit event of this admin command, with who ran it."""
        record(self.db, event, **fields, os_user=os_user())

    # -- recipients ------------------------------------------------------------------------

    def add_recipient(self, text: str) -> str:
        """Register one more recipient; refused if the set would mix post-quantum and classic."""
        return self.replace_recipients([], [text])[0]

    def replace_recipients(self, old: Sequence[str], new: Sequence[str]) -> list[str]:
        """Remove ``old`` and register ``new`` in one transaction: the app never sees a set in
        between (a rollover from X25519 to post-quantum keys is one such replacement).

        Refused, changing nothing, if an old key is not registered, a new one already is, or
        the resulting set would be empty or mix post-quantum and classic recipients (the age
        spec forbids encrypting one file to both). Returns the new recipients, canonical.
        """
        old = [text.strip() for text in old]
        added = [_canonical(text) for text in new]
        with self.db.transaction() as conn:
            registered = [r["recipient"] for r in conn.execute("SELECT recipient FROM recipients")]
            for recipient in old:
                if recipient not in registered:
                    raise AdminError(f"No such recipient: {recipient}")
            kept = [r for r in registered if r not in old]
            if len(set(added)) != len(added) or set(added) & set(kept):
                raise AdminError("This recipient is already registered.")
            _check_not_mixed(kept, added)
            conn.executemany("DELETE FROM recipients WHERE recipient = ?", [(r,) for r in old])
            conn.executemany(
                "INSERT INTO recipients(recipient, added_at) VALUES (?, ?)",
                [(r, now()) for r in added],
            )
        for recipient in old:
            self._audit("key_removed", recipient=recipient)
        for recipient in added:
            self._audit("key_added", recipient=recipient)
        return added

    def generate_key(self, out: Path, *, post_quantum: bool = False) -> str:
        """Write a new identity to ``out`` (0600, never overwritten); register its recipient.

        Checked against the registered set first, so a refused kind leaves no key file behind.
        """
        identity = generate_identity(post_quantum=post_quantum)
        recipient = str(identity.recipient())
        _check_not_mixed([r["recipient"] for r in self.recipients()], [recipient])
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(f"# created: {rfc3339(now())}\n# public key: {recipient}\n")
                f.write(identity.to_string() + "\n")
        except FileExistsError:
            raise AdminError(f"{out} already exists; refusing to overwrite a key.") from None
        return self.add_recipient(recipient)

    def recipients(self) -> list[Row]:
        return self.db.all("SELECT * FROM recipients ORDER BY id")

    def remove_recipient(self, recipient: str) -> None:
        """Unregister one recipient; refused if it is the last (the app could send nothing;
        ``service suspend`` is how to stop uploads)."""
        self.replace_recipients([recipient], [])

    # -- users -----------------------------------------------------------------------------

    def add_user(
        self, username: str, name: str, company: str, email: str, password: str | None
    ) -> str:
        """Create a user; returns the password (the generated one when none was given)."""
        if not _USERNAME.fullmatch(username):
            raise AdminError("A user ID is 1-128 letters, digits and . _ @ - characters.")
        password = password if password is not None else generate_password()
        _check_password(password)
        try:
            self.db.execute(
                "INSERT INTO users(username, username_key, name, company, email, password_hash,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    username,
                    user_key(username),
                    name,
                    company,
                    email,
                    hash_password(password),
                    now(),
                ),
            )
        except IntegrityError:
            existing = self.user(username)["username"]
            raise AdminError(
                f"User {existing} already exists (user IDs are case-insensitive)."
            ) from None
        return password

    def users(self) -> list[Row]:
        return self.db.all("SELECT * FROM users ORDER BY username_key")

    def user(self, username: str) -> Row:
        row = self.db.one("SELECT * FROM users WHERE username_key = ?", (user_key(username),))
        if row is None:
            raise AdminError(f"No user {username}.")
        return row

    def set_disabled(self, username: str, disabled: bool) -> None:
        user = self.user(username)

        def change(conn: Connection) -> None:
            conn.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user["id"]))
            if disabled:
                self._auth.revoke_user(conn, user["id"], "account disabled")

        write_security_state(self.db, change)
        self._audit("account_disabled" if disabled else "account_enabled", user=user["username"])

    def reset_password(self, username: str, password: str | None, one_time: bool = False) -> str:
        """Set a new password, unlock the account and sign out every device; a ``one_time``
        password must be changed at the next sign-in (``POST /api/v1/auth/password``)."""
        user = self.user(username)
        password = password if password is not None else generate_password()
        _check_password(password)
        password_hash = hash_password(password)

        def change(conn: Connection) -> None:
            conn.execute(
                "UPDATE users SET password_hash = ?, locked = 0, must_change_password = ?"
                " WHERE id = ?",
                (password_hash, int(one_time), user["id"]),
            )
            self._auth.revoke_user(conn, user["id"], "password reset")

        write_security_state(self.db, change)
        self._audit("password_reset", user=user["username"], unlocked=True, one_time=one_time)
        return password

    def set_quota(self, username: str, max_bytes: int | None, max_uploads: int | None) -> None:
        """The user's own upload limits; ``None`` keeps (or returns to) the server's."""
        user = self.user(username)
        with self.db.transaction() as conn:
            set_user_limits(conn, user["id"], max_bytes, max_uploads)
        self._audit(
            "quota_set", user=user["username"], max_bytes=max_bytes, max_uploads=max_uploads
        )

    def sessions(self, username: str) -> list[Row]:
        user = self.user(username)
        return self.db.all(
            "SELECT * FROM sessions WHERE user_id = ? ORDER BY id DESC", (user["id"],)
        )

    # -- service, incidents, deliveries ----------------------------------------------------

    def set_suspended(self, suspended: bool) -> None:
        value = "1" if suspended else "0"
        write_security_state(self.db, lambda _conn: self.db.set_setting("suspended", value))
        self._audit("service_suspended" if suspended else "service_resumed")

    def incidents(self) -> list[Row]:
        return self.db.all(
            "SELECT i.*, u.username FROM incidents i LEFT JOIN users u ON u.id = i.user_id"
            " ORDER BY i.id DESC"
        )

    def deliveries(self, username: str | None = None) -> list[Row]:
        sql = "SELECT d.*, u.username FROM deliveries d JOIN users u ON u.id = d.user_id"
        if username is None:
            return self.db.all(sql + " ORDER BY d.id DESC")
        return self.db.all(
            sql + " WHERE u.username_key = ? ORDER BY d.id DESC", (user_key(username),)
        )

    def delivery(self, delivery_id: int) -> Row:
        row = self.db.one("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
        if row is None:
            raise AdminError(f"No delivery {delivery_id}.")
        return row


def _canonical(text: str) -> str:
    try:
        return str(parse_recipient(text.strip()))
    except InvalidRecipientError as exc:
        raise AdminError(f"Not an age recipient (age1... or age1pq1...): {exc}") from exc


def _check_not_mixed(kept: Sequence[str], added: Sequence[str]) -> None:
    """Refuse a recipient set the app could not encrypt to: empty, or mixed."""
    if not kept and not added:
        raise AdminError(
            "Refusing to leave no recipient: the app could not send anything. To stop"
            " uploads for a while, run: noomus-extranet service suspend"
        )
    try:
        check_labels(parse_recipient(r) for r in [*kept, *added])
    except MixedRecipientsError:
        raise AdminError(
            "The recipients would mix post-quantum (age1pq1...) and classic (age1...) keys, and "
            "age never encrypts one file to both (it would be only as safe as the classic key). "
            "To move every recipient to the other kind at once, run: noomus-extranet keys "
            "replace OLD... --with NEW... (docs/operations.md, 'Staff keys')."
        ) from None


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AdminError(f"A password needs at least {MIN_LENGTH} characters.")
