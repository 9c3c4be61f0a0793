from django.contrib import admin
from django.urls import include, path, re_path

from advisory.api.api import api
from advisory.core.views import api_not_found, not_found
from advisory.offers import views as offer_views
from advisory.programmes import urls as programme_urls
from advisory.requests import urls as request_urls

urlpatterns = [
    # The front door: the offers with a log-in button for anonymous visitors, the start page (core:start) for others.
    path("", offer_views.front_door, name="front_door"),
    path("", include("advisory.core.urls")),
    path("tilbud/", include("advisory.offers.urls")),
    path("konto/", include("advisory.accounts.urls")),
    # E-mail addresses are managed by advisors and administrators, not by self-service.
    path("accounts/email/", not_found, name="account_email_disabled"),
    path("accounts/", include("allauth.urls")),
    # Log-in with MitID Erhverv (SAML 2.0 through NemLog-in); every address answers 404 while SAML_ENABLED is off.
    path("saml2/", include("advisory.saml.urls")),
    path("organisationer/", include("advisory.organisations.urls")),
    # The advisory function's overview: portfolio, load, reach and the programme list's downloads.
    path("overblik/", include("advisory.overview.urls")),
    # The year's figures (overblik/statistik/…) and a programme's plan as PDF and XLSX (forloeb/<id>/plan/…).
    path("", include("advisory.reports.urls")),
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
    path("viden/", include("advisory.knowledge.urls")),
    path("", include("advisory.notifications.urls")),  # udbakke/, kalender/, notifikationer/
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Any rest, a line break too (path's <path:...> stops at one, and the page's HTML 404 answered).
    re_path(r"^api/(?P<rest>[\s\S]*)$", api_not_found, name="api_not_found"),
]

# A body too large (413) or broken (400): a Danish page, or JSON under /api/ (advisory.core.request_errors).
handler400 = "advisory.core.request_errors.bad_request"
