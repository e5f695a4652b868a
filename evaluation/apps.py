from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # Each part of the app registers its seams (rules, figures, records, to-do, navigation, job kinds).
        from . import cycle, standard

        for part in (standard, cycle):
            part.register()
