"""Zip bundles with a manifest of digests (issue 11 item 8): the one writer and the one checker.

A `BundleWriter` writes a zip to a file handle on disk (a `tempfile.TemporaryFile`), one member at a time, copied
in chunks of `CHUNK` bytes: neither a whole member nor the whole zip is ever held in memory. While each member is
written its SHA-256 and SM3 (GB/T 32905, `cryptography`'s `hashes.SM3`) are computed; `close()` adds

- `manifest.json`: what the bundle is (`about`), the algorithms, and every member with its size and both
  digests (the one the checker reads), and
- `manifest.csv`: the same table for people (UTF-8 with BOM for Excel, through the one exporter).

`verify(path)` reads a bundle back and names every difference: a member whose bytes do not match its digests
(or its size), one listed but missing, one present but not listed, one the zip cannot read, a CSV row that
disagrees with the JSON. `manage.py verify_bundle <zip>` prints them (`archives/management/commands`).

    with tempfile.TemporaryFile() as handle:
        bundle = BundleWriter(handle)
        bundle.add_file("files/会议纪要.pdf", field_file)     # any binary file object, read in chunks
        bundle.add_bytes("catalogue.pdf", pdf_bytes)
        bundle.close(about={"station": "南门街道社会工作站", "year": 2026})
"""

import csv
import datetime
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath
from typing import IO

from cryptography.hazmat.primitives import hashes

from . import export

CHUNK = 1024 * 1024  # bytes copied at a time
MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
MANIFESTS = frozenset({MANIFEST_JSON, MANIFEST_CSV})
FORMAT = "ningbo-sws-bundle/1"
ALGORITHMS = ("SHA-256", "SM3")
CSV_HEADER = ("file", "size (bytes)", "SHA-256", "SM3")
# Members whose bytes are already compressed are stored as they are (deflating them again costs time, saves nothing).
STORED_EXTENSIONS = frozenset({
    "jpg", "jpeg", "png", "gif", "webp", "heic", "zip", "xlsx", "docx", "pptx", "mp3", "m4a", "aac", "ogg",
    "mp4", "m4v", "mov", "avi", "webm", "7z", "gz", "rar",
})
NAME_MAX = 120  # characters of one path segment


class Digests:
    """SHA-256 and SM3 of a stream, fed chunk by chunk, with its size."""

    def __init__(self):
        self._sha256 = hashlib.sha256()
        self._sm3 = hashes.Hash(hashes.SM3())
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self._sha256.update(chunk)
        self._sm3.update(chunk)
        self.size += len(chunk)

    def hexdigests(self) -> tuple[str, str]:
        """(SHA-256, SM3) in lowercase hex; the digests cannot be fed after this."""
        return self._sha256.hexdigest(), self._sm3.finalize().hex()


def digest_stream(handle: IO[bytes]) -> tuple[int, str, str]:
    """(size, SHA-256, SM3) of what `handle` yields from where it stands, read in chunks."""
    digests = Digests()
    while chunk := handle.read(CHUNK):
        digests.update(chunk)
    return (digests.size, *digests.hexdigests())


@dataclass(frozen=True)
class Member:
    """One file of a bundle as its manifest lists it."""

    name: str
    size: int
    sha256: str
    sm3: str


def safe_segment(text: str, *, fallback: str = "file") -> str:
    """One path segment a zip reader on any system accepts: NFC, no slashes, no control characters, no names of
    `.` or `..`, no characters Windows refuses, at most NAME_MAX characters (the extension kept)."""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = re.sub(r'[\\/:*?"<>|]', "_", text).strip().strip(".").strip()
    if not text:
        return fallback
    if len(text) > NAME_MAX:
        path = PurePosixPath(text)
        suffix = path.suffix[:12]
        text = path.stem[: NAME_MAX - len(suffix)] + suffix
    return text


def _now_tuple() -> tuple:
    now = datetime.datetime.now()
    return (max(now.year, 1980), now.month, now.day, now.hour, now.minute, now.second)


