"""URLs of the archives' bundle part (collected by archives/urls.py under the namespace "archives")."""

from django.urls import path

from . import views_bundle

urlpatterns = [
    path("stations/<int:station_id>/archive/<int:year>/bundle/", views_bundle.bundle, name="bundle"),
]
