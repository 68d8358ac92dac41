"""The main window: the cumulative chart and the KPI strip for one scenario.

Until the full desktop app lands this window shows the scenario it is given
(a preset or a file) and lets the user open, switch presets and save a copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from simulator import (
    Scenario,
    ScenarioError,
    list_presets,
    load_preset,
    load_scenario,
    save_scenario,
    simulate,
)
from ui.charts.cumulative import CumulativeChart
from ui.kpi import KPIS, kpi_text

FILE_FILTER = "Capex scenarios (*.json);;All files (*)"


class MainWindow(QMainWindow):
    """One scenario's chart and key figures."""

    def __init__(self, scenario: Scenario, path: Path | None = None) -> None:
        super().__init__()
        self.scenario, self.path = scenario, path
        self.chart = CumulativeChart()
        self.kpi_labels: dict[str, QLabel] = {}
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._kpi_strip())
        layout.addWidget(self.chart, stretch=1)
        self.setCentralWidget(central)
        self._build_menus()
        self.resize(1200, 760)
        self.show_scenario(scenario, path)

    def _kpi_strip(self) -> QGridLayout:
        grid = QGridLayout()
        for col, (key, title) in enumerate(KPIS):
            caption = QLabel(title)
            caption.setStyleSheet("color: palette(mid); font-size: 11px;")
            value = QLabel()
            value.setObjectName(f"kpi.{key}")
            value.setStyleSheet("font-size: 16px; font-weight: 600;")
            grid.addWidget(caption, 0, col)
            grid.addWidget(value, 1, col)
            self.kpi_labels[key] = value
        return grid

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
            ("&Open…", QKeySequence.StandardKey.Open, self.open_file),
            ("Save &As…", QKeySequence.StandardKey.SaveAs, self.save_as),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self, shortcut=shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        presets = self.menuBar().addMenu("&Presets")
        for name in list_presets():
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, n=name: self.show_scenario(load_preset(n)))
            presets.addAction(action)

    def show_scenario(self, scenario: Scenario, path: Path | None = None) -> None:
        """Show a scenario: title, chart and KPIs."""
        self.scenario, self.path = scenario, path
        result = simulate(scenario)
        self.chart.set_result(result, unit=f"bn {scenario.currency}")
        for key, label in self.kpi_labels.items():
            label.setText(kpi_text(key, result.summary[key], scenario.currency))
        where = f" — {path.name}" if path else ""
        self.setWindowTitle(f"{scenario.name}{where} — Cloud Capex Simulator")

    def open_file(self) -> None:
        """Ask for a scenario file and show it; a bad file changes nothing."""
        name, _ = QFileDialog.getOpenFileName(self, "Open scenario", "", FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Load and show ``path``; on error show a dialog and keep the current scenario."""
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            QMessageBox.critical(self, "Cannot open scenario", str(exc))
            return False
        self.show_scenario(scenario, path)
        return True

    def save_as(self) -> None:
        """Save the shown scenario to a new file (atomically)."""
        name, _ = QFileDialog.getSaveFileName(self, "Save scenario as", "", FILE_FILTER)
        if not name:
            return
        try:
            save_scenario(self.scenario, name)
        except OSError as exc:
            QMessageBox.critical(self, "Cannot save", f"{name}: {exc.strerror or exc}")
            return
        self.path = Path(name)
        self.show_scenario(self.scenario, self.path)
