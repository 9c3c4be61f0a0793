"""What a file is, judged by its content (never by its name or the content type the browser sends).

Allowed: PDF, PowerPoint and Word, in the current (OOXML: pptx, docx) and the legacy (Office 97-2003: ppt, doc)
formats.

- PDF starts with ``%PDF-``.
- OOXML is a zip archive holding ``[Content_Types].xml`` and a ``ppt/`` or ``word/`` part. Only the archive's
  directory is read (no member is extracted or decompressed).
- Legacy Office files are OLE2 compound files (signature ``D0 CF 11 E0 A1 B1 1A E1``). The names of the streams at
  the top of the file's directory tell a Word document (``WordDocument``) from a presentation
  (``PowerPoint Document``); another kind of compound file (Excel, Outlook) is refused. When the directory cannot
  be read, the file is taken as "Office 97-2003" without telling which.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extension: str
    label: str | Promise


PDF = FileType("pdf", "application/pdf", ".pdf", _("PDF"))
PPTX = FileType(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", _("PowerPoint")
)
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", _("Word"))
PPT = FileType("ppt", "application/vnd.ms-powerpoint", ".ppt", _("PowerPoint 97-2003"))
DOC = FileType("doc", "application/msword", ".doc", _("Word 97-2003"))
OFFICE_97 = FileType("office97", "application/x-ole-storage", ".bin", _("Office 97-2003"))

FILE_TYPES = (PDF, PPTX, DOCX, PPT, DOC, OFFICE_97)
_BY_CONTENT_TYPE = {t.content_type: t for t in FILE_TYPES}


def extension_for(content_type: str) -> str:
    found = _BY_CONTENT_TYPE.get(content_type)
    return found.extension if found else ""


def label_for(content_type: str) -> str:
    found = _BY_CONTENT_TYPE.get(content_type)
    return str(found.label) if found else content_type


class _NotOle(Exception):
    pass


def detect(file: IO[bytes]) -> FileType | None:
    """The allowed type the content is, or None. The file's position is put back at the start."""
    try:
        file.seek(0)
        head = file.read(8)
        if head.startswith(PDF_MAGIC):
            return PDF
        if head.startswith(ZIP_MAGIC):
            return _ooxml(file)
        if head == OLE_MAGIC:
            return _legacy_office(file)
        return None
    finally:
        file.seek(0)


def _ooxml(file: IO[bytes]) -> FileType | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("ppt/") for name in names):
        return PPTX
    if any(name.startswith("word/") for name in names):
        return DOCX
    return None


def _legacy_office(file: IO[bytes]) -> FileType | None:
    try:
        names = _ole_top_level_names(file)
    except (_NotOle, struct.error, OSError, ValueError):
        return OFFICE_97
    if "WordDocument" in names:
        return DOC
    if "PowerPoint Document" in names:
        return PPT
    return None  # another kind of compound file: Excel, Outlook, Visio …


_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_MAX_SECTOR = 0xFFFFFFFA
_MAX_STEPS = 100_000  # a corrupt or hostile chain of sectors ends here


def _ole_top_level_names(file: IO[bytes]) -> set[str]:
    """The names of the entries directly under the root storage of an OLE2 compound file ([MS-CFB])."""
    file.seek(0)
    header = file.read(512)
    if len(header) < 512 or header[:8] != OLE_MAGIC:
        raise _NotOle
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise _NotOle
    sector_size = 1 << sector_shift
    fat_sector_count, first_directory_sector = struct.unpack_from("<II", header, 44)
    first_difat_sector, difat_sector_count = struct.unpack_from("<II", header, 68)

    def read_sector(number: int) -> bytes:
        if number >= _MAX_SECTOR:
            raise _NotOle
        file.seek((number + 1) * sector_size)
        data = file.read(sector_size)
        if len(data) != sector_size:
            raise _NotOle
        return data

    # The FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < _MAX_SECTOR]
    difat, steps = first_difat_sector, 0
    per_sector = sector_size // 4
    while difat < _MAX_SECTOR and steps < min(difat_sector_count, _MAX_STEPS):
        entries = struct.unpack(f"<{per_sector}I", read_sector(difat))
        fat_sectors += [s for s in entries[:-1] if s < _MAX_SECTOR]
        difat, steps = entries[-1], steps + 1
    fat: list[int] = []
    for sector in fat_sectors[:fat_sector_count]:
        fat.extend(struct.unpack(f"<{per_sector}I", read_sector(sector)))

    # The directory: a chain of sectors of 128-byte entries.
    entries_raw = []
    sector, steps = first_directory_sector, 0
    while sector != _END_OF_CHAIN and steps < _MAX_STEPS:
        data = read_sector(sector)
        entries_raw += [data[i : i + 128] for i in range(0, sector_size, 128)]
        if sector >= len(fat):
            raise _NotOle
        sector, steps = fat[sector], steps + 1
    if not entries_raw:
        raise _NotOle

    def name_of(entry: bytes) -> str:
        length = struct.unpack_from("<H", entry, 64)[0]
        return entry[: max(0, min(length, 64) - 2)].decode("utf-16-le", errors="replace")

    def links(entry: bytes) -> tuple[int, int, int]:
        return struct.unpack_from("<III", entry, 68)  # left sibling, right sibling, child

    root = entries_raw[0]
    if root[66] != 5:  # the first entry is the root storage
        raise _NotOle
    names: set[str] = set()
    pending, seen = [links(root)[2]], set[int]()
    while pending and len(seen) < _MAX_STEPS:
        index = pending.pop()
        if index == _NO_STREAM or index in seen or index >= len(entries_raw):
            continue
        seen.add(index)
        entry = entries_raw[index]
        names.add(name_of(entry))
        left, right, _child = links(entry)
        pending += [left, right]
    return names
