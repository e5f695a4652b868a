"""archives URLs: each part keeps its own list; the public disclosure pages live under /disclosure/."""

from . import urls_bundle, urls_catalogue, urls_disclosure, urls_management, urls_search

app_name = "archives"

urlpatterns = [
    *urls_management.urlpatterns,
    *urls_catalogue.urlpatterns,
    *urls_search.urlpatterns,
    *urls_bundle.urlpatterns,
    *urls_disclosure.urlpatterns,
]
