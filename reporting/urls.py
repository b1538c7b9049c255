from django.urls import path

from . import behind_views, views

urlpatterns = [
    path("", behind_views.home, name="home"),  # the menu and the user's open work in the round (issue 15)
    path("menu/<str:item_id>/", views.menu_page, name="menu_page"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/audit/", views.person_audit, name="person_audit"),
    path("reports/province-result.xlsx", views.province_result, name="province_result"),
    path("behind/", behind_views.behind, name="behind"),
    path("behind/people/", behind_views.behind_people_list, name="behind_people"),
]
