from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("stations/<int:station_id>/", views.station_books, name="station"),
    path("stations/<int:station_id>/sources/new/", views.source_create, name="source_create"),
    path("stations/<int:station_id>/years/new/", views.ledger_create, name="ledger_create"),
    path("books/<int:ledger_id>/", views.ledger_detail, name="ledger"),
    path("books/<int:ledger_id>/accounts/new/", views.account_create, name="account_create"),
    path("books/<int:ledger_id>/vouchers/", views.voucher_list, name="voucher_list"),
    path("books/<int:ledger_id>/vouchers/new/", views.voucher_create, name="voucher_create"),
    path("books/<int:ledger_id>/reports/<str:report>/", views.report, name="report"),
    path("books/<int:ledger_id>/reports/<str:report>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("books/<int:ledger_id>/reports/<str:report>/pdf/", views.report_pdf, name="report_pdf"),
    path("books/<int:ledger_id>/final/prepare/", views.final_prepare, name="final_prepare"),
    path("books/<int:ledger_id>/final/review/", views.final_review, name="final_review"),
    path("accounts/<int:account_id>/", views.account_detail, name="account"),
    path("accounts/<int:account_id>/history/", views.account_history, name="account_history"),
    path("accounts/<int:account_id>/budget/", views.budget_edit, name="budget_edit"),
    path("accounts/<int:account_id>/budget/approve/", views.budget_approve, name="budget_approve"),
    path("vouchers/<int:voucher_id>/", views.voucher_detail, name="voucher"),
    path("vouchers/<int:voucher_id>/history/", views.voucher_history, name="voucher_history"),
    path("vouchers/<int:voucher_id>/post/", views.voucher_post, name="voucher_post"),
    path("vouchers/<int:voucher_id>/reverse/", views.voucher_reverse, name="voucher_reverse"),
    path("vouchers/<int:voucher_id>/withdraw/", views.voucher_withdraw, name="voucher_withdraw"),
    path("vouchers/<int:voucher_id>/attach/", views.voucher_attach, name="voucher_attach"),
    path("vouchers/<int:voucher_id>/attachments/<int:attachment_id>/", views.attachment_download,
         name="attachment"),
]
