from django.urls import path

from . import views

app_name = "introduction"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("min-plan/", views.mine, name="mine"),
    path("anstall/", views.hire, name="hire"),
    path("plan/<int:pk>/", views.plan, name="plan"),
    path("plan/<int:pk>/introduktionsplan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plan/<int:pk>/punkt/", views.item_add, name="item_add"),
    path("plan/<int:pk>/kurs/", views.course_add, name="course_add"),
    path("plan/<int:pk>/godkann/", views.sign_off, name="sign_off"),
    path("punkt/<int:pk>/bocka/", views.item_tick, name="item_tick"),
    path("punkt/<int:pk>/ta-bort/", views.item_remove, name="item_remove"),
    path("totara/", views.totara_import, name="totara_import"),
]
