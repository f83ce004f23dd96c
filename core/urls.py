from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
