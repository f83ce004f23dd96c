"""Top-level URLs: each app mounts its own urls.py under a Swedish path."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin logs in through allauth, so it gets the same rate limits (and later MFA).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Yrkesresan – administration"

urlpatterns = [
    path("", include("core.urls")),
    path("konto/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("kommuner/", include("municipalities.urls")),
    path("kurser/", include("courses.urls")),
    path("anmalan/", include("enrollment.urls")),
    path("introduktion/", include("introduction.urls")),
    path("uppfoljning/", include("followup.urls")),
    path("rapporter/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Uploaded files (signed agreements, certificates) are never served from MEDIA_URL: each is
# downloaded through a view of its app that checks who may read it.
