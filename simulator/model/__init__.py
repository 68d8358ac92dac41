"""The projection model: inputs for N paths, capex, revenue, finance, IRR, the engine."""
