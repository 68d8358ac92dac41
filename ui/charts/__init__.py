"""pyqtgraph charts that draw a :class:`simulator.Result`; each is created once and
updated in place with ``set_result``."""
