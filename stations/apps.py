from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stations"
    verbose_name = _("Stations and access")

    def ready(self):
        from ningbo_sws.lib.figures import figures
        from ningbo_sws.lib.registry import NavItem, Panel, shell
        from ningbo_sws.lib.todo import todo

        from . import (  # noqa: F401 - accounts: the one-time password's sign-in signal
            accounts,
            rules,
            signin_events,
        )
        from . import todo as station_todo
        from .figures import FIGURES
        from .models import Role

        rules.register()
        figures.register_all(FIGURES)
        todo.register_all(station_todo.TODOS)
        # The to-do list heads the start page of everyone with something waiting (any app's entries).
        shell.add_panel(Panel(frozenset(Role.values), station_todo.panel, order=0))

        everyone = frozenset(Role.values)
        shell.add_nav(NavItem(_("Home"), "home", everyone, order=0))
        shell.add_nav(NavItem(_("Stations"), "station_list", everyone, order=10))
        shell.add_nav(NavItem(_("Operators"), "operator_list", everyone - {Role.LIAISON}, order=20))
        shell.add_nav(NavItem(_("Contracts ending"), "contracts_ending",
                              frozenset({Role.CITY, Role.DISTRICT, Role.TOWNSHIP}), order=30))
        shell.add_panel(Panel(frozenset({Role.CITY, Role.DISTRICT, Role.TOWNSHIP}), _contracts_ending_panel,
                              order=20))
        shell.add_panel(Panel(frozenset({Role.TOWNSHIP}), _grants_panel, order=15))
        shell.add_nav(NavItem(_("Roles and accounts"), "assignment_list",
                              frozenset({Role.CITY, Role.DISTRICT, Role.AUDITOR}), order=90))
        shell.add_nav(NavItem(_("Change history"), "change_log", frozenset({Role.AUDITOR}), order=95))
        shell.add_nav(NavItem(_("Access log"), "access_log", frozenset({Role.AUDITOR}), order=96))


def _contracts_ending_panel(request, principal):
    """R15: the township and the district see on their start page the contracts ending within 60 days."""
    from django.template.loader import render_to_string

    from .queries import contracts_ending

    contracts = list(contracts_ending(principal)[:6])
    return render_to_string("stations/_contracts_ending_panel.html", {"contracts": contracts[:5],
                                                                      "more": len(contracts) > 5}, request=request)


def _grants_panel(request, principal):
    """Issue 9 item 1: the township officer sees every role granted or revoked at their station."""
    from .views_access import grants_panel

    return grants_panel(request, principal)
