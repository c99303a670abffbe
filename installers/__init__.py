"""Build tooling for the shipped app: PyInstaller bundle, Windows MSI, macOS DMG, Linux tar.gz.

Nothing here is imported by the app at run time except :mod:`installers.entry`, the frozen
entry point.
"""
