from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("svara/tack/", views.receipt, name="receipt"),
    path("svara/<str:token>/", views.answer, name="answer"),
    path("mina-enkater/", views.mine, name="mine"),
    path("enkater/", views.surveys, name="surveys"),
    path("enkater/<int:pk>/", views.template_detail, name="template"),
    path("enkater/<int:template_pk>/ny-fraga/", views.question_edit, name="question_add"),
    path("enkater/<int:template_pk>/fragor/<int:pk>/", views.question_edit, name="question_edit"),
    path("fragor/<int:pk>/flytta/", views.question_move, name="question_move"),
    path("enkater/<int:template_pk>/ny-omgang/", views.round_create, name="round_create"),
    path("omgangar/<int:pk>/skicka/", views.round_send, name="round_send"),
    path("urval/", views.sampling_list, name="sampling"),
    path("urval/<int:course_pk>/", views.sampling_edit, name="sampling_edit"),
    path("resultat/", views.results, name="results"),
    path("resultat/export.<str:fmt>", views.results_export, name="results_export"),
    path("rss-kontakter/", views.rss_contacts, name="rss_contacts"),
    path("rss-kontakter/<int:pk>/aktiv/", views.rss_contact_toggle, name="rss_contact_toggle"),
    path("omgangar/<int:pk>/kommuner/", views.round_municipalities, name="round_municipalities"),
    path("behov/", views.needs_results, name="needs_results"),
    path("synpunkter/", views.comments, name="comments"),
    path("synpunkter/<uuid:pk>/hanterad/", views.comment_handle, name="comment_handle"),
]
