"""The JSON API: one NinjaAPI, a router per app, the same access helper as the views.

This module only assembles: the API's class and error handlers are in advisory.core.api, its authentication in
advisory.accounts.api_auth, and each app's endpoints in its own ``api.py``.
"""

from __future__ import annotations

from advisory.accounts.api import router as accounts_router
from advisory.accounts.api_auth import AUTH
from advisory.core.api import AdvisoryApi, ObjectBodyParser
from advisory.development.api import router as development_router
from advisory.documents.api import router as documents_router
from advisory.evaluations.api import router as evaluations_router
from advisory.intake.api import router as intake_router
from advisory.knowledge.api import router as knowledge_router
from advisory.notifications.api import router as notifications_router
from advisory.offers.api import router as offers_router
from advisory.organisations.api import router as organisations_router
from advisory.overview.api import router as overview_router
from advisory.programmes.api import router as programmes_router
from advisory.reports.api import router as reports_router
from advisory.requests.api import router as requests_router
from advisory.taskforce.api import router as taskforce_router

api = AdvisoryApi(
    title="Rådgivningsfunktionen på hjemløshedsområdet – API",
    version="1",
    description=(
        "Everything the web interface does, as JSON. Authenticate with your browser session "
        "(send the CSRF token) or with a personal token from your profile page: "
        "`Authorization: Bearer <token>`. Access is the same as in the web interface."
    ),
    auth=AUTH,
    parser=ObjectBodyParser(),
    urls_namespace="api",
)

api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
api.add_router("/", programmes_router)
api.add_router("/", intake_router)
api.add_router("/", notifications_router)
api.add_router("/", documents_router)
api.add_router("/", evaluations_router)
api.add_router("/", requests_router)
api.add_router("/", development_router)
api.add_router("/", taskforce_router)
api.add_router("/", overview_router)
api.add_router("/", reports_router)
api.add_router("/", knowledge_router)
api.add_router("/", offers_router)
