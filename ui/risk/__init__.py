"""Monte Carlo results: the controller that runs them and the view that shows them."""

from ui.risk.controller import MonteCarloController
from ui.risk.view import RiskView

__all__ = ["MonteCarloController", "RiskView"]
