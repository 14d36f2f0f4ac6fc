"""Checks of attached files: the name says PDF, DOCX or ODT, and so does the content."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def sniff(upload: UploadedFile) -> str | None:
    """What the file really is, by its content: "pdf", "docx", "odt" or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if (
                    info.file_size < 100
                    and archive.read("mimetype") == CONTENT_TYPES["odt"].encode()
                ):
                    return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def validate_attachment(upload: UploadedFile) -> str:
    """Return the file's content type, or raise ValidationError saying what is wrong."""
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
    if sniff(upload) != extension:
        raise ValidationError(
            _("%(name)s is not a real %(type)s file. Save it again as %(type)s and attach it."),
            code="content",
            params={"name": name, "type": extension.upper()},
        )
    return CONTENT_TYPES[extension]
