"""The self-test's checks fail when what they check is missing (the frozen app's own runs are
in test_bundle.py and test_debian.py)."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from noomus_desktop.core.net import ssl_context
from noomus_desktop.selftest import SelfTestError, load_plugin
from noomus_desktop.selftest_tls import (
    TrustStoreError,
    check_tls,
    count_openssl_roots,
    handshake,
    make_test_pki,
)


def test_a_trust_store_without_roots_fails(tmp_path: Path) -> None:
    empty_file, empty_dir = tmp_path / "ca-certificates.crt", tmp_path / "certs"
    empty_file.write_text("")
    empty_dir.mkdir()
    assert count_openssl_roots([str(tmp_path / "missing.pem")], str(empty_dir)) == (
        0, str(empty_dir),
    )  # fmt: skip
    assert count_openssl_roots([str(empty_file)], None) == (0, str(empty_file))
    with pytest.raises(TrustStoreError, match="holds no CA certificates"):
        check_tls((0, str(empty_dir)))
    assert "unknown CA refused" in check_tls()  # this machine's store has roots


def test_a_chain_verifies_only_against_the_ca_that_issued_it(tmp_path: Path) -> None:
    ca, chain, key = make_test_pki(tmp_path)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(chain, key)
    handshake(ssl_context(extra_ca=ca), server)
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(ssl_context(), server)
    other = tmp_path / "other"
    other.mkdir()
    other_ca, _chain, _key = make_test_pki(other)
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(ssl_context(extra_ca=other_ca), server)


def test_a_platform_plugin_that_cannot_load_fails(tmp_path: Path) -> None:
    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"\x7fELF not really a library")
    with pytest.raises(SelfTestError, match=r"libqxcb\.so does not load"):
        load_plugin(broken)
