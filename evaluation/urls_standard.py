"""URLs of the evaluation's standard part (collected by evaluation/urls.py under the namespace "evaluation")."""

from django.urls import path

from . import views_standard as views

urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_new, name="standard_new"),
    path("standards/default/", views.standard_default, name="standard_default"),
    path("standards/import/", views.standard_import, name="standard_import"),
    path("standards/<int:standard_id>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:standard_id>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/<int:standard_id>/indicators/new/", views.standard_indicator_new, name="standard_indicator_new"),
    path("standards/<int:standard_id>/indicators/<int:indicator_id>/", views.standard_indicator_edit,
         name="standard_indicator_edit"),
    path("standards/<int:standard_id>/indicators/<int:indicator_id>/delete/", views.standard_indicator_delete,
         name="standard_indicator_delete"),
    path("standards/<int:standard_id>/bands/", views.standard_bands, name="standard_bands"),
    path("standards/<int:standard_id>/raters/", views.standard_raters, name="standard_raters"),
    path("standards/<int:standard_id>/publish/", views.standard_publish, name="standard_publish"),
    path("standards/<int:standard_id>/retire/", views.standard_retire, name="standard_retire"),
    path("standards/<int:standard_id>/new-version/", views.standard_copy, name="standard_copy"),
    path("standards/<int:standard_id>/export/", views.standard_export, name="standard_export"),
    path("standards/<int:standard_id>/history/", views.standard_history, name="standard_history"),
]
