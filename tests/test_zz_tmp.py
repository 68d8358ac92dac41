import os
import numpy as np
import pytest
from simulator import default_scenario, simulate
from ui.charts import base
from ui.charts.base import Chart, Money
from ui.charts.cumulative import CumulativeChart, _marker
from ui.charts.style import pen as spen

R = simulate(default_scenario())
MODE = os.environ.get("MODE", "")
if "nocross" in MODE:
    class NoCross:
        def __init__(self, chart):
            pass
        def refresh(self):
            pass
        def mouse_moved(self, pos):
            pass
        def mouse_left(self):
            pass
    base.Crosshair = NoCross
if "norange" in MODE:
    from ui.charts import crosshair
    orig = crosshair.Crosshair.__init__
    def init(self, chart):
        sig = chart.plot_item.vb.sigRangeChanged
        class Dummy:
            def connect(self, f):
                pass
        chart.plot_item.vb.sigRangeChanged = Dummy()
        orig(self, chart)
        del chart.plot_item.vb.sigRangeChanged
    crosshair.Crosshair.__init__ = init


class CumVar(Chart):
    def __init__(self):
        super().__init__("cumulative", "Cumulative")
        item = self.plot_item
        self.capex = item.plot(name="Cumulative capex", pen=spen("capex"))
        self.program = item.plot(name="Cumulative programme revenue", pen=spen("program_revenue"))
        self.cloud = item.plot(name="Cumulative cloud revenue", pen=spen("cloud_revenue", 1.5, True))
        self.crossover = _marker("revenue crossover", "marker", 0.95)
        self.payback = _marker("payback", "payback", 0.85)
        item.addItem(self.crossover)
        item.addItem(self.payback)

    def set_result(self, result, money=None):
        _, ends = self._time(result)
        self.capex.setData(ends, result.cum_capex)
        self.program.setData(ends, result.cum_program_revenue)
        self.cloud.setData(ends, result.cum_cloud_revenue)
        self.set_label("left", "bn CNY")
        self._mark(result.summary)

    _mark = CumulativeChart._mark


class Bare(Chart):
    def __init__(self):
        super().__init__("bare", "Bare")
        self.c = self.plot_item.plot(name="c", pen="r")

    def set_result(self, result, money):
        self._time(result)
        self.c.setData(np.arange(40.0), result.cum_capex)


@pytest.mark.parametrize("i", range(80))
def test_zz(qtbot, i):
    w = [CumVar, Bare][i % 2]()
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    w.set_result(R, Money())
