"""Finance in the Django admin: read-only, for superusers' maintenance; every change goes through the actions."""

from django.contrib import admin

from stations.admin import ReadOnlyAdmin

from .models import Account, FundingSource, Ledger, Voucher


@admin.register(Ledger)
class LedgerAdmin(ReadOnlyAdmin):
    list_display = ["station", "year", "status", "last_number"]
    list_select_related = ["station"]
    list_filter = ["status", "year"]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "purpose", "ledger"]
    list_select_related = ["ledger__station"]


@admin.register(FundingSource)
class FundingSourceAdmin(ReadOnlyAdmin):
    list_display = ["station", "kind", "donor"]
    list_select_related = ["station"]
    list_filter = ["kind"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["ledger", "number", "date", "summary", "status"]
    list_select_related = ["ledger__station"]
    list_filter = ["status"]
