"""The frozen Linux bundle in a minimal Debian 12 (``debootstrap --variant=minbase``): the
oldest system the tar.gz claims, with none of a desktop's libraries.

One scenario, in order: with nothing installed the app names the missing libraries and their
packages (no traceback); with ``libgl1`` and ``libegl1`` the self-test fails only for want of
CA certificates; with ``ca-certificates`` it passes. So the list in docs/installers.md and
``installers/system_libraries.py`` is exactly what a minimal system lacks.

The Debian root is made once per machine and cached (``tests/packaging/debian.py``), with the
three packages' ``.deb`` files already downloaded, so later runs need no network: about 45 s
then, about 2.5 minutes the first time. Needs root (chroot) and debootstrap.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from installers.bundle import Bundle
from tests.packaging.debian import EXECUTABLE, chroot, install, needs_chroot, unpack_root
from tests.packaging.test_bundle import bundle

__all__ = ["bundle"]  # the shared frozen build (fixture)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.xdist_group("frozen-bundle"),
    needs_chroot,
]


def _self_test(root: Path) -> subprocess.CompletedProcess[str]:
    return chroot(root, EXECUTABLE, "--self-test")


def test_bundle_runs_on_minimal_debian_12_with_the_documented_packages(
    bundle: Bundle, tmp_path: Path
) -> None:
    started = time.monotonic()
    root = unpack_root(tmp_path / "debian12", bundle)

    # Nothing installed: a sentence naming the packages, not a traceback.
    start = chroot(root, EXECUTABLE)
    assert start.returncode == 3
    assert "lacks libGL.so.1, libEGL.so.1" in start.stderr
    assert "sudo apt install libegl1 libgl1" in start.stderr
    assert "Traceback" not in start.stderr
    first = _self_test(root)
    assert first.returncode == 1
    assert "FAIL  qt" in first.stdout and "libGL.so.1" in first.stdout

    # With OpenGL dispatch: Qt starts, the X11 plugin loads; no CA certificates yet.
    install(root, "libgl1", "libegl1")
    second = _self_test(root)
    assert "ok    qt" in second.stdout and "libqxcb.so loads" in second.stdout
    assert "FAIL  tls" in second.stdout and "holds no CA certificates" in second.stdout
    assert "self-test FAILED (tls): 6 of 7 checks ok" in second.stdout

    # With the system's CA certificates: everything an upload needs is there.
    install(root, "ca-certificates")
    third = _self_test(root)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "self-test passed: 7 of 7 checks ok" in third.stdout
    print(f"minimal Debian 12 scenario: {time.monotonic() - started:.0f} s")
