from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Calls and submissions")
    # Everything goes into a backup, the attachments' files too (website.backup).
    backup_models = "__all__"
    backup_files = ["Attachment.file"]
    # Rows shown on public pages: a change makes the cached pages stale (website.cache).
    public_models = ["Call"]

    def next_public_change(self, moment):
        """Call pages change by the clock when a call opens or closes."""
        return self.get_model("Call").objects.next_change_after(moment)

    def ready(self):
        # Imported here, not at the top: the models are not loaded when apps.py is.
        from django.db.models.signals import post_delete

        from search.registry import register

        from .models import Attachment, attachment_file_delete
        from .searchable import CALLS

        register(CALLS)
        post_delete.connect(
            attachment_file_delete, sender=Attachment, dispatch_uid="attachment-file-delete"
        )
