from django.urls import path

from . import name_check_views, views

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
    path("name-check/", name_check_views.name_check_home, name="name_check_home"),
    path("name-check/<int:pk>/", name_check_views.name_check_detail, name="name_check"),
    path("name-check/<int:pk>/column/", name_check_views.name_check_column, name="name_check_column"),
    path("name-check/<int:pk>/again/", name_check_views.name_check_again, name="name_check_again"),
    path("name-check/<int:pk>/recorded/", name_check_views.name_check_recorded, name="name_check_recorded"),
    path("name-check/<int:pk>/both/record/", name_check_views.name_check_record, name="name_check_record"),
    path("name-check/<int:pk>/<slug:group>/", name_check_views.name_check_group, name="name_check_group"),
]
