"""What the server keeps of passwords and tokens, read from its own files after real sign-ins.

- Passwords: Argon2id hashes; the verification reads the parameters from each stored hash, so
  a hash made with other parameters (an older release, a tuned server) still signs its user in.
- Tokens: only their SHA-256 is stored; the database's files (SQLite's WAL too, PostgreSQL's
  whole cluster directory with its write-ahead log) never hold a token.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import argon2
import httpx

from tests.helpers.server import RunningExtranet, on_postgres
from tests.integration.server.conftest import Api, login


def _stored_hash(server: RunningExtranet, username: str) -> str:
    [row] = server.sql("SELECT password_hash FROM users WHERE username = ?", (username,))
    return str(row[0])


def test_passwords_are_stored_as_argon2id(extranet: RunningExtranet) -> None:
    stored = _stored_hash(extranet, extranet.username)
    assert argon2.extract_parameters(stored).type is argon2.Type.ID
    assert extranet.password not in stored


def test_a_hash_made_with_other_argon2id_parameters_still_verifies(
    extranet: RunningExtranet,
) -> None:
    lighter = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    password = "other-parameters-1"
    extranet.add_user("bob", "placeholder-password-1")
    extranet.sql(
        "UPDATE users SET password_hash = ? WHERE username = 'bob'", (lighter.hash(password),)
    )
    stored = _stored_hash(extranet, "bob")
    defaults = argon2.extract_parameters(argon2.PasswordHasher().hash("x"))
    assert argon2.extract_parameters(stored).memory_cost != defaults.memory_cost
    with httpx.Client(base_url=extranet.url, timeout=30.0) as client:
        assert login(client, "bob", password).status_code == 200
        assert login(client, "bob", "not-the-password-1").status_code == 401


def test_only_hashes_of_tokens_are_in_the_database(api: Api) -> None:
    refreshed = api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": api.tokens["refresh_token"]}
    ).json()
    tokens = [
        str(t)
        for t in (
            api.tokens["access_token"],
            api.tokens["refresh_token"],
            refreshed["access_token"],
            refreshed["refresh_token"],
        )
    ]
    hashes = {
        row[0]
        for row in api.server.sql(
            "SELECT token_hash FROM access_tokens UNION SELECT token_hash FROM refresh_tokens"
        )
    }
    for path in _database_files(api.server):
        at_rest = path.read_bytes()
        assert not [token for token in tokens if token.encode() in at_rest], path
    for token in tokens:
        assert hashlib.sha256(token.encode()).hexdigest() in hashes


def _database_files(server: RunningExtranet) -> list[Path]:
    """The files in which the database engine keeps this server's data: SQLite's file, WAL
    and SHM, or PostgreSQL's files of this database, its write-ahead log and its server log."""
    if on_postgres():
        import psycopg

        from tests.helpers.postgres import cluster

        [row] = server.sql("SELECT oid FROM pg_database WHERE datname = current_database()")
        oid = int(row[0])
        with psycopg.connect(cluster().admin_conninfo(), autocommit=True) as superuser:
            superuser.execute("CHECKPOINT")  # the tables' own files, not only the WAL
        folder = cluster().folder
        files = [folder / "log", *(folder / "data" / "base" / str(oid)).iterdir()]
        files += (folder / "data" / "pg_wal").iterdir()
    else:
        files = list(server.data_dir.glob("extranet.sqlite3*"))
    files = [path for path in files if path.is_file()]
    assert files
    return files
