"""What several parts of the UI share: the background worker, formatting, small widgets."""
