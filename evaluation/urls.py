"""evaluation URLs: each part keeps its own list."""

from . import urls_cycle, urls_standard

app_name = "evaluation"

urlpatterns = [
    *urls_standard.urlpatterns,
    *urls_cycle.urlpatterns,
]
