"""archives: the views of the disclosure part."""
