"""Money in templates: yuan with thousands separators and exactly 2 decimals, never through float."""

from decimal import Decimal

from django import template

from ningbo_sws.lib.words import money

register = template.Library()


@register.filter
def is_money(value) -> bool:
    return isinstance(value, Decimal)


@register.filter
def yuan(value):
    if isinstance(value, Decimal):
        return money(value)
    return value
