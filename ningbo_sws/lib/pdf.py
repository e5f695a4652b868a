"""The one PDF renderer: HTML → PDF bytes with WeasyPrint, with the project's Chinese font stack declared once.

`FONT_STACK`: WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`) for the common characters, then HanaMinA and
HanaMinB (Debian `fonts-hanazono`) for what WenQuanYi lacks: the rare characters of CJK Extension B and beyond
that people's names use, e.g. 王𠮷 (U+20BB7) and 陈𡒄 (U+21484) (issue 9 item 10). Each character takes the first
font of the stack that has a glyph for it. `scripts/system-deps.sh` installs the packages.

The font files are found through fontconfig (`fc-list`), never by a hard-coded path, and declared as
`@font-face` rules (`local()` first, then the file) in one stylesheet, which also puts the stack on `html`, so the
`@page` margin boxes (page numbers) use it too. Documents declare `lang="zh-CN"` on `<html>` (templates extend
`pdf/base.html`), so the Chinese forms of shared characters are chosen.
"""

import functools
import logging
import shutil
import subprocess
from pathlib import Path

from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FONT_STACK = ("WenQuanYi Micro Hei", "HanaMinA", "HanaMinB")
LANG = "zh-CN"


@functools.cache
def font_file(family: str) -> str | None:
    """The file of the font `family` as fontconfig knows it, or None when it is not installed."""
    fc_list = shutil.which("fc-list")
    listed = ""
    if fc_list:
        try:  # fixed program and arguments; `family` is one of FONT_STACK
            listed = subprocess.run([fc_list, f":family={family}", "file"], capture_output=True, text=True,  # noqa: S603
                                    timeout=20, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
    files = sorted(line.strip().rstrip(":") for line in listed.splitlines() if line.strip())
    if not files:
        logger.warning("PDF font %r is not installed (run scripts/system-deps.sh): its characters print as boxes",
                       family)
        return None
    return files[0]


def font_css(fonts: tuple[str, ...] = FONT_STACK) -> str:
    """The stylesheet declaring the font stack: one @font-face per font, and the stack on `html`."""
    rules = []
    for family in fonts:
        sources = [f'local("{family}")']
        path = font_file(family)
        if path:
            sources.append(f'url("{Path(path).as_uri()}")')
        rules.append(f'@font-face {{ font-family: "{family}"; src: {", ".join(sources)}; }}')
    stack = ", ".join(f'"{family}"' for family in fonts)
    rules.append(f"html {{ font-family: {stack}, sans-serif; }}")
    return "\n".join(rules)


def render(html: str, *, base_url: str | None = None, fonts: tuple[str, ...] = FONT_STACK) -> bytes:
    """A PDF of the HTML document, its text in the font stack (`fonts` is for tests and nothing else)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if f'lang="{LANG}"' not in html[:1000]:
        raise ValueError(f'a PDF document declares lang="{LANG}" on <html> (extend pdf/base.html)')
    font_config = FontConfiguration()
    stylesheet = CSS(string=font_css(fonts), font_config=font_config)
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet], font_config=font_config)


def render_template(template_name: str, context: dict, *, request=None) -> bytes:
    return render(render_to_string(template_name, context, request=request))
