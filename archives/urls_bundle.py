"""URLs of the archives' bundle part (collected by archives/urls.py under the namespace "archives")."""

urlpatterns = []
