"""Issue 15 item 8: an error inside an action after its first write leaves nothing behind.

A fault is injected at the first row any model saves (a `post_save` receiver that raises): the row is in the
database by then, and whatever the action would write next is not. Each action is run twice: with the fault,
where every table must count what it counted before, and without it, where it must write (so the check could
fail)."""

import datetime

import pytest
from django.apps import apps
from django.db.models.signals import post_save

from stations.models import Role
from tests import finance_books, services_helpers
from tests.factories import free_township
from tests.world import make_user


class Fault(Exception):
    pass


def counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if not m._meta.proxy}


def fail_at_first_save(sender, **kwargs):
    raise Fault(f"fault after saving a {sender._meta.label}")


ACTIONS = {
    "create_station": lambda w: ("stations.actions", "create_station", w.users["city"],
                                 {"township": free_township(), "reason": "建站"}),
    "grant_role": lambda w: ("stations.actions", "grant_role", w.users["district"],
                             {"user": make_user(f"new-{datetime.datetime.now().timestamp()}"), "role": Role.WORKER,
                              "station": w.station("own"), "reason": "新入职"}),
    "create_recipient": lambda w: ("services.actions", "create_recipient", w.assignments["own"].user,
                                   {"station": w.station("own"), "name": "王阿婆", "reason": "登记",
                                    "village": services_helpers.villages(w.station("own"))[0],
                                    "id_number": services_helpers.id_number(next(_seq)), "groups": ["gugua"]}),
    "record_visit": lambda w: ("services.actions", "record_visit", w.assignments["own"].user,
                               {"recipient": w.extra["fault_recipient"], "visited_on": datetime.date(2026, 3, 2),
                                "kind": "home", "findings": "身体尚可，独居"}),
    "post_voucher": lambda w: ("finance.actions", "post_voucher", w.users["township"],
                               {"voucher": _prepared_voucher(w), "no_attachment_reason": "纸质附件另行归档"}),
}
_seq = iter(range(300, 400))


def _prepared_voucher(world):
    from finance import actions

    books = world.extra["fault_books"]
    return actions.prepare_voucher(actor=world.assignments["own"].user, ledger=books.ledger,
                                   date=finance_books.day(), summary="购买活动物资",
                                   entries=[finance_books.entry(books, "120.00")])


@pytest.fixture
def fault_world(world):
    world.extra["fault_recipient"] = services_helpers.recipient(world, seq=299)
    world.extra["fault_books"] = finance_books.open_books(world.station("own"), worker=world.assignments["own"].user,
                                                          township=world.users["township"])
    return world


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_an_error_after_the_first_write_leaves_nothing_behind(fault_world, name):
    import importlib

    def run():
        module, function, actor, kwargs = ACTIONS[name](fault_world)
        return getattr(importlib.import_module(module), function)(actor=actor, **kwargs)

    module, function, actor, kwargs = ACTIONS[name](fault_world)  # inputs are made before the fault is armed
    before = counts()
    post_save.connect(fail_at_first_save, dispatch_uid="fault")
    try:
        with pytest.raises(Fault):
            getattr(importlib.import_module(module), function)(actor=actor, **kwargs)
    finally:
        post_save.disconnect(dispatch_uid="fault")
    assert counts() == before

    run()  # and without the fault the same action writes
    assert counts() != before
