"""URLs of the archives' search part (collected by archives/urls.py under the namespace "archives")."""

from django.urls import path

from . import views_search

urlpatterns = [
    path("stations/<int:station_id>/archive/search/", views_search.search, name="search"),
]
