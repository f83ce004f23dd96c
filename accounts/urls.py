from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("bjud-in/", views.invite, name="invite"),
    path("personer/", views.people, name="people"),
    path("personer/<int:pk>/", views.person, name="person"),
    path("personer/<int:pk>/personuppgifter.json", views.personal_data_json, name="personal_data_json"),
    path("personer/<int:pk>/personuppgifter.pdf", views.personal_data_pdf, name="personal_data_pdf"),
    path("personer/<int:pk>/avidentifiera/", views.anonymise, name="anonymise"),
    path("personer/<int:pk>/flytta/", views.move, name="move"),
    path("flytta-in/", views.move_in, name="move_in"),
    path("mina-uppgifter/", views.profile, name="profile"),
]
