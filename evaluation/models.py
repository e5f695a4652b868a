"""evaluation app (floor 7): grading standards (R27) and the yearly evaluation (R28). Each part keeps its models
in a module of its own; importing them here is what makes Django find them."""

from . import models_cycle, models_standard  # noqa: F401
