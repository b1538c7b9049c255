from django.urls import path

from . import views

urlpatterns = [
    path("interviews/new/", views.interview_new, name="interview_new"),
    path("interviews/paper-forms/", views.paper_forms, name="paper_forms"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("imports/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("imports/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("imports/<int:pk>/errors.xlsx", views.import_job_errors, name="import_job_errors"),
    path("imports/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
]
