"""Export all content to one file and restore it into an empty database.

The file is a zip archive: `content.xml` (Django's serialisation of every row of
the catalogue's apps and the staff accounts and groups they refer to; XML keeps
the microseconds of times, which Django's JSON drops) and the submitted
attachments under `attachments/`.
"""

import io
import re
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from .cache import content_changed

# Staff accounts and groups first: reviews, transitions and history refer to them.
# Their two-step verification devices and the admin's log of changes go with them,
# so that a restore neither drops anyone's second factor nor the record of who did what.
LABELS = [
    "auth.group",
    "auth.user",
    "otp_totp",
    "admin.logentry",
    "practices",
    "projects",
    "submissions",
]
OBJECT = re.compile(r'<object [^>]*model="([\w.]+)"')


def content_export(path: Path) -> dict[str, int]:
    """Write the archive; returns the number of rows per model."""
    data = io.StringIO()
    call_command("dumpdata", *LABELS, format="xml", natural_foreign=True, stdout=data)
    text = data.getvalue()
    from submissions.models import Attachment

    storage = Attachment._meta.get_field("file").storage

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", text)
        for name in Attachment.objects.values_list("file", flat=True):
            if storage.exists(name):
                with storage.open(name, "rb") as source:
                    archive.writestr(f"attachments/{name}", source.read())
    counts: dict[str, int] = {}
    for model in OBJECT.findall(text):
        counts[model] = counts.get(model, 0) + 1
    return counts


def content_import(path: Path) -> int:
    """Load the archive into an empty, migrated database; returns the number of rows."""
    from django.contrib.auth.models import User

    from practices.models import Practice

    if Practice.objects.exists() or User.objects.exists():
        raise ValueError(
            "The database already holds practices or accounts; restore into an empty one."
        )
    from submissions.models import Attachment

    storage = Attachment._meta.get_field("file").storage
    try:
        archive = zipfile.ZipFile(path)
        content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError):
        raise ValueError(
            f"{path} is not a file made by export_content (a zip archive with content.xml)."
        ) from None
    with archive:
        with tempfile.NamedTemporaryFile(suffix=".xml") as dump:
            dump.write(content)
            dump.flush()
            with transaction.atomic():
                # The data migrations made the staff groups again: the file's copies replace them.
                from django.contrib.auth.models import Group

                Group.objects.all().delete()
                call_command("loaddata", dump.name, verbosity=0)
        for name in archive.namelist():
            if name.startswith("attachments/") and not name.endswith("/"):
                target = name.removeprefix("attachments/")
                if storage.exists(target):
                    storage.delete(target)
                storage.save(target, ContentFile(archive.read(name)))
    content_changed()
    return len(OBJECT.findall(content.decode()))
