"""archives app (floor 6): management rules (R19–R24), the R22 catalogue with uploaded documents, retention and
disposal, the search index, and disclosure reports (R23). Each part keeps its models in a module of its own;
importing them here is what makes Django find them."""

from . import models_catalogue, models_disclosure, models_management, models_search  # noqa: F401
