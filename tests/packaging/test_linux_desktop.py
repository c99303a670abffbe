"""install.sh and uninstall.sh for the Linux tar.gz, run for real in a throwaway home, and the
menu entry they write launched with GLib's ``gio launch`` (what file managers use)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from installers.linux.tarball import DESKTOP_FILE, INSTALL_SCRIPT, UNINSTALL_SCRIPT

#: A folder name with what the desktop entry spec makes special. Not "%": install.sh writes it
#: as the spec says ("%%"), but GLib looks for the program before expanding field codes.
AWKWARD = """Noomus app's "copy" $HOME `x` \\ end"""


def _unpacked(root: Path) -> Path:
    """An unpacked tar.gz whose "app" records its arguments (one per line) and exits."""
    folder = root / AWKWARD
    folder.mkdir(parents=True)
    for source in (DESKTOP_FILE, INSTALL_SCRIPT, UNINSTALL_SCRIPT):
        shutil.copy2(source, folder / source.name)
    (folder / "noomus-desktop.png").write_bytes(b"\x89PNG")
    app = folder / "noomus-desktop"
    app.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$NOOMUS_ARGS_FILE"\n')
    app.chmod(0o755)
    return folder


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), NOOMUS_ARGS_FILE=str(home / "args.txt"))
    return env


def test_install_writes_a_quoted_entry_that_launches_from_any_folder_and_uninstall_undoes_it(
    tmp_path: Path,
) -> None:
    if shutil.which("gio") is None:
        pytest.skip("gio (Debian: libglib2.0-bin) is needed to launch the entry")
    home = tmp_path / "home"
    home.mkdir()
    bundle = _unpacked(tmp_path)
    env = _env(home)
    subprocess.run(["sh", str(bundle / "install.sh")], env=env, check=True, capture_output=True)
    entry = home / ".local/share/applications/noomus-desktop.desktop"
    text = entry.read_text()
    assert "MimeType" not in text  # not offered for every unknown file and every folder
    assert (home / ".local/bin/noomus-desktop").resolve() == (bundle / "noomus-desktop").resolve()
    document = tmp_path / "my report.pdf"
    document.write_bytes(b"%PDF")
    result = subprocess.run(
        ["gio", "launch", str(entry), str(document)], env=env, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for _ in range(100):  # the launched process is not waited for
        if (home / "args.txt").exists() and (home / "args.txt").read_text():
            break
        subprocess.run(["sleep", "0.05"], check=True)
    assert (home / "args.txt").read_text().splitlines() == [str(document)]

    (home / ".config/autostart").mkdir(parents=True)
    (home / ".config/autostart/noomus-desktop.desktop").write_text("[Desktop Entry]\n")
    subprocess.run(["sh", str(bundle / "uninstall.sh")], env=env, check=True, capture_output=True)
    assert not entry.exists()
    assert not (home / ".local/bin/noomus-desktop").is_symlink()
    assert not (home / ".local/share/icons/hicolor/256x256/apps/noomus-desktop.png").exists()
    assert not (home / ".config/autostart/noomus-desktop.desktop").exists()


def test_uninstall_leaves_a_command_that_belongs_to_another_copy(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".local/bin").mkdir(parents=True)
    other = tmp_path / "other-noomus"
    other.write_text("")
    (home / ".local/bin/noomus-desktop").symlink_to(other)
    bundle = _unpacked(tmp_path)
    subprocess.run(
        ["sh", str(bundle / "uninstall.sh")], env=_env(home), check=True, capture_output=True
    )
    assert (home / ".local/bin/noomus-desktop").resolve() == other.resolve()
