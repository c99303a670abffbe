"""``noomus-extranet``: serve the API, and the coordinators' and staff's admin commands."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from noomus_extranet.admin import Admin, AdminError, open_database
from noomus_extranet.audit import os_user, record
from noomus_extranet.config import RateLimit, ServerConfig, default_data_dir
from noomus_extranet.db import Row, rfc3339
from noomus_extranet.dburl import ENV as DATABASE_ENV
from noomus_extranet.dburl import DatabaseTarget, DatabaseUrlError, prepare_database, redact_argv
from noomus_extranet.display import printable
from noomus_extranet.staffaccounts import STAFF_COMPANY, add_staff, staff_members

Handler = Callable[[argparse.Namespace, Admin], None]


def _print_rows(rows: Sequence[Sequence[object]]) -> None:
    for row in rows:
        print("\t".join(printable(v) for v in row))


def _read_password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    return sys.stdin.readline().rstrip("\r\n")


def _when(row: Row, key: str) -> str:
    return rfc3339(row[key]) if row[key] is not None else "-"


# -- serve -----------------------------------------------------------------------------------


#: ``serve`` options that set the ServerConfig field of their name (its default is theirs).
_LIMITS: tuple[tuple[str, type, str, str], ...] = (
    ("session_lifetime", int, "SECONDS", "a session ends this long after its sign-in"),
    ("max_connections", int, "N", "connections at once (then 503)"),
    ("header_timeout", float, "SECONDS", "close a connection whose headers take longer"),
    ("max_header_bytes", int, "BYTES", "larger request headers are refused (431)"),
    ("max_json_body", int, "BYTES", "larger JSON bodies are refused (413) unread"),
    ("keep_alive_timeout", int, "SECONDS", "close a connection idle this long between requests"),
    ("quota_bytes", int, "BYTES", "per user: most bytes in unfinished uploads (set-quota)"),
    ("quota_uploads", int, "N", "per user: most unfinished uploads (set-quota)"),
    ("disk_reserve", int, "BYTES", "uploads stop (507) below this much free space..."),
    ("disk_reserve_percent", float, "PERCENT", "... or this share of the disk if smaller"),
    ("security_reserve", int, "BYTES", "space kept to record locks and revocations on a full disk"),
    ("purge_interval", float, "SECONDS", "apply the retention policy this often (and at start)"),
)


def _serve(args: argparse.Namespace) -> None:
    from noomus_extranet.server import serve  # the web stack loads only for `serve`

    # Refuse a schema too old or too new before anything starts (SQLite migrates here).
    open_database(args.data, args.database).close()
    config = ServerConfig(
        data_dir=args.data,
        database=args.database,
        public_url=args.public_url,
        trusted_proxies=tuple(args.trusted_proxy),
        access_token_ttl=args.access_token_ttl,
        refresh_token_ttl=args.refresh_token_ttl,
        upload_expiry=args.upload_expiry,
        max_upload_size=args.max_upload_size,
        login_per_user=RateLimit(args.login_attempts, args.login_window),
        login_per_ip=RateLimit(args.login_ip_attempts, args.login_window),
        report_per_ip=RateLimit(args.report_attempts, args.report_window),
        locks_per_ip=RateLimit(args.report_locks_per_day, 24 * 3600.0),
        commit_bytes=args.commit_bytes,
        body_idle_timeout=args.body_idle_timeout,
        **{name: getattr(args, name) for name, *_ in _LIMITS},
    )
    if (args.tls_cert is None) != (args.tls_key is None):
        raise AdminError("Give both --tls-cert and --tls-key.")
    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    if args.demo:
        from noomus_extranet.demo import prepare_demo

        username, password = prepare_demo(args.data)
        print(f"Demo account: {username} / {password}", flush=True)
    serve(config, args.host, args.port, tls, args.insecure_http)


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="run the API and tus endpoint")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8443)
    p.add_argument("--tls-cert", type=Path)
    p.add_argument("--tls-key", type=Path)
    p.add_argument("--insecure-http", action="store_true", help="allow plain HTTP off loopback")
    p.add_argument(
        "--public-url",
        help="base URL clients use (required off loopback; requests must name its host)",
    )
    p.add_argument(
        "--trusted-proxy",
        nargs="+",
        default=[],
        metavar="ADDR",
        help="reverse proxies (addresses or networks) whose X-Forwarded-For/-Proto are believed",
    )
    p.add_argument("--access-token-ttl", type=int, default=900, metavar="SECONDS")
    p.add_argument("--refresh-token-ttl", type=int, default=30 * 24 * 3600, metavar="SECONDS")
    p.add_argument("--upload-expiry", type=int, default=7 * 24 * 3600, metavar="SECONDS")
    p.add_argument("--max-upload-size", type=int, default=100 * 1024**3, metavar="BYTES")
    p.add_argument("--login-attempts", type=int, default=5, help="failed sign-ins per user ID")
    p.add_argument("--login-ip-attempts", type=int, default=30, help="sign-ins per client IP")
    p.add_argument("--login-window", type=float, default=300.0, metavar="SECONDS")
    p.add_argument("--report-attempts", type=int, default=5, help="lost reports per IP")
    p.add_argument("--report-window", type=float, default=3600.0, metavar="SECONDS")
    p.add_argument(
        "--report-locks-per-day",
        type=int,
        default=20,
        metavar="N",
        help="accounts one IP can lock by lost-password reports in 24 h (then recorded only)",
    )
    p.add_argument(
        "--commit-bytes",
        type=int,
        default=64 * 1024**2,
        metavar="BYTES",
        help="while receiving, fsync and record the offset every BYTES (in the background)",
    )
    p.add_argument(
        "--body-idle-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop reading an upload body after SECONDS without a byte (keeping what arrived);"
        " a JSON body must arrive whole within SECONDS",
    )
    for name, kind, metavar, help_text in _LIMITS:
        flag = "--" + name.replace("_", "-")
        default = getattr(ServerConfig, name)
        p.add_argument(flag, type=kind, default=default, metavar=metavar, help=help_text)
    p.add_argument("--demo", action="store_true", help="create the demo account and key")
    p.set_defaults(serve=_serve)


# -- keys ------------------------------------------------------------------------------------


def _keys_generate(args: argparse.Namespace, admin: Admin) -> None:
    recipient = admin.generate_key(args.out, post_quantum=args.post_quantum)
    print(recipient)
    print(f"Identity written to {args.out}: keep it OFF this server.", file=sys.stderr)


def _keys_add(args: argparse.Namespace, admin: Admin) -> None:
    print(admin.add_recipient(args.recipient))


def _keys_replace(args: argparse.Namespace, admin: Admin) -> None:
    for recipient in admin.replace_recipients(args.old, args.new):
        print(recipient)


def _keys_list(args: argparse.Namespace, admin: Admin) -> None:
    _print_rows([(r["recipient"], _when(r, "added_at")) for r in admin.recipients()])


def _keys_remove(args: argparse.Namespace, admin: Admin) -> None:
    admin.remove_recipient(args.recipient)


def _add_keys(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="recipients every upload is encrypted to").add_subparsers(
        required=True
    )
    p = keys.add_parser("generate", help="new identity to FILE (0600); registers its recipient")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--post-quantum",
        action="store_true",
        help="a post-quantum hybrid key (age1pq1..., age 1.3 and later) instead of X25519",
    )
    p.set_defaults(handler=_keys_generate)
    p = keys.add_parser("add", help="register a recipient made elsewhere")
    p.add_argument("recipient")
    p.set_defaults(handler=_keys_add)
    p = keys.add_parser(
        "replace",
        help="remove OLD and register NEW at once (e.g. X25519 keys to post-quantum ones)",
    )
    p.add_argument("old", nargs="+", metavar="OLD")
    p.add_argument("--with", dest="new", nargs="+", required=True, metavar="NEW")
    p.set_defaults(handler=_keys_replace)
    keys.add_parser("list").set_defaults(handler=_keys_list)
    p = keys.add_parser("remove")
    p.add_argument("recipient")
    p.set_defaults(handler=_keys_remove)


# -- users -----------------------------------------------------------------------------------


def _users_add(args: argparse.Namespace, admin: Admin) -> None:
    password = admin.add_user(
        args.username, args.name, args.company, args.email, _read_password(args)
    )
    if not args.password_stdin:
        print(password)


def _users_list(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.auth import user_state

    _print_rows(
        [(u["username"], user_state(u), u["name"], u["company"], u["email"]) for u in admin.users()]
    )


def _users_disable(args: argparse.Namespace, admin: Admin) -> None:
    admin.set_disabled(args.username, True)


def _users_enable(args: argparse.Namespace, admin: Admin) -> None:
    admin.set_disabled(args.username, False)


def _users_reset(args: argparse.Namespace, admin: Admin) -> None:
    password = admin.reset_password(args.username, _read_password(args), args.one_time)
    if not args.password_stdin:
        print(password)


def _users_set_quota(args: argparse.Namespace, admin: Admin) -> None:
    admin.set_quota(args.username, args.max_bytes, args.max_uploads)


def _users_sessions(args: argparse.Namespace, admin: Admin) -> None:
    _print_rows(
        [
            (
                s["id"],
                s["device_name"],
                s["ip"],
                _when(s, "created_at"),
                _when(s, "last_used_at"),
                f"revoked ({s['revoked_reason']})" if s["revoked_at"] else "active",
            )
            for s in admin.sessions(args.username)
        ]
    )


def _add_users(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("users", help="customer user IDs").add_subparsers(required=True)
    p = users.add_parser("add", help="create a user; prints a generated password")
    p.add_argument("username")
    p.add_argument("--name", required=True)
    p.add_argument("--company", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(handler=_users_add)
    users.add_parser("list").set_defaults(handler=_users_list)
    for name, handler in (("disable", _users_disable), ("enable", _users_enable)):
        p = users.add_parser(name)
        p.add_argument("username")
        p.set_defaults(handler=handler)
    p = users.add_parser("reset-password", help="new password; unlocks; signs out devices")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument(
        "--one-time", action="store_true", help="the user must change it at the next sign-in"
    )
    p.set_defaults(handler=_users_reset)
    p = users.add_parser(
        "set-quota", help="the user's upload limits (an option left out: the server's default)"
    )
    p.add_argument("username")
    p.add_argument("--max-bytes", type=int, metavar="BYTES", help="bytes in unfinished uploads")
    p.add_argument("--max-uploads", type=int, metavar="N", help="unfinished uploads")
    p.set_defaults(handler=_users_set_quota)
    p = users.add_parser("sessions", help="the user's device sessions")
    p.add_argument("username")
    p.set_defaults(handler=_users_sessions)


# -- staff -----------------------------------------------------------------------------------


def _staff_add(args: argparse.Namespace, admin: Admin) -> None:
    password = add_staff(
        admin, args.username, args.name, args.email, args.company, _read_password(args)
    )
    if not args.password_stdin:
        print(password)


def _staff_list(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.auth import user_state

    _print_rows(
        [(u["username"], user_state(u), u["name"], u["email"]) for u in staff_members(admin)]
    )


def _add_staff(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    staff = sub.add_parser("staff", help="staff accounts (they fetch deliveries)").add_subparsers(
        required=True
    )
    p = staff.add_parser("add", help="create a staff account; prints a one-time password")
    p.add_argument("username")
    p.add_argument("--name", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--company", default=STAFF_COMPANY)
    p.add_argument("--password-stdin", action="store_true", help="a password that is not one-time")
    p.set_defaults(handler=_staff_add)
    staff.add_parser("list").set_defaults(handler=_staff_list)


# -- service, incidents, deliveries ----------------------------------------------------------


def _service_suspend(args: argparse.Namespace, admin: Admin) -> None:
    admin.set_suspended(True)


def _service_resume(args: argparse.Namespace, admin: Admin) -> None:
    admin.set_suspended(False)


def _incidents_list(args: argparse.Namespace, admin: Admin) -> None:
    _print_rows(
        [
            (i["id"], _when(i, "created_at"), i["kind"], i["username"], i["ip"], i["note"])
            for i in admin.incidents()
        ]
    )


def _deliveries_list(args: argparse.Namespace, admin: Admin) -> None:
    _print_rows(
        [
            (d["id"], d["username"], d["size"], d["sha256"], _when(d, "received_at"))
            for d in admin.deliveries(args.user)
        ]
    )


def _deliveries_decrypt(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.staff import decrypt_delivery
    from noomus_extranet.storage import Storage

    try:
        identity = args.identity.read_text(encoding="utf-8")
    except OSError as exc:
        raise AdminError(f"Cannot read {args.identity}: {exc.strerror}") from exc
    delivery = admin.delivery(args.id)
    # The name comes from the customer's metadata: never let it drive the terminal.
    print(printable(str(decrypt_delivery(delivery, Storage(args.data), identity, args.out))))


def _add_operations(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    service = sub.add_parser("service", help="suspend or resume the whole service")
    actions = service.add_subparsers(required=True)
    actions.add_parser("suspend").set_defaults(handler=_service_suspend)
    actions.add_parser("resume").set_defaults(handler=_service_resume)
    incidents = sub.add_parser("incidents", help="lost-password reports").add_subparsers(
        required=True
    )
    incidents.add_parser("list").set_defaults(handler=_incidents_list)
    deliveries = sub.add_parser("deliveries", help="received files").add_subparsers(required=True)
    p = deliveries.add_parser("list")
    p.add_argument("--user")
    p.set_defaults(handler=_deliveries_list)
    p = deliveries.add_parser("decrypt", help="decrypt with a staff identity into DIR")
    p.add_argument("id", type=int)
    p.add_argument("--identity", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=_deliveries_decrypt)


# -- backup and restore ----------------------------------------------------------------------


def _backup(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.backup import create_backup

    manifest = create_backup(args.data, args.out, args.previous, admin.db)
    print(
        f"Backed up to {args.out}: {len(manifest.deliveries)} deliveries"
        f" ({manifest.linked} linked from the previous backup),"
        f" {len(manifest.uploads)} unfinished uploads."
    )


def _restore(args: argparse.Namespace) -> None:
    """Not an admin command of ``--data``: it must not create a database anywhere first."""
    from noomus_extranet.restore import restore_backup

    manifest = restore_backup(args.backup, args.target)
    print(f"Restored the backup of {manifest.created} into {args.target}.")


def _add_backup(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="consistent backup into a new folder (server may run)")
    p.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    p.add_argument(
        "--previous",
        type=Path,
        metavar="DIR",
        help="an earlier backup: unchanged deliveries are hard-linked from it",
    )
    p.set_defaults(handler=_backup)
    p = sub.add_parser("restore", help="restore a backup into a new data directory")
    p.add_argument("backup", type=Path)
    p.add_argument("--data", dest="target", type=Path, required=True, help="a new or empty folder")
    p.set_defaults(command=_restore)


# -- database: migrate, copy ---------------------------------------------------------------


def _migrate(args: argparse.Namespace) -> None:
    """Not an admin command: opening the database for one checks its schema first."""
    from noomus_extranet.db import Database, DatabaseError, SchemaError

    target = _target(args.data, args.database)
    try:
        db = Database(target, check=False)
        try:
            before = db.schema_version()
            applied = db.migrate()
        finally:
            db.close()
    except (SchemaError, DatabaseError) as exc:
        raise AdminError(f"Cannot migrate {target}: {exc}") from None
    if applied:
        print(f"Migrated {target} from schema version {before} to {applied[-1]}.")
    else:
        print(f"{target} is at schema version {before}: nothing to do.")


def _copy_database(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.db import Database, DatabaseError, SchemaError
    from noomus_extranet.dbcopy import CopyError, copy_database

    target = _target(args.data, args.to)
    if target.path == admin.db.path and target.conninfo == admin.db.target.conninfo:
        raise AdminError("--to names the database being copied.")
    try:
        db = Database(target, check=False)
        try:
            db.migrate()
            counts = copy_database(admin.db, db)
        finally:
            db.close()
    except (CopyError, SchemaError, DatabaseError) as exc:
        raise AdminError(f"Nothing copied to {target}: {exc}") from None
    for table, count in counts.items():
        print(f"{table}\t{count}")
    print(f"Copied {sum(counts.values())} rows from {admin.db.target} to {target}.")


def _target(data_dir: Path, url: str) -> DatabaseTarget:
    try:
        return prepare_database(data_dir, url)
    except DatabaseUrlError as exc:
        raise AdminError(str(exc)) from None


def _add_database(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "migrate", help="bring the database's schema up to this release (PostgreSQL needs it)"
    )
    p.set_defaults(command=_migrate)
    p = sub.add_parser(
        "copy-database",
        help="copy every row into a new, empty database (e.g. from SQLite to PostgreSQL)",
    )
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://... or sqlite:///PATH")
    p.set_defaults(handler=_copy_database)


# -- retention and status (noomus_extranet/retention.py, status.py) ---------------------------


def _duration(text: str) -> int | None:
    from noomus_extranet.retention import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _retention(args: argparse.Namespace, admin: Admin) -> None:
    from dataclasses import replace

    from noomus_extranet.retention import Policy, describe

    policy = Policy.load(admin.db)
    changes = {k: getattr(args, k) for k in ("after_fetch", "max_age", "access_log") if k in args}
    if changes:
        policy = replace(policy, **changes)
        policy.store(admin.db)
    for name, value in vars(policy).items():
        print(f"{name.replace('_', '-')}\t{describe(value)}")


def _purge(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.db import now
    from noomus_extranet.retention import Policy, purge

    purged = purge(admin.db, Policy.load(admin.db), now(), dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    ids = " ".join(str(i) for i in purged.deliveries) or "-"
    print(f"{verb} {len(purged.deliveries)} deliveries ({purged.bytes} bytes): {ids}")
    print(f"{verb} {purged.leftover_files} leftover inbox files")
    print(
        f"{verb} {purged.access_log.lines} access-log lines"
        f" and {purged.access_log.files} rotated access-log files"
    )


def _status(args: argparse.Namespace, admin: Admin) -> None:
    from noomus_extranet.quota import DiskReserve, Limits
    from noomus_extranet.status import status_lines

    disk = DiskReserve(args.data, args.disk_reserve, args.disk_reserve_percent)
    for line in status_lines(admin.db, disk, Limits(args.quota_bytes, args.quota_uploads)):
        print(line)


def _add_retention(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "retention", help="show or set how long deliveries and the access log are kept"
    )
    for flag, help_text in (
        ("--after-fetch", "keep a delivery this long after it was fetched"),
        ("--max-age", "keep any delivery at most this long after it arrived"),
        ("--access-log", "keep access-log lines this long"),
    ):
        p.add_argument(
            flag, type=_duration, default=argparse.SUPPRESS, metavar="30d|12h|off", help=help_text
        )
    p.set_defaults(handler=_retention)
    p = sub.add_parser("purge", help="remove what the retention policy no longer keeps")
    p.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    p.set_defaults(handler=_purge)
    p = sub.add_parser("status", help="disk, quota and queue figures")
    for name in ("disk_reserve", "disk_reserve_percent", "quota_bytes", "quota_uploads"):
        flag, default = "--" + name.replace("_", "-"), getattr(ServerConfig, name)
        p.add_argument(flag, type=type(default), default=default, help="as given to serve")
    p.set_defaults(handler=_status)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="noomus-extranet", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=None, help="data directory (database, uploads, inbox)"
    )
    parser.add_argument(
        "--database",
        default=os.environ.get(DATABASE_ENV) or None,
        metavar="URL",
        help=f"sqlite:///PATH (default: extranet.sqlite3 in --data) or postgresql://...;"
        f" default ${DATABASE_ENV}. Keep a password in PGPASSFILE, not in the URL",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    _add_serve(sub)
    _add_keys(sub)
    _add_users(sub)
    _add_staff(sub)
    _add_operations(sub)
    _add_backup(sub)
    _add_database(sub)

    _add_retention(sub)
    return parser


def _run_admin(args: argparse.Namespace, argv: list[str]) -> None:
    """Run an admin command and audit it, with the operating-system user who ran it."""
    handler: Handler = args.handler
    admin = Admin(open_database(args.data, args.database))
    result = "failed"
    try:
        handler(args, admin)
        result = "ok"
    except AdminError as exc:
        result = f"refused: {exc}"
        raise
    finally:
        command = shlex.join(redact_argv(argv))  # a database URL's password: never
        record(admin.db, "admin_command", os_user=os_user(), command=command, result=result)


def main(argv: Sequence[str] | None = None) -> int:
    # Everything this process creates (database, WAL, logs, uploads) is private to it.
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    args.data = args.data or default_data_dir()
    try:
        if hasattr(args, "serve"):
            args.serve(args)
        elif hasattr(args, "command"):
            args.command(args)
        else:
            _run_admin(args, list(sys.argv[1:] if argv is None else argv))
    except AdminError as exc:
        print(f"noomus-extranet: {exc}", file=sys.stderr)
        return 1
    return 0
