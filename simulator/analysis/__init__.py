"""Analyses on the model's path axis: drivers, sampling, Monte Carlo, statistics,
sensitivity, goal seek, calibration, fit to actuals, comparison."""
