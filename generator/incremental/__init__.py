"""Incremental builds: the persistent cache, dependency tracking, the up-to-date check and
worker processes. Nothing here decides what a page contains, only what can be skipped."""
