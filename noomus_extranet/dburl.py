"""``--database URL``: which database the service uses, and how a URL is shown.

``sqlite:///path`` (or nothing: ``extranet.sqlite3`` in the data directory, the embedded
default) or ``postgresql://...`` (any libpq URL). A URL may carry a password: it is never
printed as given; :func:`redact` hides it wherever a URL is shown (errors, the audit log of
admin commands). Operators should rather keep the password out of the URL altogether, in
``PGPASSFILE`` (``~/.pgpass``) or ``PGPASSWORD``, which libpq reads by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from noomus_extranet.filemodes import DATABASE, prepare_data_dir, private_file

#: Environment variable read when ``--database`` is not given.
ENV = "NOOMUS_EXTRANET_DATABASE"
_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD_PARAM = re.compile(r"(?i)(password=)[^&\s]*")


class DatabaseUrlError(ValueError):
    """A ``--database`` value that names no database this service can use."""


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the service keeps its database.

    ``path`` is the SQLite file, or, on PostgreSQL, the place one would be (the data
    directory's ``extranet.sqlite3``): the audit log and the space reserve live beside it.
    ``conninfo`` is the PostgreSQL URL (None: SQLite)."""

    path: Path
    conninfo: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.conninfo is not None

    def __str__(self) -> str:
        return redact(self.conninfo) if self.conninfo else f"sqlite://{self.path}"


def parse_database_url(text: str | None, data_dir: Path) -> DatabaseTarget:
    """The database named by ``text`` (None or empty: SQLite in ``data_dir``)."""
    if not text:
        return DatabaseTarget(data_dir / DATABASE)
    if text.startswith("sqlite:///"):
        path = Path(text.removeprefix("sqlite://"))
        return DatabaseTarget(path)
    if text.startswith(_SCHEMES):
        return DatabaseTarget(data_dir / DATABASE, text)
    raise DatabaseUrlError(
        f"Unknown database {redact(text)!r}: give sqlite:///PATH or postgresql://..."
    )


def prepare_database(data_dir: Path, text: str | None) -> DatabaseTarget:
    """The data directory made private, and the database named by ``text`` (a SQLite file
    created 0600 before SQLite opens it)."""
    target = parse_database_url(text, data_dir)
    prepare_data_dir(data_dir, sqlite=target.path == data_dir / DATABASE and not target.is_postgres)
    if not target.is_postgres and target.path != data_dir / DATABASE:
        target.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        private_file(target.path)
    return target


def redact(text: str) -> str:
    """``text`` with any password replaced by ``***`` (URL user info or ``password=``)."""
    text = _PASSWORD_PARAM.sub(r"\1***", text)
    if "://" not in text:
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return "(a database URL that cannot be parsed)"
    if "@" not in parts.netloc:
        return text
    userinfo, _, hostport = parts.netloc.rpartition("@")
    if ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{hostport}"))


def redact_argv(argv: list[str]) -> list[str]:
    """Command-line arguments with every database URL's password hidden."""
    return [redact(arg) if "://" in arg or "password=" in arg.lower() else arg for arg in argv]
