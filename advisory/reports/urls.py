"""The year's figures under /overblik/statistik/ and a programme's plan as files under /forloeb/<id>/plan/ (included
at the root by config/urls.py, so the two prefixes stay those of the overview and the programme pages)."""

from django.urls import path

from advisory.reports import views

app_name = "reports"

urlpatterns = [
    path("overblik/statistik/", views.statistics_current, name="statistics_current"),
    path("overblik/statistik/<int:year>/", views.statistics, name="statistics"),
    path("overblik/statistik/<int:year>/xlsx/", views.statistics_xlsx, name="statistics_xlsx"),
    path("overblik/statistik/<int:year>/pdf/", views.statistics_pdf, name="statistics_pdf"),
    path("forloeb/<int:pk>/plan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("forloeb/<int:pk>/plan/xlsx/", views.plan_xlsx, name="plan_xlsx"),
]
