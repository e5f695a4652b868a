"""URLs of the archives' catalogue part (collected by archives/urls.py under the namespace "archives")."""

from django.urls import path

from . import views_catalogue as views

urlpatterns = [
    path("archive/", views.archive_home, name="archive_home"),
    path("archive/completeness/", views.completeness_page, name="completeness"),
    path("stations/<int:station_id>/archive/", views.catalogue_page, name="catalogue"),
    path("stations/<int:station_id>/archive/category/<str:category>/", views.catalogue_category,
         name="catalogue_category"),
    path("stations/<int:station_id>/archive/documents/new/", views.document_new, name="document_new"),
    path("stations/<int:station_id>/archive/documents/<int:document_id>/", views.document_detail,
         name="document_detail"),
    path("stations/<int:station_id>/archive/documents/<int:document_id>/file/", views.document_file,
         name="document_file"),
    path("stations/<int:station_id>/archive/disposal/", views.disposal_index, name="disposal_index"),
    path("stations/<int:station_id>/archive/disposal/new/", views.disposal_new, name="disposal_new"),
    path("stations/<int:station_id>/archive/disposal/<int:list_id>/", views.disposal_detail,
         name="disposal_detail"),
    path("stations/<int:station_id>/archive/disposal/<int:list_id>/move/", views.disposal_move,
         name="disposal_move"),
]
