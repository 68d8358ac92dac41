"""The tabs of the main window, one package each: projection, uncertainty, sensitivity,
actuals, compare."""
