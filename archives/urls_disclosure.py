"""URLs of the archives' disclosure part (collected by archives/urls.py under the namespace "archives")."""

urlpatterns = []
