"""Noomus Desktop: send files to Noomus, encrypted on this machine, resumably."""

__version__ = "0.1.0"
