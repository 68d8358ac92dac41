"""Cloud Capex Simulator's Qt user interface (widgets, windows, chart rendering)."""
