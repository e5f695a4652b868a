"""evaluation: the views of the standard part."""
