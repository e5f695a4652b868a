"""Labels finance's models leave to Django's defaults (`prepared by`, `voucher`), marked here so the catalogue keeps
them: history pages and the change log translate them through `ningbo_sws.lib.history.field_label` /
`kind_label` (issue 13 item 1, lane: history). Setting `verbose_name` on the fields makes this file unneeded."""

from django.utils.translation import gettext_noop

FIELD_LABELS = [gettext_noop(w) for w in (
    "account", "approved at", "approved by", "budget", "closed at", "closed by", "last number", "ledger",
    "posted at", "posted by", "prepared at", "prepared by", "reversal", "reviewed at", "reviewed by", "station",
    "uploaded at", "uploaded by", "voucher", "figures", "created at",
)]
KIND_LABELS = [gettext_noop(w) for w in (
    "funding source", "ledger", "account", "budget", "budget line", "voucher", "entry", "attachment",
    "final accounts",
)]
