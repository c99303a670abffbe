"""Noomus extranet: the reference service behind Noomus Desktop."""
