"""Input widgets: each edits one scenario field and is named by its field path."""
