from django.urls import path

from kunskapsnav.followup import questionnaire_views as views

urlpatterns = [
    path("uppfoljning/enkater/", views.questionnaire_list, name="questionnaire_list"),
    path("uppfoljning/enkater/ny/", views.questionnaire_create, name="questionnaire_create"),
    path("uppfoljning/enkater/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path(
        "uppfoljning/enkater/<int:pk>/andra/", views.questionnaire_edit, name="questionnaire_edit"
    ),
    path("uppfoljning/enkater/<int:pk>/fragor/ny/", views.question_add, name="question_add"),
    path("uppfoljning/enkater/fragor/<int:pk>/andra/", views.question_edit, name="question_edit"),
    path(
        "uppfoljning/enkater/fragor/<int:pk>/ta-bort/",
        views.question_delete,
        name="question_delete",
    ),
    path("uppfoljning/enkater/fragor/<int:pk>/flytta/", views.question_move, name="question_move"),
    path("uppfoljning/enkater/<int:pk>/omgangar/ny/", views.round_create, name="round_create"),
    path(
        "uppfoljning/enkater/<int:pk>/jamforelse/",
        views.questionnaire_compare,
        name="questionnaire_compare",
    ),
    path(
        "uppfoljning/enkater/<int:pk>/svar.<str:fmt>",
        views.questionnaire_export,
        name="questionnaire_export",
    ),
    path("uppfoljning/enkater/omgang/<int:pk>/", views.round_detail, name="round_detail"),
    path(
        "uppfoljning/enkater/omgang/<int:pk>/mottagare/",
        views.round_add_recipients,
        name="round_add_recipients",
    ),
    path("uppfoljning/enkater/omgang/<int:pk>/skicka/", views.round_send, name="round_send"),
    path("uppfoljning/enkater/omgang/<int:pk>/paminn/", views.round_remind, name="round_remind"),
    path("uppfoljning/enkater/omgang/<int:pk>/stang/", views.round_close, name="round_close"),
    path(
        "uppfoljning/enkater/omgang/<int:pk>/svarsdag/",
        views.round_deadline,
        name="round_deadline",
    ),
    path(
        "uppfoljning/enkater/omgang/<int:pk>/resultat/",
        views.round_results,
        name="round_results",
    ),
    path(
        "uppfoljning/enkater/omgang/<int:pk>/svar.<str:fmt>",
        views.round_export,
        name="round_export",
    ),
    path(
        "uppfoljning/enkater/omgang/<int:pk>/svara/",
        views.round_answer_mine,
        name="round_answer_mine",
    ),
    path(
        "uppfoljning/enkater/mottagare/<int:pk>/ta-bort/",
        views.recipient_remove,
        name="recipient_remove",
    ),
    path(
        "uppfoljning/enkater/mottagare/<int:pk>/ny-lank/",
        views.recipient_renew,
        name="recipient_renew",
    ),
    path("enkat/<str:token>/", views.answer, name="answer"),
    path("moten/<int:pk>/snabbfraga/", views.poll_create, name="poll_create"),
    path("snabbfragor/<int:pk>/", views.poll_detail, name="poll_detail"),
    path("snabbfragor/<int:pk>/stang/", views.poll_close, name="poll_close"),
    path("fraga/", views.poll_join, name="poll_join"),
    path("fraga/<str:code>/", views.poll_vote, name="poll_vote"),
]
