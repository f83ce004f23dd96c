from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("kurs/<slug:slug>/", views.course_detail, name="course"),
    path("kursdagar/", views.day_list, name="days"),
    path("tillfalle/ny/", views.occasion_edit, name="occasion_create"),
    path("tillfalle/<int:pk>/", views.occasion_detail, name="occasion"),
    path("tillfalle/<int:pk>/andra/", views.occasion_edit, name="occasion_edit"),
    path("tillfalle/<int:pk>/kopiera/", views.occasion_copy, name="occasion_copy"),
    path("tillfalle/<int:pk>/kalender.ics", views.occasion_ics, name="occasion_ics"),
    path("kalender/<str:token>.ics", views.trainer_feed, name="trainer_feed"),
    path("mina-kursdagar/", views.my_days, name="my_days"),
    path("mina-kursdagar/ny-kalenderlank/", views.my_calendar_renew, name="my_calendar_renew"),
    path("planering/", views.planning, name="planning"),
    path("hantera/", views.manage, name="manage"),
    path("hantera/resa/ny/", views.journey_edit, name="journey_create"),
    path("hantera/resa/<int:pk>/", views.journey_edit, name="journey_edit"),
    path("hantera/resa/<int:journey_pk>/steg/ny/", views.step_edit, name="step_create"),
    path("hantera/steg/<int:pk>/", views.step_edit, name="step_edit"),
    path("hantera/kurs/ny/", views.course_edit, name="course_create"),
    path("hantera/kurs/<int:pk>/", views.course_edit, name="course_edit"),
    path("hantera/resa/<int:pk>/ta-bort/", views.delete, {"kind": "journey"}, name="journey_delete"),
    path("hantera/steg/<int:pk>/ta-bort/", views.delete, {"kind": "step"}, name="step_delete"),
    path("hantera/kurs/<int:pk>/ta-bort/", views.delete, {"kind": "course"}, name="course_delete"),
    path("lokaler/", views.venue_list, name="venues"),
    path("lokaler/ny/", views.venue_edit, name="venue_create"),
    path("lokaler/<int:pk>/", views.venue_edit, name="venue_edit"),
    path("utbildare/", views.trainer_list, name="trainers"),
    path("utbildare/ny/", views.trainer_edit, name="trainer_create"),
    path("utbildare/<int:pk>/", views.trainer_edit, name="trainer_edit"),
    path("utbildare/<int:pk>/ny-kalenderlank/", views.trainer_calendar_renew, name="trainer_calendar_renew"),
]
