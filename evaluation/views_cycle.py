"""evaluation: the views of the cycle part."""
