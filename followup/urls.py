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
]
