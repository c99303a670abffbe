"""Signing: what gets signed and in which order, unsigned builds named as such, and the gate
that stops a tag whose installers are not all signed and verified.

codesign and signtool do not exist here: their command plans are checked, and the release
workflow runs them (docs/installers.md lists which check runs where). The gate's Authenticode
check is real: an MSI signed here with osslsigncode and a test CA.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from installers.macos import sign as macos_sign
from installers.project import BuildError
from installers.release_gate import problems
from installers.signing import REQUIRED_CHECKS, SigningReport, write_report
from installers.windows import sign as windows_sign
from tests.packaging.msi_tables import build_fake_msi

MACHO_64 = bytes.fromhex("cffaedfe") + b"\0" * 60


def _fake_app(root: Path) -> Path:
    app = root / "Noomus.app"
    files = {
        "Contents/MacOS/Noomus": MACHO_64,
        "Contents/Frameworks/libpython3.11.dylib": MACHO_64,
        "Contents/Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore": MACHO_64,
        "Contents/Frameworks/PySide6/QtCore.abi3.so": MACHO_64,
        "Contents/Resources/noomus.icns": b"icns....",
        "Contents/Info.plist": b"<plist/>",
    }
    for relative, data in files.items():
        (app / relative).parent.mkdir(parents=True, exist_ok=True)
        (app / relative).write_bytes(data)
    return app


def test_macos_signs_inside_out_without_deep(tmp_path: Path) -> None:
    app = _fake_app(tmp_path)
    order = [p.relative_to(tmp_path).as_posix() for p in macos_sign.signing_order(app)]
    framework = "Noomus.app/Contents/Frameworks/PySide6/Qt/lib/QtCore.framework"
    assert order[0] == f"{framework}/Versions/A/QtCore"  # the deepest binary first
    assert order.index(f"{framework}/Versions/A/QtCore") < order.index(framework)
    assert order[-1] == "Noomus.app"
    assert not any(name.endswith((".icns", ".plist")) for name in order)
    assert "Noomus.app/Contents/MacOS/Noomus" not in order  # signed as part of the app
    commands = macos_sign.sign_commands(app, "Developer ID Application: Test")
    assert len(commands) == len(order)
    assert not any("--deep" in command for command in commands)
    assert all({"--timestamp", "runtime"} <= set(command) for command in commands)
    assert ["--entitlements" in command for command in commands] == [False] * (len(order) - 1) + [
        True
    ]


def test_macos_app_and_dmg_are_notarised_stapled_and_checked(tmp_path: Path) -> None:
    env = dict.fromkeys(("MACOS_SIGNING_IDENTITY", *macos_sign.NOTARY_VARS), "x")
    app_checks = [c for c, _ in macos_sign.app_commands(_fake_app(tmp_path), env) if c]
    dmg_checks = [c for c, _ in macos_sign.dmg_commands(tmp_path / "N.dmg", env) if c]
    assert app_checks + dmg_checks == list(REQUIRED_CHECKS[".dmg"])
    staples = [c for _, c in macos_sign.app_commands(_fake_app(tmp_path), env) if "staple" in c]
    assert staples and staples[0][-1].endswith("Noomus.app")


def test_macos_without_credentials_is_unsigned_and_a_tag_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert macos_sign.sign_app(tmp_path / "Noomus.app", env={}) is False
    with pytest.raises(BuildError, match="MACOS_SIGNING_IDENTITY"):
        macos_sign.sign_app(tmp_path / "Noomus.app", env={}, required=True)
    dmg = tmp_path / "Noomus-1.0-arm64.dmg"
    dmg.write_bytes(b"dmg")
    assert macos_sign.sign_dmg(dmg, [], env={}).name == "Noomus-1.0-arm64-unsigned.dmg"
    assert "unsigned:" in capsys.readouterr().out


def test_windows_signs_every_pe_file_by_thumbprint_and_verifies_each(tmp_path: Path) -> None:
    bundle = tmp_path / "Noomus"
    names = [
        "Noomus.exe",
        "_internal/python311.dll",
        "_internal/_ssl.pyd",
        *(f"_internal/PySide6/Qt6Mod{i}.dll" for i in range(60)),
        "_internal/base_library.zip",
    ]
    for name in names:
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_bytes(b"MZ")
    files = windows_sign.pe_files(bundle)
    assert len(files) == len(names) - 1
    options = windows_sign.sign_options({"WINDOWS_SIGNING_THUMBPRINT": "ab cd 12"})
    assert options is not None
    plan = windows_sign.plan(files, options)
    signed = [f for command in plan if command[1] == "sign" for f in command[3 + len(options) :]]
    verified = [f for command in plan if command[1] == "verify" for f in command[4:]]
    assert sorted(signed) == sorted(verified) == sorted(str(f) for f in files)
    assert all("/pa" in command for command in plan if command[1] == "verify")
    sign_commands = [command for command in plan if command[1] == "sign"]
    assert len(sign_commands) == 2  # batches keep the command line short
    assert all(command[3:5] == ["/sha1", "abcd12"] for command in sign_commands)
    assert not any(flag in command for command in plan for flag in ("/f", "/p"))  # no .pfx


def test_windows_cloud_signing_and_no_service(tmp_path: Path) -> None:
    azure = windows_sign.sign_options(
        {"AZURE_SIGNING_DLIB": "Azure.CodeSigning.Dlib.dll", "AZURE_SIGNING_METADATA": "m.json"}
    )
    assert azure is not None and azure[:4] == [
        "/dlib",
        "Azure.CodeSigning.Dlib.dll",
        "/dmdf",
        "m.json",
    ]
    assert windows_sign.sign_options({}) is None
    msi = tmp_path / "Noomus-1.0-x64.msi"
    msi.write_bytes(b"msi")
    with pytest.raises(BuildError, match="a tag must be"):
        windows_sign.sign(msi, {}, required=True)
    assert windows_sign.sign(msi, {}, required=False).name == "Noomus-1.0-x64-unsigned.msi"


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture
def release(tmp_path: Path, icons: dict[str, Path]) -> Path:
    """A release folder as the workflow assembles it: an MSI, two DMGs and the tar.gz."""
    if shutil.which("wixl") is None or shutil.which("osslsigncode") is None:
        pytest.skip("wixl and osslsigncode are needed")
    folder = tmp_path / "artifacts"
    (folder / "windows-msi").mkdir(parents=True)
    msi = build_fake_msi(tmp_path, icons["ico"], "1.0.0")
    shutil.move(msi, folder / "windows-msi" / msi.name)
    for arch in ("arm64", "x86_64"):
        dmg = folder / f"macos-{arch}" / f"Noomus-1.0.0-{arch}.dmg"
        dmg.parent.mkdir()
        dmg.write_bytes(b"dmg")
        write_report(dmg, SigningReport(dmg.name, True, list(REQUIRED_CHECKS[".dmg"])))
    (folder / "linux").mkdir()
    (folder / "linux" / "noomus-desktop-1.0.0-linux-x86_64.tar.gz").write_bytes(b"tgz")
    return folder


def test_gate_stops_a_tag_with_an_unsigned_msi_and_passes_a_signed_one(
    release: Path, tmp_path: Path
) -> None:
    (msi,) = (release / "windows-msi").glob("*.msi")
    assert problems(release, tagged=False) == []  # a manual run may publish nothing unsigned
    stops = problems(release, tagged=True)
    assert stops == [f"{msi.name} has no signing report saying it is signed"]
    # A report alone is not enough: osslsigncode must verify the Authenticode signature.
    write_report(msi, SigningReport(msi.name, True, list(REQUIRED_CHECKS[".msi"])))
    assert problems(release, tagged=True) == [f"{msi.name}: osslsigncode verify failed"]
    # Sign it for real with a test CA's code signing certificate, as signtool would.
    ca_key, leaf_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca = _certificate("Noomus Test CA", ca_key, None, ca_key, ca=True)
    leaf = _certificate("Noomus Oy", leaf_key, ca, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    (tmp_path / "leaf.key").write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    signed = tmp_path / "signed.msi"
    subprocess.run(
        [
            "osslsigncode",
            "sign",
            "-certs",
            str(tmp_path / "leaf.pem"),
            "-key",
            str(tmp_path / "leaf.key"),
            "-h",
            "sha256",
            "-n",
            "Noomus",
            "-in",
            str(msi),
            "-out",
            str(signed),
        ],
        check=True,
        capture_output=True,
    )
    shutil.move(signed, msi)
    assert problems(release, tagged=True, ca_file=tmp_path / "ca.pem") == []
    # ...and only against the CA that issued it.
    assert problems(release, tagged=True) == [f"{msi.name}: osslsigncode verify failed"]


def test_gate_stops_unsigned_names_missing_checks_and_missing_installers(release: Path) -> None:
    dmg = next(release.glob("macos-arm64/*.dmg"))
    write_report(dmg, SigningReport(dmg.name, True, list(REQUIRED_CHECKS[".dmg"])[:-1]))
    intel = next(release.glob("macos-x86_64/*.dmg"))
    intel.rename(intel.with_name("Noomus-1.0.0-x86_64-unsigned.dmg"))
    (release / "linux" / "noomus-desktop-1.0.0-linux-x86_64.tar.gz").unlink()
    stops = "\n".join(problems(release, tagged=True))
    assert f"{dmg.name}: not verified with xcrun stapler validate (dmg)" in stops
    assert "Noomus-1.0.0-x86_64-unsigned.dmg is unsigned" in stops
    assert "expected 1 .tar.gz, found []" in stops
