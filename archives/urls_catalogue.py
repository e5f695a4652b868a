"""URLs of the archives' catalogue part (collected by archives/urls.py under the namespace "archives")."""

urlpatterns = []
