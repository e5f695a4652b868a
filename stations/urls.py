from django.urls import path

from . import views, views_access

urlpatterns = [
    path("", views.home, name="home"),
    path("stations/", views.station_list, name="station_list"),
    path("stations/<int:station_id>/", views.station_detail, name="station_detail"),
    path("stations/<int:station_id>/edit/", views.station_edit, name="station_edit"),
    path("stations/<int:station_id>/history/", views.station_history, name="station_history"),
    path("stations/<int:station_id>/assignments/", views.station_assignments, name="station_assignments"),
    path("stations/<int:station_id>/assignments/<int:grant_id>/end/", views.station_unassign,
         name="station_unassign"),
    path("divisions/<str:code>/", views.division_detail, name="division_detail"),
    path("access/", views_access.assignment_list, name="assignment_list"),
    path("access/grant/", views_access.grant, name="grant"),
    path("access/<int:assignment_id>/", views_access.assignment_detail, name="assignment_detail"),
    path("access/<int:assignment_id>/revoke/", views_access.revoke, name="revoke"),
    path("audit/access-log/", views_access.access_log, name="access_log"),
    path("audit/changes/", views_access.change_log, name="change_log"),
]
