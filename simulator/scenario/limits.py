"""The numeric limits of a scenario file, in one place.

MODEL.md's rules plus magnitude limits far outside real use, so that no projection
can overflow float64: revenue is at most MAX_AMOUNT * (1 + MAX_GROWTH) ** MAX_HORIZON_YEARS
(about 1e69).
"""

from __future__ import annotations

SUM_TOLERANCE = 1e-6
MAX_PROGRAM_YEARS = 10
MAX_CATEGORIES = 20
MAX_GROWTH_YEARS = 30
MAX_HORIZON_YEARS = 30
MAX_LAG_QUARTERS = 40
MAX_AMOUNT = 1e9  # bn of the currency: total capex, base quarterly revenue
MAX_GROWTH = 100.0  # 10,000 % a year
MAX_YIELD = 1000.0
MAX_LIFE_YEARS = 1000.0
MIN_DISCOUNT_RATE = -0.99
FX_RANGE = (1e-6, 1e6)
MAX_TEXT = 500  # characters in a name (scenario, category, snapshot): far beyond a real one
MAX_NOTES = 1_000_000  # characters of notes (the file itself is capped at 5 MB)
MAX_FIXED_COST = 10.0  # a year, per unit of annual revenue capacity
MIN_TERMINAL_GROWTH = -0.5
MAX_TERMINAL_YEARS = 10
MAX_MULTIPLE = 100.0
MAX_RAMP_QUARTERS = 40.0
GORDON_MARGIN = 0.005  # the perpetuity's growth stays this far below the discount rate
