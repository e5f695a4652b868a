"""archives' management commands. They cannot live in `archives/management/`: that name is the management-rules
part (`archives/management.py`), so Django finds them here, in a small app of its own with no models."""
