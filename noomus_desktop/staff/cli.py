"""``noomus-staff``: fetch deliveries from the Noomus extranet and open them on this machine.

The staff identity stays on this machine: the server sends ciphertext and encrypted
manifests only. See ``README.md`` ("Running a real server") and ``docs/api.md`` ("Staff").
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from noomus_desktop import __version__
from noomus_desktop.core.api import NotFoundError
from noomus_desktop.core.crypto import Identity
from noomus_desktop.core.errors import NoomusError
from noomus_desktop.staff.client import StaffClient, StaffDelivery
from noomus_desktop.staff.display import printable
from noomus_desktop.staff.errors import StaffError
from noomus_desktop.staff.fetch import fetch, neutral_name, open_delivery
from noomus_desktop.staff.identity import load_identities
from noomus_desktop.staff.keys import generate_key
from noomus_desktop.staff.signin import StaffSignIn

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

EPILOG = """\
exit codes:
  0    done: every delivery asked for was fetched, verified and marked fetched
  1    something failed or was refused (each is said on standard error); run the same
       command again to resume: a download continues from what it already holds
  2    wrong usage (unknown option, missing argument)
"""

#: Reads one line: the password, then (for a one-time password) the new one.
Reader = Callable[[str], str]


def _print(text: str) -> None:
    print(text, flush=True)


def _say(text: str) -> None:
    print(f"noomus-staff: {text}", file=sys.stderr, flush=True)


def _reader(from_stdin: bool) -> Reader:
    if from_stdin:
        return lambda _prompt: sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass


def _login(args: argparse.Namespace) -> int:
    if not args.server:
        raise StaffError("Give the server's address with --server https://...")
    username = args.username or input("Staff user ID: ").strip()
    read = _reader(args.password_stdin)
    password = read(f"Password for {username}: ")

    def new_password() -> str:
        _say("Your password was a one-time password: choose a new one (at least 12 characters).")
        chosen = read("New password: ")
        if not args.password_stdin and read("New password again: ") != chosen:
            raise StaffError("The two new passwords differ. Run 'noomus-staff login' again.")
        return chosen

    signed_in = StaffSignIn().login(args.server, username, password, new_password)
    _print(f"Signed in as {printable(signed_in)}.")
    return EXIT_OK


def _logout(args: argparse.Namespace) -> int:
    StaffSignIn().logout()
    _print("Signed out.")
    return EXIT_OK


def _row(delivery: StaffDelivery) -> str:
    fetched = delivery.fetched_at or "new"
    return "\t".join(
        printable(v)
        for v in (delivery.id, delivery.username, delivery.received_at, delivery.size, fetched)
    )


def _list(args: argparse.Namespace) -> int:
    with StaffSignIn().resumed() as client:
        for delivery in client.staff_deliveries(new=args.new):
            _print(_row(delivery))
    return EXIT_OK


#: The shortest passphrase ``keys generate --protect`` accepts.
MIN_PASSPHRASE = 12


def _ask_passphrase() -> str:
    return getpass.getpass("Passphrase of the identity file: ")


def _fetch(args: argparse.Namespace) -> int:
    if bool(args.ids) == args.new:
        raise StaffError("Give delivery numbers or --new (not both).")
    identities = load_identities(args.identity, _ask_passphrase)
    failed = 0
    with StaffSignIn().resumed() as client:
        if args.new:
            for delivery in client.staff_deliveries(new=True):
                failed += not _fetch_one(client, delivery.id, identities, args.out, delivery)
        for delivery_id in args.ids:
            failed += not _fetch_one(client, delivery_id, identities, args.out)
    return EXIT_FAILED if failed else EXIT_OK


def _fetch_one(
    client: StaffClient,
    delivery_id: int,
    identities: list[Identity],
    out: Path,
    listed: StaffDelivery | None = None,
) -> bool:
    """Fetch one delivery and say how it went; a delivery that is not (or no longer) on the
    server is named, and the others asked for are still fetched."""
    try:
        fetched = fetch(client, listed or client.staff_delivery(delivery_id), identities, out)
    except NotFoundError:
        _say(
            f"Delivery {delivery_id} is not on the server (a wrong number, or purged)."
            " Nothing of it was written; see 'noomus-staff list'."
        )
        return False
    except (StaffError, NoomusError) as exc:
        _say(f"Delivery {delivery_id}: {exc.message}")
        return False
    restored = fetched.restored
    if restored.refused is not None:
        _say(
            f"Delivery {delivery_id}: its name was refused because its manifest does not match"
            f" it ({restored.refused}). It was written as {printable(restored.path)} and NOT"
            " marked fetched: tell a coordinator (the manifest was forged or swapped)."
        )
        return False
    if not restored.had_manifest:
        _say(f"Delivery {delivery_id} has no manifest: written under its neutral name.")
    _print(f"fetched {delivery_id}: {printable(restored.path)}")
    return True


def _open(args: argparse.Namespace) -> int:
    identities = load_identities(args.identity, _ask_passphrase)
    manifest = None
    if args.manifest is not None:
        try:
            manifest = args.manifest.read_bytes()
        except OSError as exc:
            raise StaffError(f"Cannot read the --manifest file ({exc.strerror}).") from None
    neutral = args.file.name.removesuffix(".age") or neutral_name(0)
    restored = open_delivery(args.file, manifest, identities, args.out, neutral)
    if restored.refused is not None:
        _say(
            f"The name was refused because the manifest does not match the file"
            f" ({restored.refused}). It was written as {printable(restored.path)}."
        )
        return EXIT_FAILED
    _print(printable(restored.path))
    return EXIT_OK


def _new_passphrase() -> str:
    first = getpass.getpass("Passphrase to protect the identity file: ")
    if len(first) < MIN_PASSPHRASE:
        raise StaffError(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters.")
    if getpass.getpass("The same passphrase again: ") != first:
        raise StaffError("The two passphrases differ; nothing was written. Try again.")
    return first


def _keys_generate(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase() if args.protect else None
    recipient = generate_key(args.out, classic=args.classic, passphrase=passphrase)
    _print(recipient)
    _say(
        f"Identity written to {printable(args.out)} (keep it on this machine, never on the"
        " server). Give the public key above to a coordinator: noomus-extranet keys add."
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="noomus-staff",
        description="Fetch Noomus deliveries and decrypt them on this machine.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    p = commands.add_parser("login", help="sign in; the session is kept in the system keyring")
    p.add_argument("--server", metavar="URL", required=True, help="the extranet's address")
    p.add_argument("--username", help="staff user ID (asked if not given)")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (a new one on the next line, if asked)",
    )
    p.set_defaults(run=_login)
    commands.add_parser("logout", help="sign out and forget the session").set_defaults(run=_logout)
    p = commands.add_parser("list", help="deliveries of every customer, oldest first")
    p.add_argument("--new", action="store_true", help="only those not fetched yet")
    p.set_defaults(run=_list)
    p = commands.add_parser("fetch", help="download, decrypt, verify and mark fetched")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.add_argument("--new", action="store_true", help="every delivery not fetched yet")
    p.add_argument("--identity", type=Path, required=True, metavar="KEY")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.set_defaults(run=_fetch)
    p = commands.add_parser("open", help="decrypt a delivery copied by hand")
    p.add_argument("file", type=Path, metavar="FILE.age")
    p.add_argument("--manifest", type=Path, metavar="M", help="its manifest (restores the name)")
    p.add_argument("--identity", type=Path, required=True, metavar="KEY")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.set_defaults(run=_open)
    keys = commands.add_parser("keys", help="the staff identity").add_subparsers(required=True)
    p = keys.add_parser("generate", help="a new identity (post-quantum unless --classic)")
    p.add_argument("--out", type=Path, default=Path("noomus-staff.key"), metavar="FILE")
    p.add_argument("--classic", action="store_true", help="X25519, for age 1.1")
    p.add_argument(
        "--protect", action="store_true", help="protect the file with a passphrase (asked twice)"
    )
    p.set_defaults(run=_keys_generate)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (StaffError, NoomusError) as exc:
        _say(exc.message)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("Interrupted; run the same command again to resume.")
        return EXIT_FAILED
    return code


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
