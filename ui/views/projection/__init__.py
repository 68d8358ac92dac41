"""The Projection tab: the key figures and the four charts of the active scenario."""
