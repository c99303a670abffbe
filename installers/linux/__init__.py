"""Linux: the .desktop entry and the tar.gz of the bundle."""
