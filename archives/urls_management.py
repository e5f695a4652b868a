"""URLs of the archives' management part (collected by archives/urls.py under the namespace "archives")."""

from django.urls import path

from . import views_management as views

_station = "stations/<int:station_id>/rules/"

urlpatterns = [
    path("rules/", views.rules_home, name="rules_home"),
    path(_station, views.rules_list, name="rules_list"),
    path(f"{_station}new/", views.rules_new, name="rules_new"),
    path(f"{_station}<int:system_id>/", views.rules_system, name="rules_system"),
    path(f"{_station}<int:system_id>/draft/", views.rules_draft, name="rules_draft"),
    path(f"{_station}versions/<int:version_id>/", views.rules_version, name="rules_version"),
    path(f"{_station}versions/<int:version_id>/file/", views.rules_file, name="rules_file"),
    path(f"{_station}versions/<int:version_id>/edit/", views.rules_edit, name="rules_edit"),
    path(f"{_station}versions/<int:version_id>/submit/", views.rules_submit, name="rules_submit"),
    path(f"{_station}versions/<int:version_id>/approve/", views.rules_approve, name="rules_approve"),
    path(f"{_station}versions/<int:version_id>/return/", views.rules_return, name="rules_return"),
]
