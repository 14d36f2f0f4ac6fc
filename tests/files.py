"""Files a coordinator attaches: real PDF, DOCX and ODT files, and hostile ones."""

import functools
import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def pdf_file(name="plan.pdf", size=None) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    if size:
        content = content + b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_file(name="plan.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def odt_file(name="plan.odt") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@functools.cache
def _odt_bomb_bytes(inflated: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as odt:
        with odt.open("mimetype", "w") as member:
            member.write(ODT_MIMETYPE)
            zeros = bytes(1024 * 1024)
            for _ in range(inflated // len(zeros)):
                member.write(zeros)
        odt.writestr("content.xml", "<office:document-content/>")
    data = bytearray(buffer.getvalue())
    # The member claims to be just the 39 bytes of the type, with their checksum, in
    # its local header and in the central directory (whose offset the end record gives).
    crc = zlib.crc32(ODT_MIMETYPE)
    (directory,) = struct.unpack_from("<L", data, len(data) - 22 + 16)
    struct.pack_into("<L", data, 0 + 14, crc)
    struct.pack_into("<L", data, 0 + 22, len(ODT_MIMETYPE))
    struct.pack_into("<L", data, directory + 16, crc)
    struct.pack_into("<L", data, directory + 24, len(ODT_MIMETYPE))
    return bytes(data)


def odt_bomb(name="report.odt", inflated=200 * 1024 * 1024) -> SimpleUploadedFile:
    """An ODT whose `mimetype` claims the 39 bytes of the type, and inflates to
    `inflated` bytes that begin with them: a real decompression bomb of ~200 KB."""
    return SimpleUploadedFile(name, _odt_bomb_bytes(inflated))


def zip_file(name: str, members: dict[str, bytes], **options) -> SimpleUploadedFile:
    """A zip of the given members, written by zipfile with the given options."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", **options) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def png_file(name="picture.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"0" * 100)
