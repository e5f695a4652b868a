from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user account as people know it: the full name, else the user name; a dash for nobody."""
    if not user:
        return "—"
    return user.get_full_name() or user.username
