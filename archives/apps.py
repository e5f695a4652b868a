from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "archives"
    verbose_name = _("Archives")

    def ready(self):
        # Each part of the app registers its seams (rules, figures, records, to-do, navigation, job kinds).
        from . import bundle, catalogue, disclosure, search, systems

        for part in (systems, catalogue, search, bundle, disclosure):
            part.register()
