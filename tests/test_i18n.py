"""Translations: Simplified Chinese first and complete, English second; and the pages work on an offline intranet.

The catalogues are read with a small .po parser written here (no polib): it understands what `makemessages`
writes — comments, flags, msgctxt, msgid, msgid_plural, msgstr / msgstr[n], multi-line strings and escapes.
"""

import ast
import gettext
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

BASE = Path(settings.BASE_DIR)
LOCALE = BASE / "locale"
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
LOCALES = ["zh_Hans", "en"]
# What `make messages` leaves out of the extraction (plus the tests, which hold no UI text).
IGNORED_DIRS = {".venv", "staticfiles", "media", "test-artifacts", "tests", "node_modules", "__pycache__"}


# --------------------------------------------------------------------------------------------------------------
# A small .po parser
# --------------------------------------------------------------------------------------------------------------
@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # a singular entry has msgstr[0] only
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_plural(self) -> bool:
        return self.msgid_plural is not None

    def __str__(self):
        return f"line {self.line}: {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(quoted: str, where: str) -> str:
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ValueError(f"{where}: not a quoted string: {quoted}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), quoted[1:-1])


def parse_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """The header (as a dict of its fields) and the entries of a .po file; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    key: tuple[str, int] | None = None  # the keyword a continuation line belongs to

    def finish():
        nonlocal entry
        if entry is not None:
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            finish()
            key = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:  # a comment starts the next entry
                finish()
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            word, index, quoted = match.group(1), match.group(2), match.group(3)
            if word in ("msgctxt", "msgid") and entry is not None and (entry.msgstr or word == "msgctxt"):
                finish()
            if entry is None:
                entry, flags = Entry(flags=flags, line=number), set()
            text = _unquote(quoted, where)
            if word == "msgctxt":
                entry.msgctxt, key = text, ("msgctxt", 0)
            elif word == "msgid":
                entry.msgid, key = text, ("msgid", 0)
            elif word == "msgid_plural":
                entry.msgid_plural, key = text, ("msgid_plural", 0)
            else:
                n = int(index) if index is not None else 0
                entry.msgstr[n], key = text, ("msgstr", n)
            continue
        if line.startswith('"') and entry is not None and key is not None:
            text = _unquote(line, where)
            word, n = key
            if word == "msgstr":
                entry.msgstr[n] += text
            else:
                setattr(entry, word, getattr(entry, word) + text)
            continue
        raise ValueError(f"{where}: cannot read {raw!r}")
    finish()

    if not entries or entries[0].msgid != "" or entries[0].msgctxt is not None:
        raise ValueError(f"{path}: no header entry")
    head = entries.pop(0)
    header = {}
    for row in head.msgstr.get(0, "").splitlines():
        name, _sep, value = row.partition(":")
        header[name.strip()] = value.strip()
    header["#flags"] = " ".join(sorted(head.flags))
    return header, entries


def nplurals(header: dict[str, str]) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.get("Plural-Forms", ""))
    assert match, "the header has no Plural-Forms"
    return int(match.group(1))


@pytest.fixture(scope="module")
def zh():
    return parse_po(ZH_PO)


# --------------------------------------------------------------------------------------------------------------
# The Chinese catalogue is complete
# --------------------------------------------------------------------------------------------------------------
def test_chinese_catalogue_header_declares_chinese_with_one_plural_form(zh):
    header, _entries = zh
    assert header["Language"] == "zh_Hans"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "fuzzy" not in header["#flags"], "a fuzzy header is skipped by msgfmt: the .mo would lose its charset"


def test_every_chinese_message_is_translated_and_none_is_fuzzy(zh):
    header, entries = zh
    assert len(entries) > 100, "the catalogue is (nearly) empty: was makemessages run?"
    forms = nplurals(header)
    problems = []
    for e in entries:
        if "fuzzy" in e.flags:
            problems.append(f"{e}: fuzzy")
        expected = set(range(forms)) if e.is_plural else {0}
        if set(e.msgstr) != expected:
            problems.append(f"{e}: has msgstr forms {sorted(e.msgstr)}, expected {sorted(expected)}")
        problems += [f"{e}: msgstr[{n}] is empty" for n, s in e.msgstr.items() if not s.strip()]
    assert problems == [], "\n".join(problems)


def test_chinese_translations_keep_the_placeholders_of_their_msgid(zh):
    _header, entries = zh
    problems = []
    for e in entries:
        python_format = "python-format" in e.flags
        for n, text in e.msgstr.items():
            source = e.msgid_plural if (e.is_plural and (n > 0 or len(e.msgstr) == 1)) else e.msgid
            want, got = placeholders(source, python_format), placeholders(text, python_format)
            if want != got:
                problems.append(f"{e}: msgstr[{n}] has {sorted(got)}, the msgid has {sorted(want)}")
    assert problems == [], "\n".join(problems)


NAMED = re.compile(r"%\(([^)]+)\)[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
BRACES = re.compile(r"\{[A-Za-z_]\w*\}")


def placeholders(text: str, python_format: bool) -> set[str]:
    """`%(name)s` (with its conversion), `{name}`; and positional `%s`/`%d` in python-format strings."""
    text = text.replace("%%", "")
    found = {f"%({name}){conv}" for name, conv in NAMED.findall(text)}
    found |= set(BRACES.findall(text))
    if python_format:
        found |= {f"%{conv}" for conv in POSITIONAL.findall(NAMED.sub("", text))}
    return found


@pytest.mark.parametrize(("msgid", "msgstr", "same"), [
    ("Edit %(name)s", "编辑%(name)s", True),
    ("Edit %(name)s", "编辑%(nmae)s", False),
    ("At least %(count)d kinds", "至少%(count)s类", False),
    ("%(user)s is not a %(role)s", "%(user)s不是", False),
    ("%s of %d", "%d中的%s", True),
    ("100%% sure", "百分之百确定", True),
])
def test_placeholder_comparison_tells_a_lost_or_renamed_placeholder(msgid, msgstr, same):
    assert (placeholders(msgid, True) == placeholders(msgstr, True)) is same


CJK = "\u3400-\u4dbf\u4e00-\u9fff"
ASCII_PUNCTUATION_IN_CHINESE = re.compile(
    rf"[{CJK}][,;:!?]|[,;:!?][{CJK}]|[{CJK}]\.(?:\s|$)|[{CJK}]\"|\"[{CJK}]"
)


def test_chinese_sentences_use_chinese_punctuation(zh):
    _header, entries = zh
    problems = [
        f"{e}: {text!r}"
        for e in entries
        for text in e.msgstr.values()
        if ASCII_PUNCTUATION_IN_CHINESE.search(text)
    ]
    assert problems == [], "use ，。：；！？“” in Chinese text:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------
# The compiled catalogues are those of the .po files
# --------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LOCALES)
def test_compiled_catalogue_gives_every_translation_of_the_po(language):
    """A .mo is what Django reads: one compiled before the latest edit of the .po shows old or no Chinese."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    header, entries = parse_po(po)
    with mo.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)
    assert catalogue.info().get("language") == header["Language"]
    assert catalogue.info().get("plural-forms") == header["Plural-Forms"]
    stale = []
    for e in entries:
        if e.is_plural:
            for n in (1, 2, 5):
                want = e.msgstr.get(catalogue.plural(n), "") or (e.msgid if n == 1 else e.msgid_plural)
                got = (catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n) if e.msgctxt is not None
                       else catalogue.ngettext(e.msgid, e.msgid_plural, n))
                if got != want:
                    stale.append(f"{e} (n={n}): the .mo gives {got!r}, the .po {want!r}")
        else:
            want = e.msgstr.get(0, "") or e.msgid
            got = (catalogue.pgettext(e.msgctxt, e.msgid) if e.msgctxt is not None
                   else catalogue.gettext(e.msgid))
            if got != want:
                stale.append(f"{e}: the .mo gives {got!r}, the .po {want!r}")
    assert stale == [], f"{mo} is older than its .po; run `make messages`:\n" + "\n".join(stale)


