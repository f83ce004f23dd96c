from django.urls import path

from . import views

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("min-kommun/", views.my_municipality, name="mine"),
    path("<str:code>/", views.municipality_detail, name="detail"),
]
