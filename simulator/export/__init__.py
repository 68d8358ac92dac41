"""Exports of results: CSV and summary tables, Monte Carlo samples, XLSX, trace lines."""
