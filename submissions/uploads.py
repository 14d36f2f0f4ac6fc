"""Checks of attached files: the name says PDF, DOCX or ODT, and so does the content.

DOCX and ODT files are zip archives, and a zip can claim anything: a member of a
few bytes that inflates to gigabytes (a decompression bomb), a directory of a
hundred thousand entries, sizes that do not match the data. So the checks read as
little as they can: the archive's end record first, its directory only when that is
small, every member's declared sizes against what a document plausibly holds, and
never more than `MEMBER_READ_BYTES` inflated from any member. Nothing is unpacked
in full, and an archive inside the archive is never opened.
"""

import io
import struct
import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# The boundaries and part headers of a multipart body, beyond its fields and files.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}

# What a real document looks like. A DOCX or ODT has tens of members, a few hundred
# with many pictures; its text is XML that deflates perhaps 5 to 30 times, and its
# pictures hardly at all. Past these limits an archive is refused as not a document.
MAX_MEMBERS = 1000
# The central directory of MAX_MEMBERS members with long names. zipfile parses the
# whole directory when it opens an archive, so its size is read from the end record
# first: a 10 MB file could otherwise hold 200,000 entries.
MAX_DIRECTORY_BYTES = 256 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 100  # declared size over compressed size, for members past RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1024 * 1024
# Deflate may grow incompressible data a little (a few bytes per 64 KB block).
DEFLATE_OVERHEAD = 64
# The most that is ever inflated from one member: enough to compare a short value.
MEMBER_READ_BYTES = 256
# Only these are used by office programs; others (bzip2, LZMA) inflate in blocks
# that zipfile does not bound.
COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
ENCRYPTED = 0x1

# The end of central directory record (APPNOTE 4.3.16) and the zip64 locator
# that zipfile looks for just before it (4.3.15).
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_LOCATOR_BYTES = 20
MAX_COMMENT_BYTES = 0xFFFF

# What a broken or hostile archive makes zipfile and zlib raise.
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,  # UnicodeDecodeError of a member's name among them
    RuntimeError,  # an encrypted member
    NotImplementedError,  # an unknown compression or zip version
)


def directory_size(upload: UploadedFile) -> int | None:
    """The size of the archive's central directory as its end record gives it, or None
    where the end record is missing, damaged or points to zip64 records (which no
    document needs). Found the way zipfile finds it, or not at all."""
    upload.seek(0, io.SEEK_END)
    start = max(0, upload.tell() - END_RECORD.size - MAX_COMMENT_BYTES)
    upload.seek(start)
    tail = upload.read()
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        return None
    at_locator = at - ZIP64_LOCATOR_BYTES
    if at_locator >= 0 and tail[at_locator : at_locator + 4] == ZIP64_LOCATOR_SIGNATURE:
        return None
    _signature, _disk, _disk_start, _here, _entries, size, _offset, _comment = (
        END_RECORD.unpack_from(tail, at)
    )
    return size


def plausible_member(info: zipfile.ZipInfo, archive_bytes: int) -> bool:
    """Whether a member's declared sizes could be those of a document's part."""
    if info.flag_bits & ENCRYPTED or info.compress_type not in COMPRESSIONS:
        return False
    if info.header_offset + info.compress_size > archive_bytes:
        return False
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size == info.file_size
    # A member that claims to be much smaller than its compressed data is lying
    # about its size (the classic bomb: 39 bytes declared, hundreds of MB inside).
    if info.compress_size > info.file_size + info.file_size // 1000 + DEFLATE_OVERHEAD:
        return False
    return info.file_size <= RATIO_FROM_BYTES or info.file_size <= info.compress_size * MAX_RATIO


def plausible_archive(archive: zipfile.ZipFile, archive_bytes: int) -> bool:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return False
    # Members that share their compressed data (an overlapping bomb) add up to more
    # than the file holds.
    if sum(info.compress_size for info in members) > archive_bytes:
        return False
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        return False
    return all(plausible_member(info, archive_bytes) for info in members)


def member_starts(archive: zipfile.ZipFile, name: str, expected: bytes) -> bool:
    """Whether the member holds exactly `expected`, inflating at most a few bytes more."""
    info = archive.getinfo(name)
    if info.file_size != len(expected):
        return False
    with archive.open(info) as member:
        return member.read(min(len(expected) + 1, MEMBER_READ_BYTES)) == expected


def sniff_archive(upload: UploadedFile) -> str | None:
    """The kind of a plausible archive, "docx" or "odt", else None."""
    size = directory_size(upload)
    if size is None or size > MAX_DIRECTORY_BYTES:
        return None
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        if not plausible_archive(archive, upload.size):
            return None
        names = set(archive.namelist())
        if "mimetype" in names and member_starts(
            archive, "mimetype", CONTENT_TYPES["odt"].encode()
        ):
            return "odt"
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def sniff(upload: UploadedFile) -> str | None:
    """What the file really is, by its content: "pdf", "docx", "odt" or None."""
    upload.seek(0)
    head = upload.read(8)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if not head.startswith(b"PK\x03\x04"):
            return None
        return sniff_archive(upload)
    except ARCHIVE_ERRORS:
        return None
    finally:
        upload.seek(0)


def validate_attachment_name(upload: UploadedFile) -> str:
    """The check by name and size alone, which reads nothing of the file: return its
    extension, or raise ValidationError saying what is wrong."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            _("%(name)s: only PDF, DOCX and ODT files can be attached."),
            code="type",
            params={"name": name},
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; a file can be at most %(max)s."),
            code="size",
            params={
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
        )
    return extension


def validate_attachment(upload: UploadedFile) -> str:
    """Return the file's content type, or raise ValidationError saying what is wrong."""
    extension = validate_attachment_name(upload)
    if sniff(upload) != extension:
        raise ValidationError(
            _("%(name)s is not a real %(type)s file. Save it again as %(type)s and attach it."),
            code="content",
            params={"name": PurePath(upload.name or "").name, "type": extension.upper()},
        )
    return CONTENT_TYPES[extension]


def max_request_bytes() -> int:
    """The largest request body the site reads: the submission form's files at their
    largest, and form fields up to DATA_UPLOAD_MAX_MEMORY_SIZE, with their multipart
    headers. The reverse proxy's limit matches it (docs/deploy.md)."""
    fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + fields + MULTIPART_OVERHEAD_BYTES


class RequestSizeLimit(FileUploadHandler):
    """The first of FILE_UPLOAD_HANDLERS: a multipart body longer than
    `max_request_bytes` is refused before any of it is read, with the polite 413 page
    (`practices.views.bad_request`). Django reads no more than Content-Length says,
    and nothing of a body without it (chunked), so the declared length is the bound."""

    def handle_raw_input(self, input_data, meta, content_length, boundary, encoding=None):
        if content_length > max_request_bytes():
            raise RequestDataTooBig("The request body is larger than the site accepts.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
