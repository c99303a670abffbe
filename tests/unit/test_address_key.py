"""Per-address limits count an IPv6 customer line (a /64) as one address (attack review:
rotating through a /64 went past every per-IP limit, report-lost's daily lock cap included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from noomus_extranet.admin import open_database
from noomus_extranet.config import RateLimit
from noomus_extranet.errors import ApiError
from noomus_extranet.ratelimit import RateLimiter, address_key


def test_an_ipv6_line_is_one_address_and_ipv4_is_itself() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("192.0.2.7") == "192.0.2.7"
    assert address_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert address_key("unknown") == "unknown"


def test_rotating_through_a_slash_64_does_not_reset_the_limit(tmp_path: Path) -> None:
    limiter = RateLimiter(open_database(tmp_path), "test", RateLimit(3, 3600.0))
    for host in range(3):
        limiter.take(address_key(f"2001:db8::{host + 1:x}"))
    with pytest.raises(ApiError):
        limiter.take(address_key("2001:db8::ffff"))
