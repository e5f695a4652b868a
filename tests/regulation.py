"""How a message cites an article of the regulation: by id in English ("R17.3"), in words in Chinese
("《规范》第十七条第三项"). Tests that look for the citation accept either, so they hold in both languages."""

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


def cites(text: str, rule_id: str) -> bool:
    return rule_id in text or article_words(rule_id) in text
