"""``deploy/noomus-extranet.service``: ``systemd-analyze verify`` accepts it without a warning
(with ExecStart pointed at the installed entry point: verify checks it is executable), it holds
the hardening the operations guide promises, and its ExecStart is a command line the server's
own parser accepts."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noomus_extranet.cli import build_parser

UNIT = Path(__file__).resolve().parents[2] / "deploy" / "noomus-extranet.service"
INSTALLED = "/opt/noomus-extranet/venv/bin/noomus-extranet"
REQUIRED = {
    "User": "noomus",
    "UMask": "0077",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ReadWritePaths": "/var/lib/noomus-extranet",
    "PrivateTmp": "yes",
    "Restart": "on-failure",
    "ProtectHome": "yes",
    "PrivateDevices": "yes",
    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
    "SystemCallFilter": "@system-service",
    "CapabilityBoundingSet": "",
}


def _service() -> dict[str, list[str]]:
    """The [Service] directives, every value of a repeated one (configparser cannot)."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in UNIT.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line and not line.startswith("#") and section == "Service":
            key, value = line.split("=", 1)
            values.setdefault(key, []).append(value)
    return values


def test_systemd_analyze_verify_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    entry_point = Path(sys.executable).with_name("noomus-extranet")
    assert entry_point.exists(), "the package's entry point is installed beside python"
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text().replace(INSTALLED, str(entry_point)))
    result = subprocess.run(
        [analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_the_unit_holds_the_promised_hardening() -> None:
    service = _service()
    for key, value in REQUIRED.items():
        assert value in service.get(key, []), key
    assert "~@privileged @resources" in service["SystemCallFilter"]
    assert int(service["LimitNOFILE"][0]) >= 1024
    assert "ExecReload" not in service  # SIGHUP would stop uvicorn: the logs reopen themselves
    unit = UNIT.read_text()
    assert "StartLimitBurst=" in unit and "StartLimitIntervalSec=" in unit


def test_exec_start_is_a_command_the_server_accepts() -> None:
    [command] = _service()["ExecStart"]
    argv = shlex.split(command)
    assert argv[0] == INSTALLED
    args = build_parser().parse_args(argv[1:])
    assert str(args.data) in _service()["ReadWritePaths"]
    assert args.host == "127.0.0.1" and args.trusted_proxy == ["127.0.0.1", "::1"]
