"""archives: the views of the search part."""
