from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("utskick/misslyckade/", views.failed_emails, name="failed_emails"),
    path("utskick/misslyckade/<int:pk>/forsok-igen/", views.failed_email_retry, name="failed_email_retry"),
    path("utskick/mallar/", views.notification_templates, name="notification_templates"),
    path(
        "utskick/mallar/<str:app>/<str:name>/",
        views.notification_template_edit,
        name="notification_template_edit",
    ),
    path(
        "utskick/mallar/<str:app>/<str:name>/aterstall/",
        views.notification_template_restore,
        name="notification_template_restore",
    ),
]
