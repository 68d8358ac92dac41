"""Chart legends that never cover data: a row of entries above the plot area.

:class:`ChartLegend` sits in the plot item's layout between the title and the view box
(the cell of the hidden top axis), so the view box shrinks to make room and nothing
plotted can lie under it. Its entries flow into as many columns as the chart's width
holds, re-flowed on every resize. Clicking an entry's colour swatch *or its label*
hides or shows the series (pyqtgraph alone toggles on the swatch only).
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

LEGEND_CELL = (1, 0, 1, 3)
"""The plot item's layout cells the legend takes: the row above the view box, below the
title, across the axes' columns too (row, column, rows, columns)."""


class ToggleLabel(pg.LabelItem):
    """A legend entry's text: a click toggles the series as a click on its swatch does."""

    def __init__(self, text: str, sample: ItemSample, **opts: object) -> None:
        super().__init__(text, **opts)
        self.sample = sample
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to hide or show this series")
        self._tight()

    def setText(self, text: str, **args: object) -> None:  # noqa: N802
        """Set the text, kept tight (no margin around it: legend rows stay short)."""
        super().setText(text, **args)
        self._tight()

    def _tight(self) -> None:
        if hasattr(self, "sample"):
            self.item.document().setDocumentMargin(1)

    def mouseClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        """Hide or show the series (through its sample: same signals, same eye icon)."""
        self.sample.mouseClickEvent(event)


class ChartLegend(pg.LegendItem):
    """A legend laid out above a plot's view box, its entries flowing like words in as
    many rows as the width needs (each row as full as it can be)."""

    ROW_GAP = 0.0
    ENTRY_GAP = 8.0

    def __init__(self, **opts: object) -> None:
        super().__init__(offset=None, **opts)
        # laid out, never anchored: pyqtgraph's anchor handler has nothing to do (and
        # would run on a half-deleted legend while the chart is torn down)
        self.geometryChanged.disconnect(self._GraphicsWidgetAnchor__geometryChanged)
        self.width_available = 0.0
        self.setVisible(False)

    def addItem(self, item: object, name: str) -> None:  # noqa: N802
        """Add an entry whose label toggles the series too (see the module docstring)."""
        sample = item if isinstance(item, self.sampleType) else self.sampleType(item)
        label = ToggleLabel(
            name,
            sample,
            color=self.opts["labelTextColor"],
            justify="left",
            size=self.opts["labelTextSize"],
        )
        sample.sigClicked.connect(self.sigSampleClicked)
        self.items.append((sample, label))
        sample.setParentItem(self)
        label.setParentItem(self)
        self.updateSize()

    def removeItem(self, item: object) -> None:  # noqa: N802
        """Remove an entry (by its plot item or its text), then re-flow the others."""
        for sample, label in list(self.items):
            if sample.item is item or label.text == item:
                self.items.remove((sample, label))
                for part in (sample, label):
                    part.setParentItem(None)
                    part.close()
                self.updateSize()
                return

    def clear(self) -> None:
        """Remove every entry."""
        for sample, _label in list(self.items):
            self.removeItem(sample.item)

    def fit(self, width: float) -> None:
        """Flow the entries into ``width`` pixels."""
        if width > 0 and width != self.width_available:
            self.width_available = width
            self.updateSize()

    def updateSize(self) -> None:  # noqa: N802
        """Place the entries row by row and tell the plot's layout the legend's height."""
        x = y = row_height = 0.0
        width = self.width_available or 1e9
        for sample, label in self.items:
            text = label.item.boundingRect()
            label.resize(text.width(), text.height())
            sample_w, entry_h = 20.0, max(20.0, text.height())
            entry_w = sample_w + 2 + text.width()
            if x > 0 and x + entry_w > width:
                x, y = 0.0, y + row_height + self.ROW_GAP
                row_height = 0.0
            sample.setPos(x, y + (entry_h - 20.0) / 2)
            label.setPos(x + sample_w + 2, y + (entry_h - text.height()) / 2)
            x += entry_w + self.ENTRY_GAP
            row_height = max(row_height, entry_h)
        height = y + row_height if self.items else 0.0
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.setVisible(bool(self.items))


def legend_above(plot_item: pg.PlotItem, **opts: object) -> ChartLegend:
    """A :class:`ChartLegend` above ``plot_item``'s view box; ``plot_item.legend`` is it, so
    items added with a ``name`` are listed as with :meth:`pg.PlotItem.addLegend`."""
    legend = ChartLegend(**opts)
    legend.setParentItem(plot_item)
    # the top axis, hidden in every chart, gives its cell to the legend and waits in the
    # empty top-left corner: kept in the layout, which (not Python) owns it then
    top = plot_item.getAxis("top")
    top.hide()
    plot_item.layout.removeItem(top)
    plot_item.layout.addItem(top, 0, 0)
    plot_item.layout.addItem(legend, *LEGEND_CELL)
    plot_item.legend = legend
    plot_item.vb.sigResized.connect(lambda _vb: legend.fit(plot_item.width() - 12))
    return legend
