from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("menu/<str:item_id>/", views.menu_page, name="menu_page"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/audit/", views.person_audit, name="person_audit"),
    path("reports/province-result.xlsx", views.province_result, name="province_result"),
]
