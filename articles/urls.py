from django.urls import path

from . import views
from . import previews

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("reviewers/<slug:slug>/", views.reviewer_detail, name="reviewer"),
]

# Signed share links to a revision preview (articles.previews).
urlpatterns += [
    path("preview/<str:token>/", previews.shared_preview, name="shared_preview"),
]
