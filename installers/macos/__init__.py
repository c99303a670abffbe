"""macOS: Info.plist, DMG layout, signing and notarisation."""
