"""Attached files are checked by their content without ever unpacking them: a hostile
archive costs the server a few kilobytes, and is refused like any other bad file."""

import io
import os
import struct
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.models import Attachment
from submissions.uploads import MAX_ATTACHMENT_BYTES, sniff, validate_attachment
from tests.files import (
    ODT_MIMETYPE,
    docx_file,
    odt_bomb,
    odt_file,
    pdf_file,
    zip_file,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MEMORY_BOUND = 20 * 1024 * 1024
DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"}


def peak_memory_of(check, upload) -> tuple[object, int]:
    """Run the check and return its outcome and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        try:
            outcome = check(upload)
        except ValidationError as error:
            outcome = error
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refusal(upload) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload)
    return refused.value.messages[0]


def test_a_decompression_bomb_is_refused_without_being_inflated():
    bomb = odt_bomb("report.odt", inflated=200 * 1024 * 1024)
    assert len(bomb) < 400 * 1024

    outcome, peak = peak_memory_of(validate_attachment, bomb)

    assert peak < MEMORY_BOUND
    assert isinstance(outcome, ValidationError)
    assert outcome.messages == [
        "report.odt is not a real ODT file. Save it again as ODT and attach it."
    ]


def test_the_form_refuses_a_bomb_and_keeps_nothing(client, open_call, form_data):
    data = {**form_data, "contact_email": "wrong", "attachments": [odt_bomb("report.odt")]}
    html = client.post("/en/calls/mentoring/", data, REMOTE_ADDR="192.0.2.10").content.decode()
    assert "report.odt is not a real ODT file" in html
    assert not Attachment.objects.exists()


def test_an_archive_of_many_thousand_members_is_refused_before_its_directory_is_read():
    members = {f"word/media/{n:06}.xml": b"" for n in range(60_000)}
    crowded = zip_file("crowded.docx", {**DOCX_PARTS, **members})
    assert crowded.size < 10 * 1024 * 1024

    outcome, peak = peak_memory_of(validate_attachment, crowded)

    assert peak < 2 * 1024 * 1024
    assert isinstance(outcome, ValidationError)


def test_a_document_with_a_thousand_pictures_is_still_a_document():
    pictures = {f"word/media/image{n}.png": b"\x89PNG" for n in range(990)}
    assert validate_attachment(zip_file("album.docx", {**DOCX_PARTS, **pictures})) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_a_document_of_nearly_10_mb_with_its_pictures_is_accepted():
    pictures = {f"word/media/image{n}.jpeg": os.urandom(3 * 1024 * 1024) for n in range(3)}
    upload = zip_file("photos.docx", {**DOCX_PARTS, **pictures})
    assert 9 * 1024 * 1024 < upload.size <= MAX_ATTACHMENT_BYTES
    assert validate_attachment(upload).endswith("wordprocessingml.document")


def declared_size(upload: SimpleUploadedFile, member: str, size: int) -> SimpleUploadedFile:
    """The same archive with `member`'s size in the central directory changed."""
    data = bytearray(upload.read())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        names = archive.namelist()
    (entry,) = struct.unpack_from("<L", data, len(data) - 22 + 16)
    for name in names:
        name_length, extra_length, comment_length = struct.unpack_from("<3H", data, entry + 28)
        if name == member:
            struct.pack_into("<L", data, entry + 24, size)
        entry += 46 + name_length + extra_length + comment_length
    return SimpleUploadedFile(upload.name, bytes(data))


def test_a_member_that_claims_a_huge_size_is_refused():
    honest = zip_file("big.docx", {**DOCX_PARTS, "word/media/a.bin": b"x" * 1000})
    lying = declared_size(honest, "word/media/a.bin", 0xFFFF_FFF0)
    assert "big.docx is not a real DOCX file" in refusal(lying)


def test_members_together_larger_than_any_document_are_refused():
    layers = {f"word/layer{n}.xml": bytes(60 * 1024 * 1024) for n in range(4)}
    heavy = zip_file("heavy.docx", {**DOCX_PARTS, **layers}, compression=zipfile.ZIP_DEFLATED)
    assert "heavy.docx is not a real DOCX file" in refusal(heavy)


def test_a_member_deflated_far_beyond_any_text_is_refused():
    zeros = zip_file(
        "zeros.docx",
        {**DOCX_PARTS, "word/document.xml": bytes(50 * 1024 * 1024)},
        compression=zipfile.ZIP_DEFLATED,
    )
    assert "zeros.docx is not a real DOCX file" in refusal(zeros)


def test_a_long_text_deflated_as_text_is_accepted():
    text = b"".join(f"<w:p><w:t>Kappale {n}</w:t></w:p>".encode() for n in range(80_000))
    long = zip_file(
        "long.docx", {**DOCX_PARTS, "word/document.xml": text}, compression=zipfile.ZIP_DEFLATED
    )
    assert validate_attachment(long).endswith("wordprocessingml.document")


def test_an_archive_inside_the_document_is_never_opened():
    embedded = odt_bomb("inner.odt").read()
    outer = zip_file("outer.docx", {**DOCX_PARTS, "word/embeddings/object.odt": embedded})

    outcome, peak = peak_memory_of(validate_attachment, outer)

    assert outcome.endswith("wordprocessingml.document")
    assert peak < MEMORY_BOUND


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: SimpleUploadedFile("cut.docx", docx_file().read()[:-30]), id="cut"),
        pytest.param(lambda: SimpleUploadedFile("head.docx", b"PK\x03\x04" + bytes(40)), id="head"),
        pytest.param(lambda: pdf_file("renamed.docx"), id="pdf-renamed"),
        pytest.param(
            lambda: zip_file("bzip.odt", {"mimetype": ODT_MIMETYPE}, compression=zipfile.ZIP_BZIP2),
            id="bzip2",
        ),
        pytest.param(
            lambda: zip_file("big-type.odt", {"mimetype": ODT_MIMETYPE + b" " * 50}),
            id="long-mimetype",
        ),
    ],
)
def test_broken_or_unusual_archives_are_refused_with_the_usual_message(make):
    upload = make()
    extension = upload.name.rsplit(".", 1)[1].upper()
    assert refusal(upload) == (
        f"{upload.name} is not a real {extension} file. Save it again as {extension} and attach it."
    )


