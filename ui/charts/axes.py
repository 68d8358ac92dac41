"""A time axis in quarters labelled by calendar year."""

from __future__ import annotations

import pyqtgraph as pg

MIN_LABEL_PX = 44
MIN_QUARTER_PX = 4


class QuarterAxis(pg.AxisItem):
    """Bottom axis whose x is the quarter index t; ticks sit at each year's first quarter.

    ``first_year`` and ``first_quarter`` (0..3) place t = 0 on the calendar.
    """

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.first_year = 2025
        self.first_quarter = 0

    def set_start(self, period: str) -> None:
        """Place t = 0 at a ``YYYYQn`` period."""
        self.first_year, self.first_quarter = int(period[:4]), int(period[5]) - 1
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802
        """Major ticks at year starts (every 1, 2, 5 or 10 years, so that labels keep at
        least ``MIN_LABEL_PX`` apart), minor ticks at quarters."""
        span_years = max(1.0, (maxVal - minVal) / 4)
        room = max(size, 1.0) / span_years  # pixels per year
        every = next((n for n in (1, 2, 5) if room * n >= MIN_LABEL_PX), 10)
        offset = (4 - self.first_quarter) % 4  # t of the first Q1
        start = offset + 4 * every * max(0, int((minVal - offset) // (4 * every)))
        majors = [float(t) for t in range(int(start), int(maxVal) + 1, 4 * every)]
        minors = [float(t) for t in range(max(0, int(minVal)), int(maxVal) + 1)]
        return [(4.0 * every, majors), (1.0, minors if room >= 4 * MIN_QUARTER_PX else [])]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N802
        """Year labels for year starts, nothing for quarters."""
        labels = []
        for v in values:
            q = round(v) + self.first_quarter
            labels.append(str(self.first_year + q // 4) if q % 4 == 0 else "")
        return labels
