"""Site -> output bytes: planning outputs, the Jinja environment, feeds and metadata."""
