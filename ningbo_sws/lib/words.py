"""How the product puts words together (issue 13 item 6): a list inside a sentence, a user's name, a money amount.

A sentence is never glued from pieces: the pieces of a list are joined here with a translated separator (、 in
Chinese, ", " in English) and the list goes into a whole translated sentence as one `%(...)s` placeholder.
"""

from decimal import Decimal

from django.utils.translation import pgettext


def join_list(items) -> str:
    """Words of one kind in a sentence: `养老、助残` / `elderly, disabled`."""
    return pgettext("list separator", ", ").join(str(i) for i in items)


def join_clauses(items) -> str:
    """Clauses (problems, findings) in one sentence: `未悬挂站牌；名称不一致` / `no plate; wrong name`."""
    return pgettext("clause separator", "; ").join(str(i) for i in items)


def user_name(user) -> str:
    """A person's display name (姓名) wherever a user is shown or chosen; the username only for an account
    that has no name yet."""
    if user is None:
        return ""
    return (user.get_full_name() or user.get_short_name() or user.get_username()).strip()


def money(value) -> str:
    """One money format for yuan: thousands separators, two decimals, never a negative zero (`-0.00` is `0.00`)."""
    amount = Decimal(value or 0).quantize(Decimal("0.01"))
    return f"{amount if amount else abs(amount):,.2f}"
