"""The one exception the simulator raises for bad input."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario (or its file) breaks a rule of MODEL.md.

    ``field`` is the dotted field path (``program.year_split``) or ``""`` when the
    problem is the file as a whole; ``str(error)`` is one line naming both the field
    and the rule, and ``source`` (a file name) is prefixed when known.
    """

    def __init__(self, field: str, rule: str, source: str = "") -> None:
        self.field = field
        self.rule = rule
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        body = f"{self.field}: {self.rule}" if self.field else self.rule
        return one_line(f"{self.source}: {body}" if self.source else body)

    def with_source(self, source: str) -> ScenarioError:
        """Return the same error naming the file it came from."""
        return ScenarioError(self.field, self.rule, source)


def one_line(text: str) -> str:
    """``text`` with control characters and lone surrogates escaped (``\\n``, ``\\ud800``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
