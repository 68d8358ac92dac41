"""The Actuals tab (model against reported figures) and calibration to them."""
