"""archives: the views of the catalogue part."""
