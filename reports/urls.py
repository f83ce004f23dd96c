"""URLs of the reports app, mounted at /rapporter/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:name>.<str:fmt>", views.export, name="export"),
    path("arsrapport/", views.report_list, name="list"),
    path("arsrapport/bestall/", views.report_request, name="request"),
    path("arsrapport/<int:pk>/ladda-ner/", views.report_download, name="download"),
    path("arsrapport/kommentarer/", views.comments, name="comments"),
    path("prognos/", views.forecast, name="forecast"),
    path("nyanstallda/", views.hires, name="hires"),
    path("nyanstallda/<str:code>/", views.hires_edit, name="hires_edit"),
    path("planering/", views.volume_planning, name="planning"),
    path("planering/installningar/", views.planning_settings, name="planning_settings"),
    path("projektmal/", views.project_goals, name="project_goals"),
    path("projektmal/<str:goal>/bedom/", views.assessment_create, name="assessment_create"),
    path("bedomningar/<int:pk>/protokoll/", views.assessment_minutes, name="assessment_minutes"),
    path("handlingsplan/", views.action_plan, name="action_plan"),
    path("handlingsplan/ny/", views.activity_edit, name="activity_add"),
    path("handlingsplan/<int:pk>/", views.activity_edit, name="activity_edit"),
]
