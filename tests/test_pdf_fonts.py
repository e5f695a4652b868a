"""Issue 9 item 10: rare characters of names print in PDFs. WenQuanYi Micro Hei has no CJK Extension B, so 王𠮷
(U+20BB7) and 陈𡒄 (U+21484) printed as boxes; the one renderer (`ningbo_sws.lib.pdf`) declares the font stack
WenQuanYi → HanaMinA → HanaMinB (Debian fonts-hanazono). Checked on the glyph tables of the embedded fonts
(tests/pdf_glyphs.py), not by extracting text, which finds the characters even when they print as boxes."""

from pathlib import Path

import pytest

from ningbo_sws.lib import pdf
from tests.pdf_glyphs import embedded_glyphs, font_with, missing_glyphs

NAMES = "王𠮷 陈𡒄"
RARE = ("\U00020bb7", "\U00021484")  # 𠮷, 𡒄


def document(text: str) -> str:
    return f'<!DOCTYPE html><html lang="zh-CN"><body><p>姓名：{text}</p></body></html>'


@pytest.fixture
def wenquanyi_only_system(monkeypatch, tmp_path):
    """A fontconfig that knows WenQuanYi only, as on a machine without fonts-hanazono. The stack's font files are
    looked up first, in the real configuration (they are cached)."""
    for family in pdf.FONT_STACK:
        assert pdf.font_file(family), f"{family} is not installed: run scripts/system-deps.sh"
    wqy_folder = Path(pdf.font_file("WenQuanYi Micro Hei")).parent
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
                      f"<fontconfig><dir>{wqy_folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


def test_issue9_item10_the_fallback_fonts_are_installed_and_found_through_fontconfig():
    for family in ("WenQuanYi Micro Hei", "HanaMinA", "HanaMinB"):
        path = pdf.font_file(family)
        assert path and Path(path).is_file(), family
    css = pdf.font_css()
    for family in pdf.FONT_STACK:
        assert f'font-family: "{family}"' in css and Path(pdf.font_file(family)).as_uri() in css
    assert css.index('"WenQuanYi Micro Hei"') < css.index('"HanaMinA"') < css.index('"HanaMinB"')


def test_issue9_item10_rare_name_characters_have_glyphs_in_the_embedded_fonts():
    data = pdf.render(document(NAMES))
    assert missing_glyphs(data, NAMES) == set()
    for char in RARE:
        fonts = font_with(data, char)
        assert fonts and all("HanaMin" in name for name in fonts), (char, fonts)
    assert any("WenQuanYi" in name for name in font_with(data, "王"))  # the common characters stay in WenQuanYi


def test_issue9_item10_the_stack_is_embedded_even_where_fontconfig_does_not_list_hanazono(wenquanyi_only_system):
    """The stack names the font files itself (@font-face), so the fallback does not depend on the system's own
    fallback rules."""
    data = pdf.render(document(NAMES))
    assert missing_glyphs(data, NAMES) == set()


def test_issue9_item10_the_glyph_check_notices_boxes_with_wenquanyi_alone(wenquanyi_only_system):
    """What the PDFs were before: with WenQuanYi Micro Hei only, 𠮷 and 𡒄 have no glyph in any embedded font
    (they print as boxes), though 王 and 陈 do."""
    data = pdf.render(document(NAMES), fonts=("WenQuanYi Micro Hei",))
    assert missing_glyphs(data, NAMES) == set(RARE)
    assert all(not any(ord(c) in points for points in embedded_glyphs(data).values()) for c in RARE)


def test_issue9_item10_a_pdf_document_declares_its_language():
    with pytest.raises(ValueError, match="zh-CN"):
        pdf.render("<html><body>王𠮷</body></html>")


@pytest.mark.django_db
def test_issue9_item10_the_finance_report_pdf_prints_a_rare_name(world):
    """The finance reports go through the one renderer: a station name with 𠮷 has its glyph in the PDF."""
    from finance import exports, reports
    from tests.finance_books import open_books

    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    data = exports.pdf(reports.balances(books.ledger), station_name="王𠮷村社工站")
    assert missing_glyphs(data, "王𠮷村社工站") == set()
    assert font_with(data, "\U00020bb7")
