"""Exports: the one off-screen renderer, the exporters registry and the PDF report."""
