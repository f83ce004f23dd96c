"""PDF rendering lives in core (accounts' personal-data export uses it too); kept here for enrollment's imports."""

from core.pdf import render_pdf

__all__ = ["render_pdf"]
