"""Labels finance's models leave to Django's defaults (`prepared by`, `voucher`), marked here so the catalogue keeps
them: history pages and the change log translate them through `ningbo_sws.lib.history.field_label` /
`kind_label` (issue 13 item 1, lane: history). Setting `verbose_name` on the fields makes this file unneeded."""

from django.utils.translation import gettext_noop

FIELD_LABELS = [
    gettext_noop("account"),
    gettext_noop("approved at"),
    gettext_noop("approved by"),
    gettext_noop("budget"),
    gettext_noop("closed at"),
    gettext_noop("closed by"),
    gettext_noop("last number"),
    gettext_noop("ledger"),
    gettext_noop("posted at"),
    gettext_noop("posted by"),
    gettext_noop("prepared at"),
    gettext_noop("prepared by"),
    gettext_noop("reversal"),
    gettext_noop("reviewed at"),
    gettext_noop("reviewed by"),
    gettext_noop("station"),
    gettext_noop("uploaded at"),
    gettext_noop("uploaded by"),
    gettext_noop("voucher"),
    gettext_noop("figures"),
    gettext_noop("created at"),
]
KIND_LABELS = [
    gettext_noop("funding source"),
    gettext_noop("ledger"),
    gettext_noop("account"),
    gettext_noop("budget"),
    gettext_noop("budget line"),
    gettext_noop("voucher"),
    gettext_noop("entry"),
    gettext_noop("attachment"),
    gettext_noop("final accounts"),
]
