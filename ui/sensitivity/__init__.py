"""Sensitivity analysis: tornado, spider and two-way heat map of one chosen metric."""

from ui.sensitivity.view import SensitivityView

__all__ = ["SensitivityView"]
