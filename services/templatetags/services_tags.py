from django import template

from ningbo_sws.lib.words import user_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user account as people know it: the full name, else the user name; a dash for nobody."""
    if not user:
        return "—"
    return user_name(user)
