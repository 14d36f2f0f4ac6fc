"""Text that Django and the admin's libraries show but leave untranslated in Finnish or
Swedish (or do not offer for translation at all). Named here, never called, so that
`makemessages` keeps them in the project's own catalogues, which come first: the admin
then speaks Finnish and Swedish throughout (tests/website/test_admin_languages.py).
The admin's scripts' texts that Django leaves untranslated are in the djangojs
catalogues (locale/*/LC_MESSAGES/djangojs.po), kept by hand."""

from django.utils.translation import gettext_noop as _

LIBRARY_STRINGS = [
    # django.contrib.admin: the hidden headers of the index's tables, and the log-in.
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("Error:"),
    _("Forgotten your login credentials?"),
    _("In case you’ve forgotten, you are:"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
    # django-simple-history (no Finnish or Swedish of its own).
    _("View history: %s"),
    _("Change history: %s"),
    _("View %s"),
    _("Revert %s"),
    _("View %(verbose_name)s"),
    _("Revert %(verbose_name)s"),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
    _("Change History"),
    _("Created"),
    _("Changed"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("Object"),
    _("Changed by"),
    _("Change reason"),
    _("Changes"),
    _("Close"),
    _("History"),
    _("Revert"),
    _("This object doesn't have a change history."),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("Choose a date from the list below to see a previous version of this object."),
    _("You may edit it again below"),
    _('The %(name)s "%(obj)s" was changed successfully.'),
    # django-axes (no Finnish or Swedish of its own): its log-in records.
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("access failure"),
    _("access failures"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("access attempt"),
    _("access attempts"),
    _("Access Attempt"),
    _("Expires At"),
    _("The time when access attempt expires and is no longer valid."),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("access log"),
    _("access logs"),
]
