"""Kunskapsnav: the working platform for Swedish knowledge governance (kunskapsstyrning)."""

__version__ = "0.1.0"
