"""Audit of what a recording :class:`~tests.helpers.faultproxy.FaultProxy` saw leave the client:
was any range of ciphertext under one plan ever sent twice with different bytes (a two-time
pad: same file key, nonce and chunk counter, two plaintexts)?

Bodies are grouped by plan, not by upload: an upload's plan is named by its age header and
payload nonce (the first bytes of its offset-0 body), so a new upload created with an old
plan (the same key stream) is audited together with the old one.
"""

from __future__ import annotations

from collections import defaultdict

from noomus_desktop.core.crypto.stream import ENCRYPTED_CHUNK_SIZE, NONCE_SIZE
from tests.helpers.faultproxy import RecordedBody

_MAC_LINE = b"\n--- "


def _prefix(first: bytes) -> bytes | None:
    """Header and nonce at the start of an upload's first body, if it holds them whole."""
    mac = first.find(_MAC_LINE)
    end = first.find(b"\n", mac + 1) if mac >= 0 else -1
    if end < 0 or len(first) < end + 1 + NONCE_SIZE:
        return None
    return first[: end + 1 + NONCE_SIZE]


def reused_chunks(bodies: list[RecordedBody]) -> list[tuple[str, int]]:
    """``(upload path, chunk index)`` of every chunk sent twice under one plan with
    different bytes; empty when the invariant held."""
    plan_of: dict[str, bytes] = {}
    for body in bodies:
        if body.offset == 0 and body.path not in plan_of:
            plan_of[body.path] = _prefix(bytes(body.data)) or body.path.encode()
    by_plan: dict[bytes, list[RecordedBody]] = defaultdict(list)
    for body in bodies:
        by_plan[plan_of.get(body.path, body.path.encode())].append(body)
    found: set[tuple[str, int]] = set()
    for plan, sent in by_plan.items():
        prefix = len(plan)
        for i, one in enumerate(sent):
            for other in sent[i + 1 :]:
                start = max(one.offset, other.offset)
                end = min(one.offset + len(one.data), other.offset + len(other.data))
                for chunk_start in range(start, end, ENCRYPTED_CHUNK_SIZE):
                    chunk_end = min(end, chunk_start + ENCRYPTED_CHUNK_SIZE)
                    a = one.data[chunk_start - one.offset : chunk_end - one.offset]
                    b = other.data[chunk_start - other.offset : chunk_end - other.offset]
                    if a != b:
                        index = max(0, chunk_start - prefix) // ENCRYPTED_CHUNK_SIZE
                        found.add((other.path, index))
    return sorted(found)
