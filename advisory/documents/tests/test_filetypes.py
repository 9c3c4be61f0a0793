"""The type of an upload is judged by its content, never by its name or the browser's content type."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from advisory.documents import filetypes
from advisory.documents.forms import check_upload, clean_original_name
from advisory.documents.tests import files


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.PDF_BYTES, filetypes.PDF),
        (files.ooxml("ppt"), filetypes.PPTX),
        (files.ooxml("word"), filetypes.DOCX),
        (files.ole("WordDocument"), filetypes.DOC),
        (files.ole("PowerPoint Document"), filetypes.PPT),
        (files.OLE_HEADER_ONLY, filetypes.OFFICE_97),
    ],
    ids=["pdf", "pptx", "docx", "doc", "ppt", "ole-header"],
)
def test_allowed_kinds_are_recognised_by_content(content, expected):
    stream = io.BytesIO(content)
    assert filetypes.detect(stream) == expected
    assert stream.tell() == 0  # put back for storing


@pytest.mark.parametrize(
    "content",
    [
        files.EXE_BYTES,
        files.TEXT_BYTES,
        files.plain_zip(),  # a zip, but no Office document
        files.ole("Workbook"),  # an Excel 97-2003 file
        b"PK\x03\x04 not really a zip",
        b"%PD",
        b"",
    ],
    ids=["exe", "text", "zip", "xls", "broken-zip", "short", "empty"],
)
def test_other_content_is_refused(content):
    assert filetypes.detect(io.BytesIO(content)) is None


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (files.EXE_BYTES, "oplaeg.pdf", "application/pdf"),  # a program renamed to .pdf
        (files.TEXT_BYTES, "oplaeg.pptx", filetypes.PPTX.content_type),
        (files.plain_zip(), "rapport.docx", filetypes.DOCX.content_type),
    ],
)
def test_a_renamed_file_is_refused_in_danish(content, name, content_type):
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        check_upload(files.upload(content, name, content_type))
    assert caught.value.messages == ["Filen er ikke en PDF-, PowerPoint- eller Word-fil."]


def test_the_name_and_browser_type_do_not_matter_for_a_real_file():
    found = check_upload(files.upload(files.ooxml("ppt"), "noget.txt", "text/plain"))
    assert found == filetypes.PPTX


def test_an_empty_file_is_refused():
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        check_upload(files.upload(b""))
    assert caught.value.messages == ["Filen er tom."]


@override_settings(DOCUMENT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused_naming_the_limit():
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        check_upload(files.upload(files.PDF_BYTES))
    assert caught.value.messages == ["Filen er for stor: højst 100\xa0bytes er tilladt."]
    assert check_upload(files.upload(files.PDF_BYTES[:100])) == filetypes.PDF


def test_the_default_limit_is_25_mb(settings):
    del settings.DOCUMENT_MAX_BYTES
    from advisory.documents.forms import max_bytes

    assert max_bytes() == 25 * 1024 * 1024


def test_original_names_lose_folders_and_control_characters():
    assert clean_original_name("C:\\Users\\x\\Oplæg\x00 til mødet.pptx") == "Oplæg til mødet.pptx"
    assert clean_original_name("../../etc/passwd") == "passwd"
    assert clean_original_name("") == "dokument"
    long = clean_original_name("a" * 300 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")
