from django.urls import path

from . import views

urlpatterns = [
    path("matching/", views.matching_home, name="matching_home"),
    path("matching/runs/new/", views.run_create, name="matching_run_create"),
    path("matching/runs/<int:pk>/", views.run_detail, name="matching_run"),
    path("matching/runs/<int:pk>/confirm/", views.run_confirm, name="matching_run_confirm"),
    path("matching/assignments/<int:pk>/decide/", views.assignment_decide, name="assignment_decide"),
    path("matching/transfers/<int:pk>/answer/", views.transfer_answer, name="transfer_answer"),
    path("matching/delegations/new/", views.delegation_new, name="delegation_new"),
    path("matching/reinterview/", views.reinterview_queue, name="reinterview_queue"),
    path("matching/delegated/", views.delegated_cases, name="delegated_cases"),
]
