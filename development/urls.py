from django.urls import path

from . import name_check_views, views

urlpatterns = [
    path("progress/<int:pk>/", views.progress_form, name="progress_form"),
    path("people/<int:pk>/follow-ups/new/", views.follow_up_new, name="follow_up_new"),
    path("name-check/", name_check_views.name_check_home, name="name_check_home"),
    path("name-check/<int:pk>/", name_check_views.name_check_detail, name="name_check"),
    path("name-check/<int:pk>/column/", name_check_views.name_check_column, name="name_check_column"),
    path("name-check/<int:pk>/again/", name_check_views.name_check_again, name="name_check_again"),
    path("name-check/<int:pk>/recorded/", name_check_views.name_check_recorded, name="name_check_recorded"),
    path("name-check/<int:pk>/both/record/", name_check_views.name_check_record, name="name_check_record"),
    path("name-check/<int:pk>/<slug:group>/", name_check_views.name_check_group, name="name_check_group"),
]
