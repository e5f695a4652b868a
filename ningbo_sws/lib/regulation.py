"""How the product names an article of the regulation: "R9.2" in English, "《规范》第九条第二项" in Chinese."""

from django.utils.translation import get_language

_DIGITS = "零一二三四五六七八九"


def _number(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def article_words(rule_id: str) -> str:
    """`R17.3` -> `第十七条第三项`; `R9` -> `第九条`."""
    article, _, item = rule_id.removeprefix("R").partition(".")
    words = f"第{_number(int(article))}条"
    return words + (f"第{_number(int(item))}项" if item else "")


def rule_reference(rule_id: str) -> str:
    """The id to put into a translated message's %(rule)s, in the active language."""
    if (get_language() or "").startswith("zh"):
        return f"《规范》{article_words(rule_id)}"
    return rule_id
