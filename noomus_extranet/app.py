"""The ASGI application: ``create_app(config)`` wires storage, database, routes and logging."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import noomus_desktop
from noomus_extranet import api, health, retention, sessions, staffapi
from noomus_extranet.accesslog import (
    AccessLogMiddleware,
    configure_access_log,
    flush_access_log,
)
from noomus_extranet.auth import Authenticator
from noomus_extranet.config import ServerConfig
from noomus_extranet.db import Database, log_failure, now
from noomus_extranet.dburl import prepare_database
from noomus_extranet.devices import KnownDevices
from noomus_extranet.handlers import install_handlers
from noomus_extranet.headers import SecurityHeadersMiddleware
from noomus_extranet.leases import Leadership, Leases
from noomus_extranet.limits import BodyLimitMiddleware
from noomus_extranet.passwords import verify_password
from noomus_extranet.proxies import ProxyMiddleware, parse_networks
from noomus_extranet.ratelimit import RateLimiter
from noomus_extranet.reserve import SpaceReserve
from noomus_extranet.services import Services
from noomus_extranet.storage import Storage
from noomus_extranet.tus import routes as tus
from noomus_extranet.tus.uploads import Uploads

log = logging.getLogger(__name__)


def open_services(config: ServerConfig) -> Services:
    db = Database(prepare_database(config.data_dir, config.database))
    storage = Storage(config.data_dir)
    login_per_user = RateLimiter(db, "login_user", config.login_per_user)
    return Services(
        config=config,
        db=db,
        auth=Authenticator(
            db, config.access_token_ttl, config.refresh_token_ttl, config.session_lifetime
        ),
        uploads=Uploads(db, storage, config),
        login_per_user=login_per_user,
        login_per_ip=RateLimiter(db, "login_ip", config.login_per_ip),
        report_per_ip=RateLimiter(db, "report_ip", config.report_per_ip),
        devices=KnownDevices(
            db, login_per_user, RateLimiter(db, "login_device", config.login_per_user)
        ),
        locks_per_ip=RateLimiter(db, "locks_ip", config.locks_per_ip),
    )


def _delete_expired_tokens(db: Database) -> None:
    for table in ("access_tokens", "refresh_tokens"):
        db.execute(f"DELETE FROM {table} WHERE expires_at <= ?", (now(),))  # noqa: S608


async def _sweep(svc: Services, leader: Leadership) -> None:
    """Remove expired uploads and tokens now and then (the database work in worker threads,
    off the event loop): the leader only, for the whole cluster. Every process puts back
    the space reserve beside the database: it is a file on a disk, and a process cannot
    tell whether the others see the same disk (they do on one machine; idempotent then)."""
    interval = max(0.5, min(60.0, svc.config.upload_expiry / 4))
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(
                SpaceReserve.beside(svc.db, svc.config.security_reserve).replenish
            )
            if leader.leading():
                await svc.uploads.expire_due()
                await asyncio.to_thread(_delete_expired_tokens, svc.db)
        except Exception:
            log_failure(log, "sweeping expired uploads")


def _purge(db: Database) -> None:
    retention.purge(db, retention.Policy.load(db), now())


async def _purge_daily(svc: Services, leader: Leadership) -> None:
    """Apply the retention policy at start and then every ``purge_interval`` seconds (off the
    event loop), in the leader only; a restart, or a new leader, does not postpone it."""
    while True:
        await leader.wait()
        try:
            await asyncio.to_thread(_purge, svc.db)
        except Exception:
            log_failure(log, "purging by the retention policy")
        await asyncio.sleep(svc.config.purge_interval)


def create_app(config: ServerConfig) -> FastAPI:
    svc = open_services(config)
    verify_password(None, "warm-up")  # prepare the dummy hash before the first sign-in
    SpaceReserve.beside(svc.db, config.security_reserve).replenish()
    svc.uploads.recover()
    svc.uploads.expire_due_at_start()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        leader = Leadership(Leases(svc.db))
        tasks = [
            asyncio.create_task(leader.keep()),
            asyncio.create_task(_sweep(svc, leader)),
            asyncio.create_task(_purge_daily(svc, leader)),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await asyncio.to_thread(leader.step_down)
            # Per process: each one buffers its own access-log lines.
            await asyncio.to_thread(flush_access_log)

    app = FastAPI(
        title="Noomus extranet API",
        version=noomus_desktop.__version__,
        description='See docs/api.md. Errors: {"error": {"code", "message"}}.',
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        redirect_slashes=False,
    )
    app.state.services = svc
    app.state.health = health.Health(svc.db, svc.uploads.disk)
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(sessions.router)
    app.include_router(staffapi.router)
    app.include_router(tus.router)
    app.include_router(health.router)
    logger = configure_access_log(config.data_dir / "logs", config.access_log_stderr)
    app.add_middleware(
        BodyLimitMiddleware,
        max_json_body=config.max_json_body,
        body_timeout=config.body_idle_timeout,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(
        ProxyMiddleware,
        trusted=parse_networks(config.trusted_proxies),
        public_url=config.public_url,
    )
    app.add_middleware(AccessLogMiddleware, logger=logger)
    return app