def test_an_encrypted_member_is_refused_not_an_error():
    data = bytearray(odt_file("secret.odt").read())
    struct.pack_into("<H", data, 6, 1)  # the local header's "encrypted" flag
    (directory,) = struct.unpack_from("<L", data, len(data) - 22 + 16)
    struct.pack_into("<H", data, directory + 8, 1)
    assert "secret.odt is not a real ODT file" in refusal(SimpleUploadedFile("secret.odt", data))


def test_a_zip64_end_record_is_refused():
    upload = zip_file("wide.docx", DOCX_PARTS)
    data = upload.read()
    locator = b"PK\x06\x07" + bytes(16)
    forged = data[:-22] + locator + data[-22:]
    assert sniff(SimpleUploadedFile("wide.docx", forged)) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["docx", "odt"]),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.integers(0, 10_000),
)
def test_a_damaged_document_is_refused_or_accepted_never_an_error(kind, flips, cut):
    data = bytearray((docx_file() if kind == "docx" else odt_file()).read())
    for position, value in flips:
        data[position % len(data)] = value
    damaged = bytes(data[: len(data) - cut % len(data)])
    assert sniff(SimpleUploadedFile(f"x.{kind}", damaged)) in (None, kind)


def test_a_pdf_a_docx_and_an_odt_are_still_accepted():
    assert validate_attachment(pdf_file()) == "application/pdf"
    assert validate_attachment(docx_file()).endswith("wordprocessingml.document")
    assert validate_attachment(odt_file()) == "application/vnd.oasis.opendocument.text"
