"""Review of issue 20 (attack): on a full disk a client can still learn its upload's offset.

``HEAD`` only reads: before leases it answered the recorded offset on a full disk. Now it
takes the upload's lease first, an ``INSERT`` into ``leases`` that a full disk refuses, so the
client that wants to know where it stands gets ``507`` instead (the test passes on the commit
before leases, 5da689b^).
"""

from __future__ import annotations

import httpx

from tests.helpers.server import RunningExtranet
from tests.security.test_full_disk import (
    _login,
    fill,
    server_on_small_disk,  # noqa: F401 (a fixture)
    small_disk,  # noqa: F401 (a fixture)
)

TUS = {"Tus-Resumable": "1.0.0"}


def test_on_a_full_disk_head_still_answers_the_offset(
    server_on_small_disk: RunningExtranet,  # noqa: F811
) -> None:
    server = server_on_small_disk
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = _login(client, "alice", server.password).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}", **TUS}
        created = client.post("/api/v1/uploads/", headers={**bearer, "Upload-Length": "1000"})
        assert created.status_code == 201, created.text
        fill(server.data_dir.parent)
        head = client.head(created.headers["Location"], headers=bearer)
        assert head.status_code == 200, (head.status_code, head.headers)
        assert head.headers["Upload-Offset"] == "0"
