"""archives: the views of the bundle part."""
