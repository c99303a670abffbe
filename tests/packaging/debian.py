"""A minimal Debian 12 (``debootstrap --variant=minbase``) for running the frozen bundle.

The root is made once per machine and kept as a tar in ``$NOOMUS_DEBIAN_CACHE`` (default
``/var/tmp/noomus-test-cache``), with the ``.deb`` files of :data:`PACKAGES` already
downloaded, so later runs need no network. Each test unpacks its own copy (a few seconds),
so a test may install packages or certificates without changing what another one sees.
Shared by ``test_debian.py`` (the documented packages) and ``test_frozen_tls.py`` (an upload
over TLS verified against the chroot's trust store). Needs root (chroot) and debootstrap.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tarfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from installers.bundle import Bundle

CACHE = Path(os.environ.get("NOOMUS_DEBIAN_CACHE", "/var/tmp/noomus-test-cache"))
MIRROR = "http://deb.debian.org/debian"
#: What a minimal Debian 12 lacks for Noomus: OpenGL dispatch (Qt links it) and CA certificates.
PACKAGES = ("libgl1", "libegl1", "ca-certificates")
#: Where the bundle goes inside the root, and its executable there.
BUNDLE_DIR = Path("/opt/noomus")
EXECUTABLE = str(BUNDLE_DIR / "noomus-desktop")

needs_chroot = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("debootstrap") is None,
    reason="needs root and debootstrap (Debian package debootstrap)",
)


def chroot(
    root: Path, *command: str, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` inside ``root`` with a minimal environment (plus ``env``)."""
    base = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "HOME": "/root",
            "DEBIAN_FRONTEND": "noninteractive"}  # fmt: skip
    return subprocess.run(
        ["chroot", str(root), *command], capture_output=True, text=True,
        env={**base, **(env or {})}, timeout=timeout, check=False,
    )  # fmt: skip


def cached_root() -> Path:
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
            result = chroot(work, *command)
            assert result.returncode == 0, result.stderr
        with tarfile.open(archive.with_suffix(".tmp"), "w") as tar:
            tar.add(work, arcname=".")
        archive.with_suffix(".tmp").rename(archive)
        shutil.rmtree(work)
    return archive


def unpack_root(root: Path, bundle: Bundle) -> Path:
    """A fresh copy of the cached root in ``root`` (nothing installed), the bundle in it."""
    root.mkdir()
    with tarfile.open(cached_root()) as tar:
        tar.extractall(root, filter="fully_trusted")  # noqa: S202 (our own tar of a Debian root)
    shutil.copytree(bundle.folder, root / BUNDLE_DIR.relative_to("/"), symlinks=True)
    return root


def install(root: Path, *packages: str) -> None:
    """Install already downloaded packages (no network)."""
    result = chroot(root, "apt-get", "install", "-y", "-qq", "--no-download", *packages)
    assert result.returncode == 0, result.stderr
