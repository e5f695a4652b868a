"""Root URLs. Every view declares its access rule (see stations.access); the permission walker checks them all."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from stations import views as station_views
from stations import views_access as station_access_views
from stations import views_display as station_display_views
from stations import views_health

urlpatterns = [
    path("accounts/login/", station_views.login_view, name="login"),
    path("accounts/logout/", station_views.logout_view, name="logout"),
    path("accounts/password/", station_access_views.password_change, name="password_change"),
    path("healthz", views_health.healthz, name="healthz"),
    path("i18n/setlang/", station_views.set_language, name="set_language"),
    path("display/", station_display_views.set_display_mode, name="set_display_mode"),  # lane: a11y
    path("services/", include("services.urls")),
    path("", include("stations.urls")),
    path("finance/", include("finance.urls")),
    path("", include("staffing.urls")),
    path("", include("archives.urls")),
    path("evaluation/", include("evaluation.urls")),
]

handler400 = "stations.views_errors.bad_request"

if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
