"""URLs of the archives' search part (collected by archives/urls.py under the namespace "archives")."""

urlpatterns = []
