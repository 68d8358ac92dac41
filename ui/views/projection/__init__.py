"""The Projection tab: the key figures and the five charts of the active scenario."""
