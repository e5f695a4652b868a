from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self):
        from ningbo_sws.lib.compliance import compliance
        from ningbo_sws.lib.figures import figures
        from ningbo_sws.lib.records import records
        from ningbo_sws.lib.registry import NavItem, Panel, shell
        from stations.models import Role

        from . import views
        from .figures import FIGURES
        from .records import SOURCES
        from .rules import RULES

        compliance.register_all(RULES)
        # R9.1 (office area per social worker) reads the figure "staffing.social_workers".
        figures.register_all(FIGURES)
        records.register_all(SOURCES)
        shell.add_nav(NavItem(_("Staff"), "staffing:my_staff",
                              frozenset({Role.TOWNSHIP, Role.WORKER}), order=20))
        shell.add_nav(NavItem(_("Supervision"), "staffing:my_supervision", frozenset({Role.SUPERVISOR}), order=21))
        shell.add_nav(NavItem(_("Staffing figures"), "staffing:figures_home",
                              frozenset({Role.CITY, Role.DISTRICT, Role.AUDITOR}), order=22))
        shell.add_panel(Panel(frozenset({Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR}), views.home_panel, order=20))
