"""The open scenarios: documents, the workspace, the projection, autosave and files."""
