"""``deploy/nginx-cluster.conf`` and ``deploy/noomus-extranet@.service`` cannot rot: nginx
accepts the config (``nginx -t``, rendered with test ports, paths and a test certificate), its
public side is deploy/nginx.conf's directive for directive (whose limits
tests/packaging/test_deploy_configs.py compares with the server's), and the template unit is
the single unit with the port as instance name, accepted by ``systemd-analyze verify``."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noomus_extranet.cli import build_parser
from noomus_extranet.limits import UPLOADS_PREFIX
from tests.helpers import nginx
from tests.helpers.tls import make_pki
from tests.packaging.test_deploy_configs import DEPLOY, _nginx_blocks
from tests.packaging.test_deploy_unit import INSTALLED

TEMPLATE = DEPLOY / "noomus-extranet@.service"
SINGLE = DEPLOY / "noomus-extranet.service"
#: What the cluster's server block may do differently from deploy/nginx.conf's.
CLUSTER_ONLY = {
    "proxy_pass",
    "proxy_next_upstream",
    "proxy_next_upstream_tries",
    "proxy_connect_timeout",
}


@nginx.requires_nginx
def test_nginx_accepts_the_committed_cluster_config(tmp_path: Path) -> None:
    certificate = make_pki(tmp_path).valid
    checked = nginx.check_config(
        lambda prefix: nginx.render_cluster_config(prefix, [8443, 8444, 8445], 8080, certificate)
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


@nginx.requires_nginx
def test_nginx_accepts_the_committed_single_process_config(tmp_path: Path) -> None:
    """deploy/nginx.conf on the nginx Debian 12 installs (1.22): ``http2 on;`` (1.25) failed."""
    certificate = make_pki(tmp_path).valid
    checked = nginx.check_config(
        lambda prefix: nginx.render_cluster_config(
            prefix, [], 8080, certificate, source=DEPLOY / "nginx.conf"
        )
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


@nginx.requires_nginx
def test_nginx_t_can_fail() -> None:
    """The check above would see a broken file: a directive nginx does not know."""
    checked = nginx.check_config(
        lambda prefix: nginx.render_cluster_config(prefix, [8443], 8080).replace(
            "least_conn;", "least_connections;"
        )
    )
    assert checked.returncode != 0 and "least_connections" in checked.stderr


def _upstream() -> list[list[str]]:
    text = re.sub(r"#.*", "", (DEPLOY / "nginx-cluster.conf").read_text())
    found = re.search(r"upstream noomus_extranet \{(.*?)\}", text, re.DOTALL)
    assert found is not None
    return [shlex.split(s) for s in found.group(1).split(";") if s.strip()]


def test_the_public_side_is_the_single_process_configs() -> None:
    single, cluster = _nginx_blocks(), _nginx_blocks(DEPLOY / "nginx-cluster.conf")
    assert cluster.keys() == single.keys()
    for location, directives in cluster.items():
        for name in directives.keys() | single[location].keys():
            if name not in CLUSTER_ONLY:
                assert directives.get(name) == single[location].get(name), (location, name)
    server, uploads, rest = cluster[""], cluster[UPLOADS_PREFIX], cluster["/"]
    assert uploads["proxy_pass"] == rest["proxy_pass"] == ["http://noomus_extranet"]
    assert uploads["proxy_request_buffering"] == uploads["proxy_buffering"] == ["off"]
    # A POST or PATCH that reached a process is never replayed onto another.
    assert "non_idempotent" not in server["proxy_next_upstream"][0]
    assert any(v.startswith("443 ssl") for v in server["listen"])


def test_the_upstream_lists_template_instances_with_passive_health_checks() -> None:
    upstream = _upstream()
    assert ["least_conn"] in upstream
    servers = [words[1:] for words in upstream if words[0] == "server"]
    assert len(servers) >= 2
    for address, *parameters in servers:
        host, port = address.rsplit(":", 1)
        argv = _exec_start(TEMPLATE).replace("%i", port)
        args = build_parser().parse_args(shlex.split(argv)[1:])
        assert (args.host, args.port) == (host, int(port))
        assert {p.split("=")[0] for p in parameters} == {"max_fails", "fail_timeout"}


def _directives(unit: Path) -> list[str]:
    return [
        line
        for line in unit.read_text().splitlines()
        if "=" in line and not line.startswith("#") and not line.startswith("Description=")
    ]


def _exec_start(unit: Path) -> str:
    [line] = [d for d in _directives(unit) if d.startswith("ExecStart=")]
    return line.removeprefix("ExecStart=")


def test_the_template_is_the_single_unit_with_the_port_as_instance() -> None:
    single, template = _directives(SINGLE), _directives(TEMPLATE)
    argv = shlex.split(_exec_start(SINGLE))
    port = argv[argv.index("--port") + 1]
    assert [d.replace("%i", port) for d in template] == single
    assert "%i" in _exec_start(TEMPLATE) and "%i" in TEMPLATE.read_text().split("Description=")[1]


def test_systemd_analyze_verify_accepts_an_instance(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    entry_point = Path(sys.executable).with_name("noomus-extranet")
    assert entry_point.exists(), "the package's entry point is installed beside python"
    (tmp_path / TEMPLATE.name).write_text(TEMPLATE.read_text().replace(INSTALLED, str(entry_point)))
    result = subprocess.run(
        [analyze, "verify", "--man=no", str(tmp_path / "noomus-extranet@8444.service")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
