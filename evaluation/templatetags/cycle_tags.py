"""Template filters of the evaluation year."""

from django import template

from evaluation.results import fmt

register = template.Library()


@register.filter
def points(value) -> str:
    """Points as people write them (12, 12.5), "—" when there are none."""
    return fmt(value)
