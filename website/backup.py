"""Export all content to one file and restore it into an empty database.

The file is a zip archive: `content.json` (Django's serialisation of every row of
the catalogue's apps and the staff accounts and groups they refer to) and the
files of the file fields the apps name, under `files/<app.model.field>/`.

Each app says what goes into a backup in its AppConfig: `backup_models = "__all__"`
for all of its models, and `backup_files`, its file fields (`"Attachment.file"`).

JSON holds any text the database can: control characters, a trailing newline,
a carriage return. (XML 1.0, used before, cannot hold most control characters,
so one such character stopped every later backup, and its restore stripped the
whitespace around every value.) Times keep their microseconds: Django's own
JSON encoder would cut them to milliseconds. Files made in XML by earlier
versions (`content.xml`) still restore.
"""

import datetime
import json
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .cache import content_changed, invalidation_deferred

# The site's own: staff accounts and groups (reviews, transitions and history refer
# to them), their two-step verification devices and the admin's log of changes, so
# that a restore neither drops anyone's second factor nor the record of who did what.
ACCOUNTS = ["auth.group", "auth.user", "otp_totp", "admin.logentry"]
CONTENT = "content.json"
LEGACY_CONTENT = "content.xml"
FILES = "files/"
# Backups made before `backup_files`: the attachments of submissions.
LEGACY_FILES = {"attachments/": "submissions.Attachment.file"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def exported_models() -> list[type[models.Model]]:
    """The site's accounts and the apps' models, each after the models its natural keys
    refer to."""
    found = []
    for label in ACCOUNTS:
        if "." in label:
            found.append(apps.get_model(label))
        else:
            found.extend(apps.get_app_config(label).get_models())
    for config in apps.get_app_configs():
        if getattr(config, "backup_models", None) == "__all__":
            found.extend(config.get_models())
    return serializers.sort_dependencies([(None, found)], allow_cycles=True)


def file_fields() -> dict[str, models.FileField]:
    """The file fields whose files go into a backup, by `app.Model.field`."""
    found = {}
    for config in apps.get_app_configs():
        for name in getattr(config, "backup_files", ()):
            model_name, field_name = name.split(".")
            found[f"{config.label}.{model_name}.{field_name}"] = config.get_model(
                model_name
            )._meta.get_field(field_name)
    return found


def exported_rows(counts: Counter) -> Iterator[models.Model]:
    for model in exported_models():
        for obj in model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000):
            counts[model._meta.label_lower] += 1
            yield obj


def content_export(path: Path) -> dict[str, int]:
    """Write the archive; returns the number of rows per model."""
    counts: Counter = Counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as data:
        serializers.serialize(
            "json",
            exported_rows(counts),
            stream=data,
            use_natural_foreign_keys=True,
            cls=ExactJSONEncoder,
            ensure_ascii=False,
        )
        data.seek(0)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with archive.open(CONTENT, "w") as target:
                while chunk := data.read(1 << 20):
                    target.write(chunk.encode("utf-8"))
            for label, field in file_fields().items():
                names = field.model._base_manager.order_by("pk").values_list(
                    field.attname, flat=True
                )
                for name in names:
                    if name and field.storage.exists(name):
                        with field.storage.open(name, "rb") as source:
                            archive.writestr(f"{FILES}{label}/{name}", source.read())
    return dict(counts)


def row_count(content: bytes, suffix: str) -> int:
    if suffix == ".json":
        return len(json.loads(content))
    return len(re.findall(rb'<object [^>]*model="', content))


def archive_files(archive: zipfile.ZipFile) -> list[tuple[str, models.FileField, str]]:
    """The files of a backup: (member, field, name in the field's storage). A name that
    climbs out of its folder (`../`) or starts at the root is refused, all of them before
    anything is restored: a crafted backup once restored its rows and then stopped."""
    fields = file_fields()
    prefixes = {f"{FILES}{label}/": field for label, field in fields.items()}
    prefixes.update(
        {prefix: fields[label] for prefix, label in LEGACY_FILES.items() if label in fields}
    )
    found = []
    for name in archive.namelist():
        for prefix, field in prefixes.items():
            if name.startswith(prefix) and not name.endswith("/"):
                target = name.removeprefix(prefix)
                parts = PurePosixPath(target).parts
                if target.startswith("/") or "\\" in target or ".." in parts or not parts:
                    raise ValueError(f"The backup holds a file outside its folder: {name[:200]}")
                found.append((name, field, target))
    return found


def content_import(path: Path) -> int:
    """Load the archive into an empty, migrated database; returns the number of rows."""
    # The staff groups are made by the migrations; anything else means data is there.
    if any(model.objects.exists() for model in exported_models() if model is not Group):
        raise ValueError(
            "The database already holds practices or accounts; restore into an empty one."
        )
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
        content_name = CONTENT if CONTENT in names else LEGACY_CONTENT
        content = archive.read(content_name)
    except (zipfile.BadZipFile, KeyError):
        raise ValueError(
            f"{path} is not a file made by export_content (a zip archive with {CONTENT})."
        ) from None
    with archive:
        files = archive_files(archive)  # every name checked before any row is loaded
        suffix = Path(content_name).suffix
        with tempfile.NamedTemporaryFile(suffix=suffix) as dump:
            dump.write(content)
            dump.flush()
            rows = row_count(content, suffix)
            with transaction.atomic(), invalidation_deferred():
                # The data migrations made the staff groups again: the file's copies replace them.
                Group.objects.all().delete()
                call_command("loaddata", dump.name, verbosity=0)
                # Inside the transaction: a file that cannot be written leaves no rows behind.
                for name, field, target in files:
                    if field.storage.exists(target):
                        field.storage.delete(target)
                    field.storage.save(target, ContentFile(archive.read(name)))
    content_changed()
    return rows