# --------------------------------------------------------------------------------------------------------------
# Every string marked in the code and the templates is in the Chinese catalogue
# --------------------------------------------------------------------------------------------------------------
GETTEXT_FUNCTIONS = {
    # name: (index of the context argument or None, index of msgid, index of msgid_plural or None)
    "_": (None, 0, None), "gettext": (None, 0, None), "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None), "ngettext": (None, 0, 1), "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None), "pgettext_lazy": (0, 1, None), "npgettext": (0, 1, 2), "npgettext_lazy": (0, 1, 2),
}


def _source_files(*suffixes: str):
    for path in sorted(BASE.rglob("*")):
        parts = path.relative_to(BASE).parts
        if path.suffix in suffixes and not any(p in IGNORED_DIRS or p.startswith(".") for p in parts[:-1]):
            yield path


def _key(args: list, spec) -> tuple[str | None, str, str | None] | None:
    ctx, single, plural = spec
    needed = max(i for i in spec if i is not None)
    if len(args) <= needed or not all(isinstance(args[i], str) for i in spec if i is not None):
        return None  # not a literal: xgettext cannot extract it either (ruff's INT rules flag those)
    return (args[ctx] if ctx is not None else None, args[single], args[plural] if plural is not None else None)


def python_messages(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in GETTEXT_FUNCTIONS:
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            key = _key(args, GETTEXT_FUNCTIONS[name])
            if key:
                yield key, f"{path.relative_to(BASE)}:{node.lineno}"


TEMPLATIZED_CALL = re.compile(r"\b(npgettext|pgettext|ngettext|gettext|_)\(")


def template_messages(path: Path):
    """The messages of a template, read from Django's own `templatize` (what makemessages hands to xgettext)."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATIZED_CALL.finditer(code):
        args, depth = [], 0
        tokens = tokenize.generate_tokens(io.StringIO(code[match.end():]).readline)
        try:
            for tok in tokens:
                if tok.type == tokenize.STRING and depth == 0:
                    args.append(ast.literal_eval(tok.string))
                elif tok.type == tokenize.OP and tok.string == "(":
                    depth += 1
                elif tok.type == tokenize.OP and tok.string == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif tok.type == tokenize.NAME:
                    args.append(None)
        except tokenize.TokenError:
            pass
        key = _key(args, GETTEXT_FUNCTIONS[match.group(1)])
        if key:
            yield key, f"{path.relative_to(BASE)}:{code[:match.start()].count(chr(10)) + 1}"


def test_every_translatable_source_string_is_in_the_chinese_catalogue(zh):
    """A string marked in the code or a template after the last `make messages` shows in English to everyone."""
    _header, entries = zh
    known = {(e.msgctxt, e.msgid, e.msgid_plural) for e in entries}
    found = [*(m for p in _source_files(".py") for m in python_messages(p)),
             *(m for p in _source_files(".html", ".txt") for m in template_messages(p))]
    assert len(found) > 100, "the source scan found (nearly) nothing"
    missing = sorted({f"{where}: {key[1]!r}" for key, where in found if key not in known})
    assert missing == [], "not in the catalogue; run `make messages` and translate:\n" + "\n".join(missing)


# --------------------------------------------------------------------------------------------------------------
# The pages: Chinese by default, English only by choice
# --------------------------------------------------------------------------------------------------------------
LOGIN_URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """The language middleware activates a language for the thread; don't let English leak into other tests."""
    yield
    translation.deactivate()


@pytest.mark.django_db
def test_login_page_is_in_chinese_by_default(client):
    response = client.get(LOGIN_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in page
    assert "登录" in page
    assert "宁波社工站管理平台" in page
    assert "Sign in" not in page
    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_login_page_is_in_english_when_the_language_cookie_chooses_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(LOGIN_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "登录" not in page


@pytest.mark.django_db
def test_login_page_ignores_the_browsers_accept_language(client):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in page
    assert "登录" in page
    assert "Sign in" not in page


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(LOGIN_URL).content.decode()
    assert '<html lang="zh-CN">' in page
    assert "登录" in page


def test_role_names_are_the_official_chinese_terms():
    from stations.models import Role

    with translation.override("zh-hans"):
        labels = {role.value: str(role.label) for role in Role}
    assert labels == {
        "city": "市民政局工作人员",
        "district": "区县（市）民政局工作人员",
        "supervisor": "督导",
        "assessor": "第三方评估人员",
        "township": "乡镇（街道）工作人员",
        "worker": "社会工作者",
        "liaison": "村（社区）联络员",
        "auditor": "审计员",
    }


# --------------------------------------------------------------------------------------------------------------
# Offline intranet: nothing is fetched from outside
# --------------------------------------------------------------------------------------------------------------
EXTERNAL_ASSET = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\(\s*)?["']?\s*(?:https?:)?//"""
    r"""|\burl\(\s*["']?\s*(?:https?:)?//"""
    r"""|\bimport\b[^;\n]*?["'](?:https?:)?//""",
    re.IGNORECASE,
)


def _asset_files():
    roots = [BASE / "templates", BASE / "static", *BASE.glob("*/templates"), *BASE.glob("*/static")]
    for root in roots:
        if root.is_dir() and not any(p.startswith(".") for p in root.relative_to(BASE).parts):
            yield from (p for p in sorted(root.rglob("*")) if p.is_file())


def test_no_template_or_static_file_loads_a_script_style_or_font_from_outside():
    files = list(_asset_files())
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".css" for p in files)
    offending = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and fonts
        for match in EXTERNAL_ASSET.finditer(text):
            line = text[:match.start()].count("\n") + 1
            offending.append(f"{path.relative_to(BASE)}:{line}: {match.group(0)!r}")
    assert offending == [], "the intranet has no internet; serve these from static/:\n" + "\n".join(offending)


@pytest.mark.parametrize(("text", "external"), [
    ('<script src="https://cdn.example.com/htmx.js"></script>', True),
    ("<script defer src='http://cdn.example.com/a.js'>", True),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Noto">', True),
    ('<link rel="stylesheet" href="//cdn.example.com/a.css">', True),
    ('@import url("https://fonts.googleapis.com/css2");', True),
    ("@import 'https://cdn.example.com/a.css';", True),
    ("src: url(//fonts.gstatic.com/s/noto.woff2) format('woff2');", True),
    ('import { x } from "https://esm.sh/x";', True),
    ("<link rel=\"stylesheet\" href=\"{% static 'css/app.css' %}\">", False),
    ('<script src="/static/js/app.js"></script>', False),
    ('<a href="https://www.ningbo.gov.cn/">宁波市人民政府</a>', False),
    ("background: url('../img/logo.svg');", False),
    ("background: url(data:image/svg+xml;base64,AAAA);", False),
])
def test_external_asset_check_tells_an_outside_url_from_a_local_one(text, external):
    assert bool(EXTERNAL_ASSET.search(text)) is external
