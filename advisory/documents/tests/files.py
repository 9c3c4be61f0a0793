"""Real minimal files of each kind, made in the test (no fixtures on disk)."""

from __future__ import annotations

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def ooxml(part: str) -> bytes:
    """A zip with [Content_Types].xml and a part under ``part`` ("ppt" or "word")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", "<Relationships/>")
        name = "presentation.xml" if part == "ppt" else "document.xml"
        archive.writestr(f"{part}/{name}", "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    return buffer.getvalue()


def _dir_entry(name: str, kind: int, left: int, right: int, child: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", left, right, child)
    return entry.ljust(128, b"\0")


def ole(stream: str) -> bytes:
    """A compound file (sector 0: the FAT, sector 1: the directory) with one stream named ``stream``."""
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<109I", 0, *([free] * 108))
    assert len(header) == 512
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = _dir_entry("Root Entry", 5, none, none, 1) + _dir_entry(stream, 2, none, none, none)
    directory = directory.ljust(512, b"\0")
    return header + fat + directory


OLE_HEADER_ONLY = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200
TEXT_BYTES = "Referat fra mødet\n".encode()


def upload(content: bytes, name: str = "oplaeg.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
