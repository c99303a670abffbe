"""``deploy/``: the proxies' limits equal the server's own, they overwrite X-Forwarded-For, the
unit trusts exactly the proxy's address, and logrotate recreates the logs 0600.

nginx and caddy are not installed here (nor logrotate): their files are parsed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from noomus_extranet.accesslog import FILE_NAME
from noomus_extranet.config import ServerConfig
from noomus_extranet.limits import UPLOADS_PREFIX

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def _size(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([a-zA-Z]*)", text).groups()  # type: ignore[union-attr]
    return int(number) * _UNITS[unit.lower()]


def _seconds(text: str) -> float:
    return float(text.removesuffix("s"))


def _nginx_blocks(path: Path = DEPLOY / "nginx.conf") -> dict[str, dict[str, list[str]]]:
    """Directives of the TLS server block (``""``) and of each of its ``location``s; a
    repeated directive keeps every value."""
    text = re.sub(r"#.*", "", path.read_text())
    tls_server = next(b for b in text.split("server {")[1:] if "ssl_certificate " in b)
    blocks: dict[str, dict[str, list[str]]] = {}
    current = ""
    for statement in re.findall(r"[^;{}]+[;{}]|}", tls_server):
        words = shlex.split(statement.rstrip(";{}"))
        if statement.endswith("{") and words[0] == "location":
            current = words[1]
        elif statement == "}":
            current = ""
        elif words:
            blocks.setdefault(current, {}).setdefault(words[0], []).append(" ".join(words[1:]))
    return blocks


def _unit_exec_start() -> list[str]:
    for line in (DEPLOY / "noomus-extranet.service").read_text().splitlines():
        if line.startswith("ExecStart="):
            return shlex.split(line.removeprefix("ExecStart="))
    raise AssertionError("no ExecStart")


def _option(argv: list[str], flag: str) -> list[str]:
    """The values after ``flag`` up to the next option."""
    start = argv.index(flag) + 1
    end = next((i for i in range(start, len(argv)) if argv[i].startswith("--")), len(argv))
    return argv[start:end]


def test_nginx_limits_equal_the_servers() -> None:
    blocks = _nginx_blocks()
    server, uploads, rest = blocks[""], blocks[UPLOADS_PREFIX], blocks["/"]
    config = ServerConfig(data_dir=Path("unused"))
    assert _size(server["client_max_body_size"][0]) == config.max_json_body
    assert _size(uploads["client_max_body_size"][0]) == config.max_upload_size
    assert _seconds(server["client_body_timeout"][0]) == config.body_idle_timeout
    assert _seconds(server["client_header_timeout"][0]) == config.header_timeout
    assert _seconds(server["keepalive_timeout"][0]) == config.keep_alive_timeout
    assert _size(server["large_client_header_buffers"][0].split()[1]) == config.max_header_bytes
    assert uploads["proxy_request_buffering"] == ["off"]
    # Headers: set once for every location (a location with its own would drop them).
    assert "proxy_set_header" not in uploads and "proxy_set_header" not in rest
    assert "X-Forwarded-For $remote_addr" in server["proxy_set_header"]
    assert "X-Forwarded-Proto $scheme" in server["proxy_set_header"]
    assert not any("proxy_add_x_forwarded_for" in v for v in server["proxy_set_header"])
    assert any(v.startswith("443 ssl") for v in server["listen"])
    assert uploads["proxy_pass"] == rest["proxy_pass"]
    _same_upstream_as_the_unit(uploads["proxy_pass"][0].removeprefix("http://"))


def test_caddy_limits_equal_the_servers() -> None:
    text = re.sub(r"#.*", "", (DEPLOY / "Caddyfile").read_text())
    config = ServerConfig(data_dir=Path("unused"))

    def value(pattern: str) -> str:
        found = re.search(pattern, text)
        assert found is not None, pattern
        return found.group(1)

    assert value(rf"@uploads path ({re.escape(UPLOADS_PREFIX)})\*") == UPLOADS_PREFIX
    assert _size(value(r"request_body @uploads \{\s*max_size (\S+)")) == config.max_upload_size
    assert value(rf"@json not path ({re.escape(UPLOADS_PREFIX)})\*") == UPLOADS_PREFIX
    assert _size(value(r"request_body @json \{\s*max_size (\S+)")) == config.max_json_body
    assert _seconds(value(r"read_header (\S+)")) == config.header_timeout
    assert _seconds(value(r"idle (\S+)")) == config.keep_alive_timeout
    assert _size(value(r"max_header_size (\S+)")) == config.max_header_bytes
    assert "header_up X-Forwarded-For {remote_host}" in text
    assert "header_up X-Forwarded-Proto {scheme}" in text
    assert value(r"protocols (tls1\.\d)") == "tls1.2"
    _same_upstream_as_the_unit(value(r"reverse_proxy (\S+) \{"))


def _same_upstream_as_the_unit(upstream: str) -> None:
    """The proxy talks to the address and port the unit serves on, and the unit trusts the
    proxy's (loopback) address, and only that."""
    host, port = upstream.rsplit(":", 1)
    argv = _unit_exec_start()
    assert _option(argv, "--host") == [host] and _option(argv, "--port") == [port]
    assert set(_option(argv, "--trusted-proxy")) == {"127.0.0.1", "::1"}
    assert _option(argv, "--public-url")[0].startswith("https://")


def test_logrotate_recreates_both_logs_private() -> None:
    text = (DEPLOY / "logrotate" / "noomus-extranet").read_text()
    blocks = re.findall(r"^(/\S+) \{(.*?)^\}", text, re.MULTILINE | re.DOTALL)
    data = _option(_unit_exec_start(), "--data")[0]
    assert {path for path, _ in blocks} == {f"{data}/logs/{FILE_NAME}", f"{data}/logs/audit.log"}
    for path, body in blocks:
        assert "create 0600 noomus noomus" in body, path
        assert "postrotate" not in body and "copytruncate" not in body, path
    access = dict(blocks)[f"{data}/logs/{FILE_NAME}"]
    assert re.search(r"maxage 90\b", access), "the access log's maxage is the retention default"
