from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from ningbo_sws.lib.compliance import ComplianceRule, compliance
        from ningbo_sws.lib.figures import figures
        from ningbo_sws.lib.records import records
        from ningbo_sws.lib.registry import NavItem, Panel, shell
        from ningbo_sws.lib.todo import todo

        from .access import FINANCE_ROLES
        from .compliance import check_r21, fix_r21
        from .figures import FIGURES
        from .panels import PANEL_ROLES, awaiting_posting
        from .records import SOURCES
        from .todo import TODOS

        shell.add_nav(NavItem(_("Finance"), "finance:overview", FINANCE_ROLES, order=50))
        shell.add_panel(Panel(PANEL_ROLES, awaiting_posting, order=50))
        figures.register_all(FIGURES)
        records.register_all(SOURCES)
        todo.register_all(TODOS)
        compliance.register(ComplianceRule("R21", _("Ring-fenced accounts and reviewed final accounts"), check_r21,
                                           order=210, fix_url=fix_r21))
