from django.contrib import admin
from django.urls import include, path, re_path

from advisory.api.api import api
from advisory.core.views import api_not_found, not_found
from advisory.programmes import urls as programme_urls
from advisory.requests import urls as request_urls

urlpatterns = [
    path("", include("advisory.core.urls")),
    path("konto/", include("advisory.accounts.urls")),
    # E-mail addresses are managed by advisors and administrators, not by self-service.
    path("accounts/email/", not_found, name="account_email_disabled"),
    path("accounts/", include("allauth.urls")),
    path("organisationer/", include("advisory.organisations.urls")),
    # The programme pages, with the requests app's page that creates a programme directly (programmes:create).
    path(
        "forloeb/",
        include(([*programme_urls.urlpatterns, *request_urls.programme_urlpatterns], programme_urls.app_name)),
    ),
    path("tilmelding/", include("advisory.intake.urls")),
    path("dokumenter/", include("advisory.documents.urls")),
    path("evaluering/", include("advisory.evaluations.urls")),
    path("henvendelser/", include("advisory.requests.urls")),
    path("udvikling/", include("advisory.development.urls")),
    path("taskforce/", include("advisory.taskforce.urls")),
    path("", include("advisory.notifications.urls")),  # udbakke/, kalender/, notifikationer/
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Any rest, a line break too (path's <path:...> stops at one, and the page's HTML 404 answered).
    re_path(r"^api/(?P<rest>[\s\S]*)$", api_not_found, name="api_not_found"),
]

# A body too large (413) or broken (400): a Danish page, or JSON under /api/ (advisory.core.request_errors).
handler400 = "advisory.core.request_errors.bad_request"
