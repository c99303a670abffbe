"""What the MSI must say that wixl 0.101 cannot: written into the built tables with msibuild.

wixl ignores ``Secure``, ``AllowSameVersionUpgrades``, component ``<Condition>`` and an EXE
custom action run from a folder (it keeps the action's sequence row, which would make the
package fail), and writes the ``HKMU`` registry root as 4 (Windows Installer's HKMU is -1).
Each fix below is one SQL statement run by msitools' ``msibuild`` on the finished database;
the tests read the result back with ``msiinfo`` like any other table.
"""

# The SQL is built from this module's constants and the build's own version, never from input.
# ruff: noqa: S608

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from installers.project import BuildError

#: Properties an administrator passes on the command line. An elevated (per-machine)
#: installation hands only Secure properties to the server side, where the registry is written.
ADMIN_PROPERTIES = ("SERVERURL", "AUTOSTART", "UPDATECHECK", "LAUNCHAPP", "REMOVEUSERDATA")
#: Upgrade table attributes: migrate feature states (1) + VersionMax inclusive (0x200), which is
#: what WiX's ``AllowSameVersionUpgrades`` writes. Windows Installer compares only three
#: version fields, so without it ``1.2.0rc1`` -> ``1.2.0`` would install side by side.
UPGRADE_ATTRIBUTES = 0x201
#: The component that puts Noomus in the Run key, installed only when AUTOSTART=1.
RUN_COMPONENT = "RunAtSignIn"
AUTOSTART_CONDITION = 'AUTOSTART="1"'
#: Custom action type 34 (an EXE run in a folder) + 64 (its exit code is ignored): taskkill
#: closes a running Noomus before an upgrade or uninstall replaces its files.
CLOSE_APP_ACTION = (
    "CloseNoomus",
    34 + 64,
    "TARGETDIR",
    '"[SystemFolder]taskkill.exe" /F /IM Noomus.exe',
)
#: wixl's value for HKMU, and Windows Installer's.
_WIXL_HKMU, _HKMU = 4, -1


def fix_queries(upgrade_code: str, product_version: str) -> list[str]:
    """The SQL statements, in order, for an MSI of ``product_version``."""
    secure = ";".join(("WIX_DOWNGRADE_DETECTED", "WIX_UPGRADE_DETECTED", *ADMIN_PROPERTIES))
    return [
        f"UPDATE Registry SET Root={_HKMU} WHERE Root={_WIXL_HKMU}",
        f"UPDATE Component SET Condition='{AUTOSTART_CONDITION}' WHERE Component='{RUN_COMPONENT}'",
        f"UPDATE Property SET Value='{secure}' WHERE Property='SecureCustomProperties'",
        # Attributes is part of the Upgrade table's key: replace the row rather than update it.
        "DELETE FROM Upgrade WHERE ActionProperty='WIX_UPGRADE_DETECTED'",
        "INSERT INTO Upgrade (UpgradeCode, VersionMax, Attributes, ActionProperty) VALUES "
        f"('{upgrade_code}', '{product_version}', {UPGRADE_ATTRIBUTES}, 'WIX_UPGRADE_DETECTED')",
        "INSERT INTO CustomAction (Action, Type, Source, Target) VALUES "
        "('{}', {}, '{}', '{}')".format(*CLOSE_APP_ACTION),
    ]


def apply_fixes(msi: Path, upgrade_code: str, product_version: str) -> None:
    """Run :func:`fix_queries` on ``msi`` in place."""
    msibuild = shutil.which("msibuild")
    if msibuild is None:
        raise BuildError("msibuild not found (Debian: apt install msitools)", code="no_msibuild")
    for query in fix_queries(upgrade_code, product_version):
        # One query per call: msibuild stops at the first statement it cannot run, and says so
        # only on standard error, so check both.
        result = subprocess.run(
            [msibuild, str(msi), "-q", query], capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or "failed" in result.stderr or "Usage" in result.stdout:
            raise BuildError(f"msibuild could not run {query!r}: {result.stderr}", code="msibuild")
