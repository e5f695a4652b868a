"""URLs of the archives' disclosure part (collected by archives/urls.py under the namespace "archives").

Staff side `stations/<id>/disclosure/...` (`archives:disclosure_*`); public side `disclosure/...`
(`archives:public_*`), the only pages besides sign-in that anonymous visitors may open (R23)."""

from django.urls import path

from . import views_disclosure as views

urlpatterns = [
    path("stations/<int:station_id>/disclosure/", views.disclosure_list, name="disclosure_list"),
    path("stations/<int:station_id>/disclosure/new/", views.disclosure_new, name="disclosure_new"),
    path("stations/<int:station_id>/disclosure/<int:disclosure_id>/", views.disclosure_detail,
         name="disclosure_detail"),
    path("stations/<int:station_id>/disclosure/<int:disclosure_id>/edit/", views.disclosure_edit,
         name="disclosure_edit"),
    path("stations/<int:station_id>/disclosure/<int:disclosure_id>/move/", views.disclosure_move,
         name="disclosure_move"),
    path("stations/<int:station_id>/disclosure/<int:disclosure_id>/correct/", views.disclosure_correct,
         name="disclosure_correct"),
    path("disclosure/", views.public_index, name="public_index"),
    path("disclosure/districts/<str:code>/", views.public_district, name="public_district"),
    path("disclosure/stations/<int:station_id>/", views.public_station, name="public_station"),
    path("disclosure/reports/<int:disclosure_id>/", views.public_report, name="public_report"),
    path("disclosure/reports/<int:disclosure_id>/pdf/", views.public_pdf, name="public_pdf"),
]
