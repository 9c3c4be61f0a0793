from django.urls import path

from advisory.offers import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("kontaktpersoner/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("<slug:slug>/", views.offer_detail, name="detail"),
    path("<slug:slug>/tekst/<str:language>/", views.text_edit, name="text_edit"),
    path("<slug:slug>/kontaktpersoner/", views.contact_list, name="contacts"),
]
