"""The Compare tab: several open scenarios side by side."""
