from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("bjud-in/", views.invite, name="invite"),
    path("personer/", views.people, name="people"),
    path("mina-uppgifter/", views.profile, name="profile"),
]
