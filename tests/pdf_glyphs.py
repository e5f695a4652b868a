"""What a PDF can really print: the characters that have a glyph in one of its embedded fonts.

Text extraction is no test of this: a PDF whose font lacks a character still carries the character in its text
layer (ToUnicode), so `pdftotext` finds 王𠮷 where the page shows 王□. Instead, open every embedded font program
(FontFile2/FontFile3) with fontTools and read its cmap: a character counts only when the embedded subset maps it to
a real glyph, not to .notdef.
"""

import io

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def _fonts_of(resources, seen: set):
    fonts = resources.get("/Font") if resources else None
    for ref in (fonts.get_object().values() if fonts else ()):
        font = ref.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        yield font
    for ref in (resources.get("/XObject").get_object().values() if resources and "/XObject" in resources else ()):
        xobject = ref.get_object()
        if "/Resources" in xobject:
            yield from _fonts_of(xobject["/Resources"].get_object(), seen)


def embedded_glyphs(data: bytes) -> dict[str, set[int]]:
    """{font name: code points with a glyph other than .notdef} for every font embedded in the PDF."""
    glyphs: dict[str, set[int]] = {}
    seen: set = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in _fonts_of(page.get("/Resources", {}).get_object(), seen):
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for descendant in descendants:
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                if program is None:
                    continue
                ttf = TTFont(io.BytesIO(program.get_object().get_data()))
                cmap = (ttf.getBestCmap() or {}) if "cmap" in ttf else {}
                name = str(descendant.get("/BaseFont", font.get("/BaseFont")))
                glyphs.setdefault(name, set()).update(cp for cp, glyph in cmap.items() if glyph != ".notdef")
    return glyphs


def missing_glyphs(data: bytes, text: str) -> set[str]:
    """The characters of `text` (spaces aside) that no embedded font of the PDF has a glyph for: they print as
    boxes."""
    covered = set().union(*embedded_glyphs(data).values())
    return {c for c in text if not c.isspace() and ord(c) not in covered}


def font_with(data: bytes, char: str) -> list[str]:
    """The embedded fonts that carry a glyph for `char`."""
    return [name for name, points in embedded_glyphs(data).items() if ord(char) in points]
