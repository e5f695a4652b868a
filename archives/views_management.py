"""archives: the views of the management part."""
