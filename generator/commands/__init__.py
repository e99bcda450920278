"""The command line and the editor's tools: build, check, new, serve."""
