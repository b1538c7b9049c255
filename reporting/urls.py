from django.urls import path

from . import progress_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("menu/<str:item_id>/", views.menu_page, name="menu_page"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/audit/", views.person_audit, name="person_audit"),
    path("progress/<int:pk>/", progress_views.progress_form, name="progress_form"),
    path("reports/province-result.xlsx", progress_views.province_result, name="province_result"),
]
