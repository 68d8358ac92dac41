"""The Uncertainty tab: the Monte Carlo runs of the scenario and what they show."""
