"""Writing checked rows: new projects created and changed ones updated, in bulk."""

import datetime
import hashlib
from itertools import chain, count

from django.utils.text import slugify

from search.index import index_objects
from website.i18n import LANGUAGE_CODES

from ..models import Project, ProjectFunding, ProjectLink
from .reading import TRANSLATED
from .rows import ProjectRow

BATCH_SIZE = 1000
SLUG_MAX_LENGTH = Project._meta.get_field("slug").max_length


def project_slug(row: ProjectRow, taken: set[str]) -> str:
    """A slug not in `taken`: from the name and the source id, never empty.

    On a clash (two ids that slugify alike, such as `K 1` and `K-1`) a short hash of
    the source id is added, so the same file gives the same slugs every time.
    """
    name = next(
        (row.values[f"name_{lang}"] for lang in LANGUAGE_CODES if row.values[f"name_{lang}"]), ""
    )
    digest = hashlib.sha256(row.source_id.encode()).hexdigest()[:8]
    parts = (slugify(name)[:150].strip("-"), slugify(row.source_id)[:40].strip("-"))
    base = "-".join(part for part in parts if part) or f"project-{digest}"
    room = SLUG_MAX_LENGTH - len(digest) - 8
    candidates = chain(
        [base, f"{base}-{digest}"], (f"{base[:room]}-{digest}-{n}" for n in count(2))
    )
    return next(slug for slug in candidates if slug not in taken)


RELATIONS = {
    "municipalities": "municipality_id",
    "regions": "region_id",
    "themes": "theme_id",
    "target_groups": "targetgroup_id",
}


def write_batch(
    new: list[ProjectRow],
    changed: list[ProjectRow],
    existing: dict[str, int],
    slugs: dict[str, str],
    now: datetime.datetime,
) -> None:
    """Create the new rows and update the changed ones, with their relations, in bulk.

    An update writes the same fields as a create, the untranslated base columns
    that modeltranslation keeps included, and sets `updated_at`; the slug stays.
    """
    created = Project.objects.bulk_create(
        Project(
            source_id=row.source_id,
            source_hash=row.fingerprint,
            slug=slugs[row.source_id],
            **row.values,
        )
        for row in new
    )
    ids = {project.source_id: project.pk for project in created}
    updates = []
    for row in changed:
        project = Project(
            pk=existing[row.source_id], source_hash=row.fingerprint, updated_at=now, **row.values
        )
        updates.append(project)
        ids[row.source_id] = project.pk
    if updates:
        # Without rewrite(False) modeltranslation would turn the base columns into
        # those of the active language, and the base columns would keep old text.
        Project.objects.rewrite(False).bulk_update(
            updates,
            ["source_hash", "updated_at", *TRANSLATED, *changed[0].values.keys()],
            batch_size=500,
        )
    rows = new + changed
    touched = [ids[row.source_id] for row in rows]
    for relation, column in RELATIONS.items():
        through = getattr(Project, relation).through
        through.objects.filter(project_id__in=touched).delete()
        through.objects.bulk_create(
            through(project_id=ids[row.source_id], **{column: term})
            for row in rows
            for term in getattr(row, relation)
        )
    ProjectFunding.objects.filter(project_id__in=touched).delete()
    ProjectFunding.objects.bulk_create(
        ProjectFunding(project_id=ids[row.source_id], source=source)
        for row in rows
        for source in row.funding
    )
    ProjectLink.objects.filter(project_id__in=touched).delete()
    ProjectLink.objects.bulk_create(
        ProjectLink(project_id=ids[row.source_id], title=title, url=url, position=position)
        for row in rows
        for position, (title, url) in enumerate(row.links)
    )
    # Bulk writes send no signals: the search index of these rows, written here.
    index_objects(Project, touched)
