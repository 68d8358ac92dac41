"""The layout of the fused engine's scratch table and packed scalars (see :mod:`fused`)."""

from __future__ import annotations

from enum import IntEnum

from simulator.model.outputs import SUMMARY_KEYS


class Row(IntEnum):
    """Rows of the scratch table: one series each (T + 1 wide)."""

    THETA = 0
    GK = 1
    GB = 2
    GR = 3
    GD = 4
    RUN = 5
    P_SPEND = 6
    P_CAP = 7
    P_BASE = 8
    P_REF = 9
    P_DEP = 10
    H_SPEND = 11
    H_CAP = 12
    H_BASE = 13
    H_REF = 14
    H_DEP = 15
    X_CAP = 16
    X_REF = 17
    X_DEP = 18
    X_SPENT = 19
    X_RUN = 20
    X_FREE = 21
    GC = 22
    GCW = 23
    GA = 24
    SEASONAL = 25
    CORE_W = 26
    CORE_WO = 27
    AI_DEMAND = 28
    W_CAP = 29
    W_SERVED = 30
    W_AI = 31
    W_REF = 32
    W_DEP = 33
    W_CAPEX = 34
    W_EBITDA = 35
    W_EBIT = 36
    W_TAX = 37
    W_NOPAT = 38
    W_FCF = 39
    W_CLOUD = 40
    O_CAP = 41
    O_SERVED = 42
    O_AI = 43
    O_REF = 44
    O_DEP = 45
    O_CAPEX = 46
    O_EBITDA = 47
    O_EBIT = 48
    O_TAX = 49
    O_NOPAT = 50
    O_FCF = 51
    O_CLOUD = 52
    SERVED_D = 53
    CORE_D = 54
    PROGRAM = 55
    FIXED = 56
    EBITDA = 57
    EBIT = 58
    TAX = 59
    NOPAT = 60
    FCF = 61
    CUM_CAPEX = 62
    DF = 63
    DISCOUNTED = 64
    NET_PPE = 65
    CUM_PROGRAM = 66
    CUM_CLOUD = 67
    CUM_FCF = 68
    CUM_DISC = 69
    UNSERVED = 70
    TV_COL = 71
    UTILISATION = 72
    CAPEX_INTENSITY = 73
    REVENUE_PER_CAPEX = 74
    ROIC = 75
    EBIT_MARGIN = 76
    RUN_A = 77
    RUN_B = 78
    RUN_C = 79
    WINDOW = 80


class Par(IntEnum):
    """Positions of the packed scalars of a path."""

    TOTAL_CAPEX = 0
    BASE_QUARTERLY = 1
    AI_SHARE = 2
    CAPACITY_CONSTRAINED = 3
    YIELD = 4
    PRICE_DECLINE = 5
    RAMP = 6
    FIRST_QUARTER = 7
    EXISTING_AGES = 8
    RHO = 9
    EBITDA_MARGIN = 10
    CORE_MARGIN = 11
    FIXED_COST = 12
    ATTRIBUTION = 13
    TAX_RATE = 14
    DISCOUNT_RATE = 15
    TERMINAL_METHOD = 16
    TERMINAL_GROWTH = 17
    TERMINAL_YEARS = 18
    TERMINAL_MULTIPLE = 19
    BENCHMARK = 20


METRICS: tuple[str, ...] = SUMMARY_KEYS
Metric = IntEnum("Metric", {key.upper(): i for i, key in enumerate(METRICS)})
"""The metrics a path gives (the engine's summary keys), in the order of the columns of
``metrics``; :class:`Metric` names those positions."""
NROWS = len(Row)
