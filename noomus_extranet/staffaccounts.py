"""Staff accounts: users whose ``role`` is ``staff`` (``noomus-extranet staff add``).

They sign in through the same ``/api/v1/auth/login`` as customers, under the same locks,
lost-password reports, sessions and limits. The role widens exactly one thing, the staff API
(:mod:`noomus_extranet.staffapi`: every customer's deliveries), and narrows one: a staff
account cannot upload as a customer.
"""

from __future__ import annotations

from noomus_extranet.admin import Admin
from noomus_extranet.audit import os_user, record
from noomus_extranet.db import Database, Row
from noomus_extranet.errors import ApiError
from noomus_extranet.usernames import user_key

STAFF = "staff"
#: The company recorded for staff accounts unless another is given.
STAFF_COMPANY = "Noomus Oy"


def is_staff(db: Database, user_id: int) -> bool:
    row = db.one("SELECT role FROM users WHERE id = ?", (user_id,))
    return row is not None and row["role"] == STAFF


def refuse_staff(db: Database, user_id: int) -> None:
    """Uploads are a customer's: a staff token is refused before anything is created."""
    if is_staff(db, user_id):
        raise ApiError(
            403,
            "staff_cannot_upload",
            "Staff accounts cannot send files; sign in with a customer account to upload.",
        )


def add_staff(
    admin: Admin, username: str, name: str, email: str, company: str, password: str | None
) -> str:
    """Create a staff account; returns its password. A generated password is one-time (it
    must be changed at the first sign-in); one given on standard input is not, as for
    ``users add``. The account is created with its role in one transaction."""
    with admin.db.transaction() as conn:
        chosen = admin.add_user(username, name, company, email, password)
        conn.execute(
            "UPDATE users SET role = ?, must_change_password = ? WHERE username_key = ?",
            (STAFF, int(password is None), user_key(username)),
        )
    record(admin.db, "staff_added", user=admin.user(username)["username"], os_user=os_user())
    return chosen


def staff_members(admin: Admin) -> list[Row]:
    return admin.db.all("SELECT * FROM users WHERE role = ? ORDER BY username_key", (STAFF,))
