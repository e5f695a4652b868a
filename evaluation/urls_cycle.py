"""URLs of the evaluation's cycle part (collected by evaluation/urls.py under the namespace "evaluation")."""

urlpatterns = []
