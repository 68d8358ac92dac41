"""What drives the spread: the regression tornado and, on request, Sobol' indices.

``chart.regression`` draws :func:`simulator.analysis.regression.rank_regression`'s
contribution to variance of each uncertain input (a bar per input, largest on top,
blue where the input raises the metric, orange where it lowers it, labelled with its
standardised rank regression coefficient). The note under it says which measure is
shown and, with correlated inputs, how the shared part is split. ``risk.sobol.run``
computes first-order and total Sobol' indices (:func:`simulator.analysis.sobol.
sobol_indices`, ``risk.sobol.paths`` base paths x (inputs + 2) model runs) in a
worker, with progress and cancel, into ``risk.sobol.table``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis.regression import RankRegression
from simulator.analysis.sobol import SobolIndices
from ui.charts.histogram import HISTOGRAM_METRICS
from ui.common.format import metric_label
from ui.common.widgets import named_button, progress_bar
from ui.views.sensitivity.plot import SensitivityPlot, label_font, text_width
from ui.views.uncertainty.text import regression_note

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
UP, DOWN = "#2e75b6", "#e08a2c"
BAR_HEIGHT = 0.64
CHART_FRAME_PX = 80  # title, bottom axis and its label
DEFAULT_SOBOL_PATHS = 1024
SOBOL_SHARE = 0.6  # of the Drivers page the Sobol' table may take to show its rows


class RegressionChart(SensitivityPlot):
    """Contribution to variance per input, largest on top, coloured by the SRRC's sign."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("regression", "Contribution to variance (regression tornado)", parent)
        empty = np.zeros(0)
        self.bars = pg.BarGraphItem(x0=empty, x1=empty, y=empty, height=BAR_HEIGHT, pen=None)
        self.plot_item.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self._font = label_font()
        self.plot_item.getAxis("left").setStyle(tickFont=label_font(9))
        self.set_label("bottom", "share of the explained rank variance (%)")
        self.regression: RankRegression | None = None

    def set_regression(self, reg: RankRegression, names: Callable[[str], str]) -> None:
        """Draw ``reg``; ``names`` maps an input's path to its label."""
        self.regression = reg
        n = len(reg.entries)
        ys = np.arange(n, dtype=float)[::-1]
        shares = np.array([100.0 * e.contribution for e in reg.entries])
        brushes = [pg.mkBrush(UP if e.srrc >= 0 else DOWN) for e in reg.entries]
        self.bars.setOpts(x0=np.zeros(n), x1=shares, y=ys, height=BAR_HEIGHT, brushes=brushes)
        ticks = [names(e.path) for e in reg.entries]
        axis = self.plot_item.getAxis("left")
        axis.setTicks([list(zip(ys.tolist(), ticks, strict=True)), []])
        axis.setWidth(text_width(ticks, label_font(9)) + 16)
        self._place_labels(reg, shares, ys)
        self.setMinimumHeight(CHART_FRAME_PX + n * self.row_pixels())
        self.set_title(f"Contribution to variance of {metric_label(reg.metric)} (R² {reg.r2:.2f})")
        top = max(float(np.nanmax(shares, initial=0.0)), 1.0)
        low = min(float(np.nanmin(shares, initial=0.0)), 0.0)
        self.plot_item.vb.setRange(
            xRange=(low - 0.05 * top, top * 1.45), yRange=(-0.7, n - 0.3), padding=0
        )

    def _place_labels(self, reg: RankRegression, shares: np.ndarray, ys: np.ndarray) -> None:
        while len(self.labels) < len(reg.entries):
            label = pg.TextItem(color="#222", anchor=(0.0, 0.5))
            label.setFont(self._font)
            self.plot_item.addItem(label, ignoreBounds=True)
            self.labels.append(label)
        for i, (e, share, y) in enumerate(zip(reg.entries, shares, ys, strict=True)):
            self.labels[i].setText(f" {share:.0f} %  (SRRC {e.srrc:+.2f})")
            self.labels[i].setPos(max(float(share), 0.0), float(y))
            self.labels[i].setVisible(True)
        for label in self.labels[len(reg.entries) :]:
            label.setVisible(False)

    def row_pixels(self) -> int:
        """The fewest pixels per input at which its name and label do not overlap."""
        return max(QFontMetrics(self._font).height(), QFontMetrics(label_font(9)).height()) + 2

    def bar_values(self) -> np.ndarray:
        """The bars' lengths as drawn (%), top bar first."""
        return np.asarray(self.bars.opts["x1"], dtype=float)


