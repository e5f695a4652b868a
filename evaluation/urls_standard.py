"""URLs of the evaluation's standard part (collected by evaluation/urls.py under the namespace "evaluation")."""

urlpatterns = []
