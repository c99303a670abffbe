"""Settings survive restarts and damage; the bundled build configurations load."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pytest

from noomus_desktop.core import config, paths


def test_defaults_without_a_file() -> None:
    settings = config.load_settings()
    assert settings == config.Settings()
    assert settings.language == ""  # follow the OS
    assert settings.concurrency == 3
    assert not settings.remember_me


def test_round_trip_under_noomus_home(noomus_home: Path) -> None:
    settings = config.Settings(
        server_url="https://x.example",
        language="fi",
        notifications=False,
        remember_me=True,
        last_username="alice",
        concurrency=5,
    )
    settings.save()
    assert config.settings_path().parent == paths.config_dir()
    assert str(noomus_home) in str(config.settings_path())
    assert config.load_settings() == settings


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '"text"', ""])
def test_damaged_file_gives_defaults(content: str) -> None:
    config.settings_path().write_text(content)
    assert config.load_settings() == config.Settings()


def test_wrong_types_and_unknown_keys_are_ignored() -> None:
    config.settings_path().write_text(
        json.dumps(
            {
                "language": "sv",
                "concurrency": "many",
                "remember_me": 1,
                "notifications": False,
                "future_option": True,
            }
        )
    )
    settings = config.load_settings()
    assert settings.language == "sv"
    assert settings.notifications is False
    assert settings.concurrency == 3
    assert settings.remember_me is False


def test_effective_server_url() -> None:
    build = config.BuildConfig(default_server_url="https://extranet.noomus.fi")
    assert config.Settings().effective_server_url(build) == "https://extranet.noomus.fi"
    chosen = config.Settings(server_url="https://other.example")
    assert chosen.effective_server_url(build) == "https://other.example"


def test_bundled_build_config() -> None:
    build = config.load_build_config()
    assert build.default_server_url.startswith("https://")
    assert build.contact.email
    assert build.request_account_url.startswith("https://")
    assert build.app_name == "Noomus Desktop"


def test_bundled_demo_config_is_separate() -> None:
    demo = config.load_build_config(demo=True)
    assert demo != config.load_build_config()
    assert demo.default_server_url == ""  # the demo launcher supplies its local server


def test_pins_in_build_config(tmp_path: Path) -> None:
    path = tmp_path / "build.json"
    path.write_text(
        json.dumps(
            {
                "default_server_url": "https://Extranet.Example/",
                "pinned_recipients": {"https://extranet.example/": ["age1a", "age1b"]},
            }
        )
    )
    build = config.load_build_config(path)
    assert build.default_server_url == "https://extranet.example"
    assert build.pins_for("https://EXTRANET.example") == ("age1a", "age1b")
    assert build.pins_for("https://other.example") is None


@pytest.mark.parametrize(
    "content",
    [
        "{",
        "[]",
        json.dumps({"default_server_url": "http://extranet.example"}),
        json.dumps({"pinned_recipients": ["age1"]}),
        json.dumps({"contact": "x"}),
    ],
)
def test_broken_build_config_fails_loudly(tmp_path: Path, content: str) -> None:
    path = tmp_path / "build.json"
    path.write_text(content)
    with pytest.raises(config.BuildConfigError):
        config.load_build_config(path)


def registry(values: Mapping[tuple[str, str], str | None]) -> config.RegistryReader:
    """A stand-in for HKEY_CURRENT_USER holding ``values``: {(key, name): value}."""
    return lambda key, name: values.get((key, name))


INSTALLED = {(r"Software\Noomus\Desktop", "ServerUrl"): " https://files.example.fi/ "}


def test_server_set_at_install_time_replaces_the_build_default() -> None:
    build = config.load_build_config(registry=registry(INSTALLED))
    assert build.default_server_url == "https://files.example.fi"
    assert build.contact == config.load_build_config(registry=registry({})).contact
    assert config.Settings().effective_server_url(build) == "https://files.example.fi"
    # The user's own choice still comes first.
    chosen = config.Settings(server_url="https://mine.example")
    assert chosen.effective_server_url(build) == "https://mine.example"


@pytest.mark.parametrize("value", [None, "", "   ", "http://files.example.fi", "not a url"])
def test_no_or_bad_installed_server_keeps_the_build_default(
    value: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    build = config.load_build_config(registry=registry({next(iter(INSTALLED)): value}))
    assert build.default_server_url == "https://extranet.noomus.fi"
    assert ("Ignoring the installed server" in caplog.text) == bool(value and value.strip())


def test_demo_ignores_the_installed_server() -> None:
    demo = config.load_build_config(demo=True, registry=registry(INSTALLED))
    assert demo.default_server_url != "https://files.example.fi"


def test_an_explicit_build_configuration_file_ignores_the_installed_server(
    tmp_path: Path,
) -> None:
    path = tmp_path / "build-config.json"
    bundled = resources.files("noomus_desktop").joinpath("resources", config.BUILD_CONFIG)
    path.write_text(bundled.read_text("utf-8"), "utf-8")
    build = config.load_build_config(path, registry=registry(INSTALLED))
    assert build.default_server_url == "https://extranet.noomus.fi"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has a registry")
def test_no_registry_outside_windows() -> None:
    assert config.read_windows_registry(config.WINDOWS_KEY, config.WINDOWS_SERVER_URL) is None


def test_settings_and_pins_do_not_pull_in_the_api_client() -> None:
    """``config`` and ``pinning`` sit below the API client: loading them (in a fresh
    interpreter) must not import ``api`` (and httpx with it)."""
    probe = (
        "import sys, noomus_desktop.core.config, noomus_desktop.core.pinning; "
        "print('noomus_desktop.core.api' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_device_token_key_folds_case_as_the_server_does() -> None:
    """The server folds user IDs with ``casefold`` ("ſam" names sam); ``lower`` kept "ſam"
    apart, so the token of "sam" was not found when the ID was typed that way."""
    from noomus_desktop.core.credentials import device_key

    url = "https://extranet.example"
    assert device_key(url, "ſam") == device_key(url, "SAM") == device_key(url, "sam")
