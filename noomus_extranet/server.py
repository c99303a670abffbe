"""Running the app under uvicorn, with TLS, refusing plain HTTP beyond loopback."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import uvicorn

from noomus_extranet.admin import AdminError
from noomus_extranet.app import create_app
from noomus_extranet.config import ServerConfig
from noomus_extranet.connections import ConnectionLimits, protocol_class


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def uvicorn_config(
    config: ServerConfig,
    host: str,
    port: int,
    tls: tuple[Path, Path] | None = None,
    insecure_http: bool = False,
) -> uvicorn.Config:
    if tls is None and not is_loopback(host) and not insecure_http:
        raise AdminError(
            f"Refusing to serve plain HTTP on {host}: give --tls-cert and --tls-key"
            " (or --insecure-http behind a TLS proxy)."
        )
    if config.public_url is None and not is_loopback(host):
        raise AdminError(
            f"Refusing to serve on {host} without --public-url: the server must know the"
            " URL its clients use (it never takes it from their Host header)."
        )
    return uvicorn.Config(
        create_app(config),
        host=host,
        port=port,
        ssl_certfile=str(tls[0]) if tls else None,
        ssl_keyfile=str(tls[1]) if tls else None,
        access_log=False,
        # uvicorn would believe X-Forwarded-For from loopback: proxies.py decides instead.
        proxy_headers=False,
        forwarded_allow_ips="",  # our own access log has the fields the policy asks for
        log_level="warning",
        server_header=False,
        timeout_graceful_shutdown=5,
        http=protocol_class(
            ConnectionLimits(config.max_connections, config.header_timeout, config.max_header_bytes)
        ),
        timeout_keep_alive=config.keep_alive_timeout,
    )


def serve(
    config: ServerConfig,
    host: str,
    port: int,
    tls: tuple[Path, Path] | None = None,
    insecure_http: bool = False,
) -> None:
    uvicorn.Server(uvicorn_config(config, host, port, tls, insecure_http)).run()
