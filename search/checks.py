"""System checks of the search: whether the Finnish analysis has Voikko."""

from django.core import checks

from . import analysis


@checks.register()
def voikko_installed(app_configs=None, **kwargs):
    error = analysis.voikko_error()
    if error is None:
        return []
    return [
        checks.Warning(
            "Voikko (Finnish morphology) is not available: Finnish words are only stemmed "
            f"with Snowball, so base forms and compound parts are not found ({error}).",
            hint="Install the Debian packages libvoikko1 and voikko-fi (make system-packages), "
            "then run manage.py rebuild_search_index.",
            id="search.W001",
        )
    ]