class SobolBox(QWidget):
    """Base paths, Run, progress, Cancel and the table of Sobol' indices."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = QSpinBox()
        self.paths.setObjectName("risk.sobol.paths")
        self.paths.setRange(128, 65_536)
        self.paths.setSingleStep(512)
        self.paths.setValue(DEFAULT_SOBOL_PATHS)
        self.paths.setGroupSeparatorShown(True)
        self.paths.setToolTip("Base paths N: the model runs N × (inputs + 2) paths.")
        self.run_button = named_button("risk.sobol.run", "Compute Sobol' indices")
        self.cancel_button = named_button("risk.sobol.cancel", "Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = progress_bar("risk.sobol.progress")
        self.note = QLabel(
            "First-order (S) and total (ST) Sobol' indices: the share of the metric's "
            "variance due to an input alone, and with its interactions."
        )
        self.note.setObjectName("risk.sobol.note")
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("risk.sobol.table")
        self.table.setHorizontalHeaderLabels(["Input", "First order S ± se", "Total ST ± se"])
        self.table.verticalHeader().setVisible(False)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents
            )
        row = QHBoxLayout()
        for w in (QLabel("Sobol' indices, base paths"), self.paths, self.run_button):
            row.addWidget(w)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.table, stretch=1)

    def show_indices(self, result: SobolIndices, names: Callable[[str], str], metric: str) -> None:
        """Fill the table with ``result`` (inputs by their labels)."""
        self.table.setRowCount(len(result.inputs))
        order = np.argsort(-np.nan_to_num(result.total, nan=-1.0))
        for row, i in enumerate(order):
            cells = (
                names(result.inputs[i]),
                f"{result.first[i]:.3f} ± {result.first_se[i]:.3f}",
                f"{result.total[i]:.3f} ± {result.total_se[i]:.3f}",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(RIGHT)
                    values = (result.first, result.total)[col - 1]
                    item.setData(Qt.ItemDataRole.UserRole, float(values[i]))
                self.table.setItem(row, col, item)
        text = (
            f"Sobol' indices of {metric_label(metric)} from {result.evaluations:,} model runs "
            f"(N = {result.base_paths:,})."
        )
        if result.correlated:
            text += (
                " Correlated inputs: each index is that of the input's own copula coordinate, "
                "i.e. its part not explained by the inputs before it."
            )
        self.note.setText(text)

    def set_busy(self, busy: bool) -> None:
        """Enable Cancel while computing, Run otherwise; the progress bar only then."""
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)


class DriversPanel(QWidget):
    """The metric chooser, the regression tornado with its note, and the Sobol' box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chooser = QComboBox()
        self.chooser.setObjectName("risk.regression.metric")
        self.chooser.setToolTip("The metric whose variance is split between the inputs.")
        for key in HISTOGRAM_METRICS:
            self.chooser.addItem(metric_label(key), key)
        self.chart = RegressionChart()
        self.note = QLabel()
        self.note.setObjectName("risk.regression.note")
        self.note.setWordWrap(True)
        self.sobol = SobolBox()
        head = QHBoxLayout()
        head.addWidget(QLabel("What drives the spread of"))
        head.addWidget(self.chooser)
        head.addStretch(1)
        self.upper = upper = QWidget()
        box = QVBoxLayout(upper)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(head)
        box.addWidget(self.chart, stretch=1)
        box.addWidget(self.note)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setObjectName("risk.drivers.split")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(upper)
        self.split.addWidget(self.sobol)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        scroll = QScrollArea()  # below the parts' minimum heights the page scrolls
        scroll.setObjectName("risk.drivers.scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    @property
    def metric(self) -> str:
        """The chosen metric's key."""
        return str(self.chooser.currentData())

    def show_sobol(self, result: SobolIndices, names: Callable[[str], str], metric: str) -> None:
        """Fill the Sobol' table and move the splitter so that each of its rows is in
        view (the tornado giving up to ``SOBOL_SHARE`` of the height)."""
        self.sobol.show_indices(result, names, metric)
        self._fit_upper()
        total = sum(self.split.sizes())
        if total <= 0:
            return
        box, table = self.sobol, self.sobol.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        wanted = table.horizontalHeader().height() + rows + 2 * table.frameWidth()
        layout = box.layout()
        wanted += layout.itemAt(0).sizeHint().height() + box.note.heightForWidth(box.width())
        wanted += 2 * layout.spacing()
        room = total - self.upper.minimumHeight() - self.split.handleWidth()
        lower = min(max(wanted, self.split.sizes()[1]), int(SOBOL_SHARE * total), room)
        lower = max(lower, self.sobol.minimumSizeHint().height())
        self.split.setSizes([total - lower, lower])

    def show_regression(
        self, reg: RankRegression | None, names: Callable[[str], str], why: str = ""
    ) -> None:
        """Draw ``reg`` (None: say ``why`` there is none)."""
        self.chart.setVisible(reg is not None)
        if reg is not None:
            self.chart.set_regression(reg, names)
        self.note.setText(regression_note(reg, why))
        self._fit_upper()

    def _fit_upper(self) -> None:
        """Hold the tornado's part at least as high as its chooser, chart and wrapped
        note need (a wrapped label's own minimum is one line), so nothing overlaps."""
        layout = self.upper.layout()
        width = max(self.upper.width(), 1)
        need = layout.itemAt(0).sizeHint().height() + self.note.heightForWidth(width)
        if not self.chart.isHidden():
            need += self.chart.minimumHeight() + layout.spacing()
        self.upper.setMinimumHeight(need + layout.spacing())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Re-wrap the note at the new width."""
        super().resizeEvent(event)
        self._fit_upper()
