from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

admin.site.site_header = _("guidance-ethics management")
admin.site.site_title = _("guidance-ethics")
admin.site.index_title = _("Management")

handler400 = "guidance_ethics.core.views.bad_request"
handler404 = "guidance_ethics.core.views.not_found"
handler500 = "guidance_ethics.core.views.server_error"

urlpatterns = [
    path("", include("guidance_ethics.core.urls")),
    path("", include("guidance_ethics.accounts.urls")),
    path("", include("guidance_ethics.cases.urls")),
    path("", include("guidance_ethics.workshops.urls")),
    path("", include("guidance_ethics.reports.urls")),
    path("", include("guidance_ethics.library.urls")),
    path("", include("guidance_ethics.followup.urls")),
    path("", include("guidance_ethics.training.urls")),
    path("api/v1/", include("guidance_ethics.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("beheer/", admin.site.urls),
]
