"""How a message cites an article of the regulation: by id in English ("R17.3"), in words in Chinese
("《规范》第十七条第三项"). Tests that look for the citation accept either, so they hold in both languages."""

from ningbo_sws.lib.regulation import article_words

__all__ = ["article_words", "cites"]


def cites(text: str, rule_id: str) -> bool:
    return rule_id in text or article_words(rule_id) in text
