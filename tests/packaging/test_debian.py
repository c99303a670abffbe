"""The frozen Linux bundle in a minimal Debian 12 (``debootstrap --variant=minbase``): the
oldest system the tar.gz claims, with none of a desktop's libraries.

One scenario, in order: with nothing installed the app names the missing libraries and their
packages (no traceback); with ``libgl1`` and ``libegl1`` the self-test fails only for want of
CA certificates; with ``ca-certificates`` it passes. So the list in docs/installers.md and
``installers/system_libraries.py`` is exactly what a minimal system lacks.

The Debian root is made once per machine and kept as a tar in ``$NOOMUS_DEBIAN_CACHE``
(default ``/var/tmp/noomus-test-cache``), with the three packages' ``.deb`` files already
downloaded, so later runs need no network: about 45 s then, about 2.5 minutes the first time.
Needs root (chroot) and debootstrap.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

from installers.bundle import Bundle
from tests.packaging.test_bundle import bundle

__all__ = ["bundle"]  # the shared frozen build (fixture)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.xdist_group("frozen-bundle"),
    pytest.mark.skipif(
        os.name != "posix" or os.geteuid() != 0 or shutil.which("debootstrap") is None,
        reason="needs root and debootstrap (Debian package debootstrap)",
    ),
]

CACHE = Path(os.environ.get("NOOMUS_DEBIAN_CACHE", "/var/tmp/noomus-test-cache"))
MIRROR = "http://deb.debian.org/debian"
#: What a minimal Debian 12 lacks for Noomus: OpenGL dispatch (Qt links it) and CA certificates.
PACKAGES = ("libgl1", "libegl1", "ca-certificates")


def _chroot(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "HOME": "/root",
           "DEBIAN_FRONTEND": "noninteractive"}  # fmt: skip
    return subprocess.run(
        ["chroot", str(root), *command], capture_output=True, text=True, env=env, timeout=300,
        check=False,
    )  # fmt: skip


def _cached_root() -> Path:
    """The minbase root with the packages downloaded but not installed, as a tar."""
    archive = CACHE / "debian12-minbase.tar"
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "debian12.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if archive.exists():
            return archive
        work = CACHE / "debian12-build"
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run(
            ["debootstrap", "--variant=minbase", "bookworm", str(work), MIRROR],
            check=True, capture_output=True,
        )  # fmt: skip
        download = ("apt-get", "install", "-y", "-qq", "--download-only", *PACKAGES)
        for command in (("apt-get", "update", "-qq"), download):
            result = _chroot(work, *command)
            assert result.returncode == 0, result.stderr
        with tarfile.open(archive.with_suffix(".tmp"), "w") as tar:
            tar.add(work, arcname=".")
        archive.with_suffix(".tmp").rename(archive)
        shutil.rmtree(work)
    return archive


def _self_test(root: Path) -> subprocess.CompletedProcess[str]:
    return _chroot(root, "/opt/noomus/noomus-desktop", "--self-test")


def test_bundle_runs_on_minimal_debian_12_with_the_documented_packages(
    bundle: Bundle, tmp_path: Path
) -> None:
    started = time.monotonic()
    root = tmp_path / "debian12"
    root.mkdir()
    with tarfile.open(_cached_root()) as tar:
        tar.extractall(root, filter="fully_trusted")  # noqa: S202 (our own tar of a Debian root)
    shutil.copytree(bundle.folder, root / "opt" / "noomus", symlinks=True)

    # Nothing installed: a sentence naming the packages, not a traceback.
    start = _chroot(root, "/opt/noomus/noomus-desktop")
    assert start.returncode == 3
    assert "lacks libGL.so.1, libEGL.so.1" in start.stderr
    assert "sudo apt install libegl1 libgl1" in start.stderr
    assert "Traceback" not in start.stderr
    first = _self_test(root)
    assert first.returncode == 1
    assert "FAIL  qt" in first.stdout and "libGL.so.1" in first.stdout

    # With OpenGL dispatch: Qt starts, the X11 plugin loads; no CA certificates yet.
    installed = _chroot(
        root, "apt-get", "install", "-y", "-qq", "--no-download", "libgl1", "libegl1"
    )
    assert installed.returncode == 0, installed.stderr
    second = _self_test(root)
    assert "ok    qt" in second.stdout and "libqxcb.so loads" in second.stdout
    assert "FAIL  tls" in second.stdout and "holds no CA certificates" in second.stdout
    assert "self-test FAILED (tls): 6 of 7 checks ok" in second.stdout

    # With the system's CA certificates: everything an upload needs is there.
    installed = _chroot(root, "apt-get", "install", "-y", "-qq", "--no-download", "ca-certificates")
    assert installed.returncode == 0, installed.stderr
    third = _self_test(root)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "self-test passed: 7 of 7 checks ok" in third.stdout
    print(f"minimal Debian 12 scenario: {time.monotonic() - started:.0f} s")
