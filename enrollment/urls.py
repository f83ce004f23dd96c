from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "enrollment"
urlpatterns = [
    path("mina/", views.mine, name="mine"),
    path("tillfalle/<int:occasion_pk>/anmal/", views.signup, name="signup"),
    path("<int:pk>/avboka/", views.cancel, name="cancel"),
    path("<int:pk>/kalender.ics", views.ics, name="ics"),
    path("<int:pk>/kursintyg.pdf", views.certificate, name="certificate"),
    path("intyg/<str:code>/", views.certificate_check, name="certificate_check"),
    path("godkannanden/", views.queue, name="queue"),
    path("personal/", views.staff, name="staff"),
    path("personal/<int:person_pk>/", views.staff_detail, name="staff_detail"),
    path("personal/<int:person_pk>/anmal/", views.nominate, name="nominate"),
    path("personal/<int:person_pk>/flytta-upp/<int:journey_pk>/", views.move_up, name="move_up"),
    # The old address (a slang word) leads to the new one: links in old e-mails and bookmarks still work.
    path(
        "personal/<int:person_pk>/levla-upp/<int:journey_pk>/",
        RedirectView.as_view(pattern_name="enrollment:move_up", permanent=True, query_string=True),
        name="move_up_old",
    ),
    path("tillfalle/<int:occasion_pk>/platser/", views.places, name="places"),
    path("tillfalle/<int:occasion_pk>/nominera/", views.bulk_nominate, name="bulk_nominate"),
    path("tillfalle/<int:occasion_pk>/lista/", views.email_list, name="email_list"),
    path("reservation/<int:pk>/fyll/", views.reservation_fill, name="reservation_fill"),
    path("reservation/<int:pk>/slapp/", views.reservation_release, name="reservation_release"),
    path("reservationstak/", views.reservation_caps, name="reservation_caps"),
    path("kurs/<int:course_pk>/intresse/", views.interest, name="interest"),
    path("intresse/<int:pk>/ta-bort/", views.interest_withdraw, name="interest_withdraw"),
    path("intresse/", views.interests, name="interests"),
    path("kurstillfallen/", views.occasions, name="occasions"),
    path("kurstillfallen/<int:occasion_pk>/", views.participants, name="participants"),
    path("kurstillfallen/<int:occasion_pk>/narvaro/<int:day_pk>/", views.attendance, name="attendance"),
    path("kurstillfallen/<int:occasion_pk>/avsluta/", views.complete, name="complete"),
    path("kurstillfallen/<int:occasion_pk>/narvarolista.pdf", views.signin_sheet, name="signin_sheet"),
    path("kurstillfallen/<int:occasion_pk>/deltagare.<str:fmt>", views.export, name="export"),
]

# Messages to participants, waiting lists and the managers' network; kinds of e-mail per occasion.
from . import message_views  # noqa: E402

urlpatterns += [
    path("meddelanden/", message_views.message_log, name="messages"),
    path("meddelanden/nytt/", message_views.message_new, name="message_new"),
    path("meddelanden/<int:pk>/", message_views.message_detail, name="message_detail"),
    path(
        "tillfalle/<int:occasion_pk>/e-post/",
        message_views.occasion_notifications,
        name="occasion_notifications",
    ),
]
