"""The tracing methods: a plain-Python reference implementation and the shared preparation rules."""
