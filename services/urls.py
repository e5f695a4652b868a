from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("my-day/", views.my_day, name="my_day"),
    path("stations/<int:station_id>/recipients/", views.recipient_list, name="recipient_list"),
    path("stations/<int:station_id>/recipients/new/", views.recipient_new, name="recipient_new"),
    path("stations/<int:station_id>/recipients/import/", views.recipient_import, name="recipient_import"),
    path("stations/<int:station_id>/visits-due/", views.visits_due, name="visits_due"),
    path("stations/<int:station_id>/projects/", views.project_list, name="project_list"),
    path("stations/<int:station_id>/projects/new/", views.project_new, name="project_new"),
    path("stations/<int:station_id>/cases/", views.case_list, name="case_list"),
    path("stations/<int:station_id>/figures/", views.station_figures, name="station_figures"),
    path("recipients/<int:recipient_id>/", views.recipient_detail, name="recipient_detail"),
    path("recipients/<int:recipient_id>/edit/", views.recipient_edit, name="recipient_edit"),
    path("recipients/<int:recipient_id>/reveal/", views.recipient_reveal, name="recipient_reveal"),
    path("recipients/<int:recipient_id>/history/", views.recipient_history, name="recipient_history"),
    path("recipients/<int:recipient_id>/visits/new/", views.visit_new, name="visit_new"),
    path("recipients/<int:recipient_id>/cases/new/", views.case_new, name="case_new"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/history/", views.project_history, name="project_history"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/move/", views.case_move, name="case_move"),
    path("cases/<int:case_id>/records/new/", views.case_record, name="case_record"),
    path("cases/<int:case_id>/review-request/", views.case_review_request, name="case_review_request"),
    path("cases/<int:case_id>/review/", views.case_review, name="case_review"),
    path("cases/<int:case_id>/history/", views.case_history, name="case_history"),
]
