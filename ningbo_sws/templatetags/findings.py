"""`{% finding_badge finding %}`: the one way a report-card finding is shown (issue 10: it was rendered four ways,
two with CSS classes that did not exist). `compact=True` shows the mark only (the district table)."""

from django import template

from ningbo_sws.lib.regulation import rule_reference as reference

register = template.Library()


@register.inclusion_tag("_finding_badge.html")
def finding_badge(finding, compact=False):
    return {"finding": finding, "compact": compact}


@register.filter
def rule_reference(rule_id):
    """`{{ "R5"|rule_reference }}`: one citation form per language (《规范》第五条 / R5), through lib/regulation."""
    return reference(rule_id)
