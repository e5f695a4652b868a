"""The project's small shared library: the floor every app may import from."""
