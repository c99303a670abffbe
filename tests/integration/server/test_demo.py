"""The embedded demo server the desktop's ``--demo`` runs in-process."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from noomus_extranet.demo import DemoServer

#: The demos share one usual port: run them one at a time (each still falls back if taken).
pytestmark = pytest.mark.xdist_group("demo-port")


def test_demo_server_starts_signs_in_and_keeps_its_account(tmp_path: Path) -> None:
    demo = DemoServer(tmp_path / "demo")
    url = demo.start()
    try:
        assert url.startswith("http://127.0.0.1:")
        info = httpx.get(f"{url}/api/v1/info").json()
        assert len(info["recipients"]) == 1
        response = httpx.post(
            f"{url}/api/v1/auth/login",
            json={"username": demo.username, "password": demo.password, "device_name": "demo"},
        )
        assert response.status_code == 200
        assert demo.identity_file.read_text().count("AGE-SECRET-KEY-1") == 1
    finally:
        demo.stop()
    again = DemoServer(tmp_path / "demo")
    assert (again.username, again.password) == (demo.username, demo.password)
    assert again.identity_file == demo.identity_file
