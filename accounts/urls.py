from django.urls import path

from . import sso_views, views

app_name = "accounts"
urlpatterns = [
    path("bjud-in/", views.invite, name="invite"),
    path("personer/", views.people, name="people"),
    path("personer/<int:pk>/", views.person, name="person"),
    path("personer/<int:pk>/personuppgifter.json", views.personal_data_json, name="personal_data_json"),
    path("personer/<int:pk>/personuppgifter.pdf", views.personal_data_pdf, name="personal_data_pdf"),
    path("personer/<int:pk>/avidentifiera/", views.anonymise, name="anonymise"),
    path("personer/<int:pk>/flytta/", views.move, name="move"),
    path("personer/<int:pk>/roller/", views.roles, name="roles"),
    path("flytta-in/", views.move_in, name="move_in"),
    path("mina-uppgifter/", views.profile, name="profile"),
    path("logga-in-med-kommunen/", sso_views.sso_start, name="sso_start"),
    path("inloggning/", sso_views.sso_list, name="sso_list"),
    path("inloggning/<int:pk>/", sso_views.sso_edit, name="sso_edit"),
    path("inloggning/<int:pk>/sp-metadata.xml", sso_views.sso_sp_metadata, name="sso_sp_metadata"),
    path("inloggning/<int:pk>/ta-bort/", sso_views.sso_remove, name="sso_remove"),
]
