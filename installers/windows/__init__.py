"""Windows: the WiX source, the file harvester and the wixl MSI build."""
