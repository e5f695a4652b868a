from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services"
    verbose_name = _("Services")

    def ready(self):
        from ningbo_sws.lib.compliance import ComplianceRule, compliance
        from ningbo_sws.lib.figures import figures
        from ningbo_sws.lib.records import records
        from ningbo_sws.lib.registry import NavItem, Panel, shell
        from stations.models import Role

        from . import compliance as checks
        from .figures import FIGURES
        from .records import SOURCES
        from .views import home_panel
        from .volunteers import FIGURES as VOLUNTEER_FIGURES
        from .volunteers import SOURCES as VOLUNTEER_SOURCES

        compliance.register(ComplianceRule("R17", _("“1+X+1” projects of the year"), checks.check_portfolio,
                                           order=170, fix_url=checks.fix_projects))
        # Figures per station for the apps above (disclosure, evaluation), by code.
        figures.register_all(FIGURES)
        records.register_all(SOURCES)
        # Volunteers (R22 volunteer files, R17.3 growth): their figures and their files, kept in `volunteers.py`.
        figures.register_all(VOLUNTEER_FIGURES)
        records.register_all(VOLUNTEER_SOURCES)
        compliance.register(ComplianceRule("R18", _("Closed cases through the professional process"),
                                           checks.check_process, order=180, fix_url=checks.fix_cases))
        shell.add_nav(NavItem(_("My day"), "services:my_day", frozenset({Role.WORKER}), order=20))
        shell.add_nav(NavItem(_("Service figures"), "services:figures_overview",
                              frozenset({Role.CITY, Role.DISTRICT, Role.AUDITOR}), order=30))
        shell.add_panel(Panel(frozenset({Role.TOWNSHIP, Role.WORKER, Role.LIAISON, Role.SUPERVISOR}), home_panel,
                              order=30))
