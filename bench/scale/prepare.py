"""The scale test's data, made in its own database before the load starts.

Run by bench/scale/run.py with the app servers' environment:
`python -m bench.scale.prepare OUT.json`. Adds to the demo content the staff of the
scenario (an editor and a juror with known passwords), submissions in review with
attachments in the S3 bucket for the juror to read, draft practices for the editor
to publish, and writes what the load tool needs to know (addresses in three
languages, form choices, the drafts and attachments) to OUT.json.
"""

import hashlib
import json
import os
import sys
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from practices.models import Criterion, Municipality, Practice, Theme  # noqa: E402
from submissions.models import Attachment, Call, Submission  # noqa: E402
from submissions.roles import EDITORS, JURY  # noqa: E402
from tests.factories import SubmissionFactory  # noqa: E402

PASSWORD = "scale-test-password-1"
DRAFTS = 60
IN_REVIEW = 6
LANGS = ("fi", "sv", "en")


def staff(username: str, group: str):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
    )
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def pdf(seed: str, size: int = 4000) -> bytes:
    head = f"%PDF-1.4\n% {seed}\n".encode()
    return head + hashlib.sha256(seed.encode()).hexdigest().encode() * (size // 64)


def drafts(count: int) -> list[dict]:
    model = Practice.objects.filter(status=Practice.Status.PUBLISHED).order_by("pk").first()
    made = []
    for n in range(count):
        draft = Practice.objects.get(pk=model.pk)
        relations = {
            name: list(getattr(model, name).all())
            for name in ("municipalities", "themes", "target_groups", "phases")
        }
        draft.pk = draft.id = None
        draft.slug = f"scale-draft-{n}"
        draft.title_fi = f"Skaalaustesti {n}: {model.title_fi}"
        draft.status = Practice.Status.DRAFT
        draft.published_at = None
        draft.save()
        for name, items in relations.items():
            getattr(draft, name).set(items)
        for assessment in model.assessments.all():
            assessment.pk = assessment.id = None
            assessment.practice = draft
            assessment.save()
        made.append(
            {
                "id": draft.pk,
                "slug": draft.slug,
                "title": draft.title_fi,
                "urls": {lang: localized(lang, draft.get_absolute_url) for lang in LANGS},
            }
        )
    return made


def localized(lang: str, make) -> str:
    with translation.override(lang):
        return make()


@transaction.atomic
def prepare() -> dict:
    editor = staff("scale-editor", EDITORS)
    juror = staff("scale-juror", JURY)
    call = Call.objects.filter(slug="jaa-hyva-kaytantosi").get()
    call.jurors.add(juror)
    storage = Attachment._meta.get_field("file").storage
    readable = []
    for n in range(IN_REVIEW):
        submission = SubmissionFactory(call=call, status=Submission.Status.IN_REVIEW)
        content = pdf(f"in-review-{n}")
        attachment = Attachment.objects.create(
            submission=submission,
            form_token=submission.form_token,
            file=ContentFile(content, name="plan.pdf"),
            original_name=f"plan-{n}.pdf",
            content_type="application/pdf",
            size=len(content),
        )
        readable.append(
            {
                "url": f"/fi/admin/submissions/submission/{submission.pk}"
                f"/attachments/{attachment.pk}/",
                "sha256": hashlib.sha256(content).hexdigest(),
            }
        )
    published = list(Practice.objects.filter(status=Practice.Status.PUBLISHED).order_by("pk")[:40])
    themes = list(Theme.objects.order_by("pk").values_list("slug", flat=True))
    return {
        "storage": type(storage).__name__,
        "password": PASSWORD,
        "editor": editor.username,
        "juror": juror.username,
        "call": {lang: localized(lang, call.get_absolute_url) for lang in LANGS},
        "form": {
            "municipalities": [str(Municipality.objects.order_by("pk").first().pk)],
            "themes": [str(Theme.objects.order_by("pk").first().pk)],
            "criteria": [c.slug for c in Criterion.objects.order_by("position")],
        },
        "lists": {lang: localized(lang, lambda: reverse("practices:list")) for lang in LANGS},
        "search": {lang: localized(lang, lambda: reverse("search:search")) for lang in LANGS},
        "themes": themes,
        "practices": [
            {lang: localized(lang, p.get_absolute_url) for lang in LANGS} for p in published
        ],
        "drafts": drafts(DRAFTS),
        "readable": readable,
        "run": uuid.uuid4().hex,
    }


if __name__ == "__main__":
    data = prepare()
    with open(sys.argv[1], "w") as out:
        json.dump(data, out, indent=1)
    sys.stdout.write(f"prepared: storage {data['storage']}, {len(data['drafts'])} drafts\n")