class BundleWriter:
    """A zip written member by member to `handle` (seekable, on disk), with the digests of every member."""

    def __init__(self, handle: IO[bytes]):
        self.zip = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.members: list[Member] = []
        self._names: set[str] = set()
        self._stamp = _now_tuple()

    def unique(self, name: str) -> str:
        """`name` made safe segment by segment, and unique in the bundle ("a.pdf", "a (2).pdf", ...)."""
        parts = [safe_segment(part) for part in str(name).replace("\\", "/").split("/") if part.strip().strip(".")]
        name = "/".join(parts) or "file"
        if name in MANIFESTS:
            name = f"files/{name}"
        candidate, n = name, 1
        while candidate.casefold() in self._names:
            n += 1
            path = PurePosixPath(name)
            candidate = str(path.with_name(f"{path.stem} ({n}){path.suffix}"))
        self._names.add(candidate.casefold())
        return candidate

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        extension = PurePosixPath(name).suffix.lower().lstrip(".")
        info.compress_type = zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_file(self, name: str, source: IO[bytes]) -> Member:
        """Copy the binary file object `source` (from where it stands) into the bundle under a unique `name`, in
        chunks, computing its digests on the way. Returns the member as listed."""
        name = self.unique(name)
        digests = Digests()
        with self.zip.open(self._info(name), "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digests.update(chunk)
                target.write(chunk)
        member = Member(name, digests.size, *digests.hexdigests())
        self.members.append(member)
        return member

    def add_bytes(self, name: str, data: bytes) -> Member:
        """A small member made in memory (a rendered page): added as a file."""
        return self.add_file(name, io.BytesIO(data))

    def close(self, *, about: dict) -> None:
        """Write the manifests (JSON for programs, CSV for people) and finish the zip."""
        manifest = {"format": FORMAT, "about": about, "algorithms": list(ALGORITHMS),
                    "files": [asdict(m) for m in self.members]}
        data = json.dumps(manifest, ensure_ascii=False, indent=1, default=str).encode("utf-8")
        self.zip.writestr(self._info(MANIFEST_JSON), data)
        rows = [CSV_HEADER, *((m.name, m.size, m.sha256, m.sm3) for m in self.members)]
        with self.zip.open(self._info(MANIFEST_CSV), "w") as target:
            for line in export.csv_lines(rows):
                target.write(line.encode("utf-8"))
        self.zip.close()


# --- checking a bundle ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Difference:
    """What differs in a bundle: `name` (a member, or a manifest) and `what` ("sha256", "sm3", "size", "missing",
    "unlisted", "unreadable", "manifest", "csv")."""

    name: str
    what: str
    detail: str = ""


def _csv_cell(text: str) -> str:
    """A CSV cell as written by the one exporter, its formula guard taken off."""
    if text.startswith("'") and unicodedata.normalize("NFKC", text[1:2]).startswith(export.FORMULA_STARTS):
        return text[1:]
    return text


def read_manifest(bundle: zipfile.ZipFile) -> dict:
    """The bundle's manifest.json (raises ValueError when it is missing or not a manifest)."""
    try:
        manifest = json.loads(bundle.read(MANIFEST_JSON).decode("utf-8"))
    except KeyError:
        raise ValueError(f"{MANIFEST_JSON} is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError, zipfile.BadZipFile) as exc:
        raise ValueError(f"{MANIFEST_JSON} cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(
            manifest.get("files"), list):
        raise ValueError(f"{MANIFEST_JSON} is not a bundle manifest ({FORMAT})")
    return manifest


def _csv_differences(bundle: zipfile.ZipFile, listed: dict[str, dict]) -> Iterable[Difference]:
    try:
        text = bundle.read(MANIFEST_CSV).decode("utf-8-sig")
    except KeyError:
        yield Difference(MANIFEST_CSV, "missing")
        return
    except (UnicodeDecodeError, zipfile.BadZipFile) as exc:
        yield Difference(MANIFEST_CSV, "unreadable", str(exc))
        return
    rows = [[_csv_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    table = {row[0]: row[1:] for row in rows[1:] if row}
    expected = {name: [str(m["size"]), m["sha256"], m["sm3"]] for name, m in listed.items()}
    for name in sorted(set(table) | set(expected)):
        if table.get(name) != expected.get(name):
            yield Difference(MANIFEST_CSV, "csv", name)


def verify(path_or_handle) -> tuple[dict, list[Difference]]:
    """Check every member of the bundle against its manifest: (the manifest's `about`, the differences; none
    means every digest matched). Reads each member in chunks."""
    with zipfile.ZipFile(path_or_handle) as bundle:
        try:
            manifest = read_manifest(bundle)
        except ValueError as exc:
            return {}, [Difference(MANIFEST_JSON, "manifest", str(exc))]
        listed = {}
        for item in manifest["files"]:
            listed[str(item.get("name"))] = item
        present = {info.filename: info for info in bundle.infolist() if not info.is_dir()}
        differences = []
        for name, item in listed.items():
            info = present.get(name)
            if info is None:
                differences.append(Difference(name, "missing"))
                continue
            try:
                with bundle.open(info) as member:
                    size, sha256, sm3 = digest_stream(member)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a CRC error: the zip itself was altered
                differences.append(Difference(name, "unreadable", str(exc)))
                continue
            for what, found in (("size", size), ("sha256", sha256), ("sm3", sm3)):
                if found != item.get(what):
                    differences.append(Difference(name, what, f"{item.get(what)} ≠ {found}"))
        for name in sorted(set(present) - set(listed) - MANIFESTS):
            differences.append(Difference(name, "unlisted"))
        differences.extend(_csv_differences(bundle, listed))
    return manifest.get("about", {}), differences
