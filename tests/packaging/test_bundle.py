"""The frozen Linux app, built once from a clean copy of the checkout and run for real.

All tests here share one PyInstaller build (a minute or two). They form one xdist group, but
the build does not rely on it (with pytest 9 and pytest-xdist 3.8, ``--dist loadgroup`` no
longer keeps a group on one worker): the build sits in the session's shared temporary folder
behind a file lock, so whichever worker comes second waits for it and reuses it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader

from installers.bundle import Bundle, tree_size
from installers.linux.tarball import build_tarball
from installers.project import ROOT, TRANSLATIONS_DIR, read_version
from noomus_desktop.core.account import Account
from noomus_desktop.core.config import Settings, load_build_config
from tests.helpers.server import RunningExtranet
from tests.packaging.checkout import clean_copy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),  # the first test waits for the build
    pytest.mark.xdist_group("frozen-bundle"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
]

SIZE_LIMIT_MB = 150
ARTIFACTS = ROOT / "test-artifacts"
#: Packages that must never reach a customer's machine (server side, test tools).
FORBIDDEN = (
    "noomus_extranet",
    "fastapi",
    "starlette",
    "uvicorn",
    "pydantic",
    "argon2",
    "pytest",
    "hypothesis",
    "schemathesis",
)


def _build(base: Path) -> Path:
    source = clean_copy(base / "src")
    # Run from the copy, so its ``installers`` (and so its spec and its ROOT) are the ones used.
    command = [
        sys.executable,
        "-m",
        "installers.bundle",
        "--dist",
        str(base / "dist"),
        "--work",
        str(base / "work"),
    ]
    subprocess.run(command, cwd=source, check=True)
    return base / "dist" / "noomus-desktop"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Bundle:
    if shutil.which("git") is None:
        pytest.skip("git is needed to make a clean copy of the checkout")
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # each xdist worker has its own basetemp under a common parent
        shared = shared.parent
    base = shared / "frozen-bundle"
    base.mkdir(exist_ok=True)
    with (base / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = base / "built"
        if not done.exists():
            _build(base)
            done.touch()
    folder = base / "dist" / "noomus-desktop"
    return Bundle(folder, folder / "noomus-desktop", None)


def test_self_test_passes_in_the_frozen_app(bundle: Bundle) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DISPLAY"))}
    result = subprocess.run(
        [str(bundle.executable), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(frozen," in result.stdout
    for check in ("qt", "crypto", "keyring", "translations", "config", "tls", "app"):
        assert f"ok    {check}" in result.stdout
    assert "self-test passed" in result.stdout


def test_self_test_fails_on_a_bundle_missing_keyring_metadata_and_xcb(
    bundle: Bundle, tmp_path: Path
) -> None:
    # The two classic PyInstaller misses: keyring's entry points and the X11 platform plugin.
    broken = tmp_path / "broken"
    shutil.copytree(bundle.folder, broken, symlinks=True)
    internal = broken / "_internal"
    for dist_info in internal.glob("keyring-*.dist-info"):
        shutil.rmtree(dist_info)
    (internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so").unlink()
    result = subprocess.run(
        [str(broken / "noomus-desktop"), "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "FAIL  keyring" in result.stdout
    assert "FAIL  qt" in result.stdout
    assert "platform plugin 'xcb' missing" in result.stdout
    assert "self-test FAILED (qt, keyring)" in result.stdout


def test_frozen_help_offers_no_demo_and_demo_says_why(bundle: Bundle) -> None:
    shown = subprocess.run(
        [str(bundle.executable), "--help"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "--quit-when-done" in shown
    assert "--demo" not in shown and "--sign-in" not in shown
    demo = subprocess.run(
        [str(bundle.executable), "--demo"], capture_output=True, text=True, timeout=60, check=False
    )
    assert demo.returncode == 2
    assert "not part of this installation" in demo.stderr
    assert "Traceback" not in demo.stderr


def test_every_shipped_library_and_plugin_resolves_its_links(bundle: Bundle) -> None:
    # A plugin whose libraries were pruned (Wayland's OpenGL integrations needed QtOpenGL) is
    # dead weight at best; ldd with the bundle's own folders on the path finds it.
    internal = bundle.folder / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    unresolved = {}
    for path in internal.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env,
                             check=False).stdout  # fmt: skip
        if "not found" in out:
            unresolved[path.relative_to(internal).as_posix()] = [
                line.split()[0] for line in out.splitlines() if "not found" in line
            ]
    assert unresolved == {}
    assert not list(internal.rglob("*EglFsKmsSupport*"))


def test_bundle_size_is_under_the_target(bundle: Bundle) -> None:
    size_mb = tree_size(bundle.folder) / 1e6
    report = f"Linux bundle {read_version()}: {size_mb:.1f} MB unpacked (target < {SIZE_LIMIT_MB})"
    print(report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bundle-size.txt").write_text(report + "\n", "utf-8")
    assert size_mb < SIZE_LIMIT_MB


def test_no_server_or_test_packages_are_shipped(bundle: Bundle) -> None:
    # The Python modules inside the executable's archive, read with PyInstaller's own reader.
    modules = set(CArchiveReader(str(bundle.executable)).open_embedded_archive("PYZ.pyz").toc)
    assert "noomus_desktop.app" in modules
    assert "keyring.backends.SecretService" in modules
    shipped = modules | {p.name for p in (bundle.folder / "_internal").iterdir()}
    leaked = sorted(m for m in shipped if m.split(".")[0] in FORBIDDEN)
    assert not leaked
    # Unused Qt modules stay out too (QtQuick and QtPdf alone would add tens of MB).
    libs = {p.name for p in (bundle.folder / "_internal" / "PySide6" / "Qt" / "lib").iterdir()}
    assert not {lib for lib in libs if "Quick" in lib or "Qml" in lib or "Pdf" in lib}


def test_every_translation_source_ships_compiled(bundle: Bundle) -> None:
    # ``*.qm`` are not committed: the build compiles them from the ``.ts`` sources.
    sources = {p.stem for p in TRANSLATIONS_DIR.glob("*.ts")}
    shipped_dir = bundle.folder / "_internal" / "noomus_desktop" / "resources" / "translations"
    assert {p.stem for p in shipped_dir.glob("*.qm")} == sources


def test_keyring_metadata_ships_so_backends_resolve(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    (dist_info,) = internal.glob("keyring-*.dist-info")
    assert "SecretService = keyring.backends.SecretService" in (
        dist_info / "entry_points.txt"
    ).read_text("utf-8")


def test_tarball_unpacks_into_one_folder_with_desktop_entry(
    bundle: Bundle, tmp_path: Path, icons: dict[str, Path]
) -> None:
    archive = build_tarball(bundle.folder, tmp_path, icons["png"], read_version())
    assert archive.name == f"noomus-desktop-{read_version()}-linux-x86_64.tar.gz"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        top = archive.name.removesuffix(".tar.gz")
        assert all(name == top or name.startswith(top + "/") for name in names)
        for member in (
            "noomus-desktop",
            "noomus-desktop.desktop",
            "noomus-desktop.png",
            "install.sh",
            "uninstall.sh",
        ):
            assert f"{top}/{member}" in names
        executable = tar.getmember(f"{top}/noomus-desktop")
        assert executable.mode & 0o111
        desktop = tar.extractfile(f"{top}/noomus-desktop.desktop")
        assert desktop is not None
        entry = desktop.read().decode()
    assert "Exec=noomus-desktop %F" in entry
    assert "Icon=noomus-desktop" in entry


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (Debian: xvfb)")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not report its display"
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.xvfb
def test_frozen_app_sends_a_file_to_the_reference_server(
    bundle: Bundle,
    extranet: RunningExtranet,
    secret_keyring: object,
    xvfb_display: str,
    tmp_path: Path,
) -> None:
    # Sign in once with "remember me" from the source tree: the frozen app must then find the
    # refresh token through its own keyring backend (SecretService over D-Bus) and sign in.
    settings = Settings(server_url=extranet.url)
    account = Account(settings, load_build_config())
    account.sign_in(extranet.username, extranet.password, remember=True)
    assert account.remembered
    account.close()
    payload = tmp_path / "report.pdf"
    payload.write_bytes(os.urandom(300_000))
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [str(bundle.executable), "--quit-when-done", str(payload)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "delivered 1, failed 0" in result.stdout
    out = tmp_path / "received"
    extranet.admin(
        "deliveries", "decrypt", "1", "--identity", str(extranet.identity_file), "--out", str(out)
    )
    received = [p for p in out.rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in received] == [payload.read_bytes()]
