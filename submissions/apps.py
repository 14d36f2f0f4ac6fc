from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Calls and submissions")

    def ready(self):
        from django.db.models.signals import post_delete

        from .models import Attachment, attachment_file_delete

        post_delete.connect(
            attachment_file_delete, sender=Attachment, dispatch_uid="attachment-file-delete"
        )
