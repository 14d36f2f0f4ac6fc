"""Attachments on S3-compatible object storage, past one machine.

The environment names a bucket (ATTACHMENTS_S3_BUCKET …) and attachments go there
through django-storages instead of the local disk; the bucket stays private and
staff still get the files only through the view that checks who asks. The S3
service is moto's in-process fake of the same API.
"""

import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.storage import storages
from moto import mock_aws

from config.settings import BASE_DIR, attachments_object_storage
from submissions.models import Attachment, Submission
from tests.factories import UserFactory
from tests.files import pdf_file

pytestmark = pytest.mark.django_db

BUCKET = "catalogue-attachments"
ENVIRONMENT = {
    "ATTACHMENTS_S3_BUCKET": BUCKET,
    "ATTACHMENTS_S3_REGION": "eu-north-1",
}


@pytest.fixture
def bucket(monkeypatch):
    """A private bucket in a fake S3, and the attachments' file field pointed at it."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-north-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-north-1")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        storage = storages.create_storage(attachments_object_storage(ENVIRONMENT))
        monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
        yield s3


def keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def settings_in_a_fresh_process(**environ) -> str:
    """What config/settings.py makes of an environment, read by a new interpreter."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ATTACHMENTS_", "PYTEST", "DJANGO_SETTINGS"))
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "from django.conf import settings; print(settings.STORAGES['attachments'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DEBUG": "true", **environ},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_attachments_stay_on_local_disk_unless_the_environment_names_a_bucket():
    assert "FileSystemStorage" in settings_in_a_fresh_process()
    named = settings_in_a_fresh_process(
        ATTACHMENTS_S3_BUCKET="kaytannot",
        ATTACHMENTS_S3_ENDPOINT_URL="https://s3.example.fi",
    )
    assert "storages.backends.s3.S3Storage" in named
    assert "'bucket_name': 'kaytannot'" in named
    assert "'endpoint_url': 'https://s3.example.fi'" in named
    assert "'default_acl': 'private'" in named


def test_a_coordinators_file_goes_to_the_private_bucket_and_a_juror_downloads_it(
    client, bucket, open_call, form_data
):
    response = client.post(
        "/en/calls/mentoring/",
        {**form_data, "attachments": [pdf_file("plan.pdf", size=2000)]},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    attachment = submission.attachments.get()
    assert keys(bucket) == [f"attachments/{attachment.file.name}"]
    # Only the owner (the application's account) has any grant on the object.
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=f"attachments/{attachment.file.name}")
    assert [grant["Grantee"]["Type"] for grant in acl["Grants"]] == ["CanonicalUser"]

    juror = UserFactory(username="juror-s3", groups=["Jury"])
    open_call.jurors.add(juror)
    submission.status = Submission.Status.IN_REVIEW
    submission.save()
    url = f"/en/admin/submissions/submission/{submission.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(juror)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and len(body) == 2000


def test_no_attachment_has_a_public_address(bucket):
    attachment = Attachment.objects.create(
        form_token="6f0c1f43-2b1f-4d2b-8a4e-2a3e3c1f0d11",
        file=pdf_file(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=100,
    )
    address = attachment.file.storage.url(attachment.file.name)
    # Any address the storage makes is signed and lapses within a minute.
    assert "X-Amz-Signature=" in address and "X-Amz-Expires=60" in address
    public = bucket.get_bucket_acl(Bucket=BUCKET)["Grants"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in public)


def test_a_deleted_attachment_leaves_the_bucket_too(bucket, django_capture_on_commit_callbacks):
    attachment = Attachment.objects.create(
        form_token="6f0c1f43-2b1f-4d2b-8a4e-2a3e3c1f0d12",
        file=pdf_file(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=100,
    )
    assert len(keys(bucket)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert keys(bucket) == []
