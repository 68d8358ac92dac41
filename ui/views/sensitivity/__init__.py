"""The Sensitivity tab (tornado, spider, two-way heat map) and goal seek."""
