"""URLs of the archives' management part (collected by archives/urls.py under the namespace "archives")."""

urlpatterns = []
