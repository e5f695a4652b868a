"""URLs of the evaluation's cycle part (collected by evaluation/urls.py under the namespace "evaluation")."""

from django.urls import path

from . import views_cycle as views
from . import views_trends

S = "stations/<int:station_id>/<int:year>/"

urlpatterns = [
    path("years/", views.year_list, name="year_list"),
    path("years/open/", views.year_open, name="year_open"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/publish/", views.year_publish, name="year_publish"),
    path("<int:year>/results/", views.results_page, name="results"),
    path("<int:year>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:year>/districts/<str:code>/", views.district_year, name="district"),
    path("<int:year>/districts/<str:code>/summary.pdf", views.district_pdf, name="district_pdf"),
    path("<int:year>/districts/<str:code>/reports/", views.district_reports, name="district_reports"),
    path("<int:year>/districts/<str:code>/meeting/", views.meeting_add, name="meeting_add"),
    path("<int:year>/districts/<str:code>/assign/", views.assign, name="assign"),
    path(S, views.assessment, name="assessment"),
    path(S + "self/", views.self_assess, name="self_assess"),
    path(S + "submit/", views.submit, name="submit"),
    path(S + "score/", views.score, name="score"),
    path(S + "district/", views.district_step, name="district_step"),
    path(S + "reopen/", views.reopen, name="reopen"),
    path(S + "publish/", views.publish, name="publish"),
    path(S + "evidence/", views.evidence_add, name="evidence_add"),
    path(S + "evidence/<int:evidence_id>/file/", views.evidence_file, name="evidence_file"),
    path(S + "rectifications/", views.rectification_add, name="rectification_add"),
    path(S + "rectifications/<int:item_id>/", views.rectification, name="rectification"),
    path(S + "self-assessment.pdf", views.self_pdf, name="self_pdf"),
    path(S + "report.pdf", views.report_pdf, name="report_pdf"),
]

# lane eval: multi-year dashboards, ending an assignment, suggested scores (views_trends)
urlpatterns += [
    path("<int:year>/trends/", views_trends.city_trends, name="city_trends"),
    path("<int:year>/districts/<str:code>/trends/", views_trends.district_trends, name="district_trends"),
    path("<int:year>/districts/<str:code>/assignments/<int:assignment_id>/end/", views_trends.end_assignment,
         name="end_assignment"),
    path(S + "suggestions/", views_trends.suggestions, name="suggestions"),
]
