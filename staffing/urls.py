from django.urls import path

from . import views

app_name = "staffing"

urlpatterns = [
    path("staff/", views.my_staff, name="my_staff"),
    path("staff/stations/<int:station_id>/", views.station_staff, name="station_staff"),
    path("staff/stations/<int:station_id>/add/", views.staff_add, name="staff_add"),
    path("staff/stations/<int:station_id>/import/", views.staff_import, name="staff_import"),
    path("staff/stations/<int:station_id>/posts/add/", views.post_add, name="post_add"),
    path("staff/stations/<int:station_id>/meetings/", views.meeting_list, name="meeting_list"),
    path("staff/stations/<int:station_id>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("staff/stations/<int:station_id>/trainings/", views.training_list, name="training_list"),
    path("staff/stations/<int:station_id>/trainings/add/", views.training_add, name="training_add"),
    path("staff/people/<int:member_id>/", views.staff_detail, name="staff_detail"),
    path("staff/people/<int:member_id>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/people/<int:member_id>/move/", views.staff_transfer, name="staff_transfer"),
    path("staff/people/<int:member_id>/leave/", views.staff_leave, name="staff_leave"),
    path("staff/people/<int:member_id>/reveal-id/", views.staff_reveal_id, name="staff_reveal_id"),
    path("staff/people/<int:member_id>/history/", views.staff_history, name="staff_history"),
    path("staff/people/<int:member_id>/posts/<int:post_id>/end/", views.post_end, name="post_end"),
    path("staff/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("staff/meetings/<int:meeting_id>/files/<int:attachment_id>/", views.meeting_attachment,
         name="meeting_attachment"),
    path("supervision/", views.my_supervision, name="my_supervision"),
    path("supervision/stations/<int:station_id>/", views.session_list, name="session_list"),
    path("supervision/stations/<int:station_id>/add/", views.session_add, name="session_add"),
    path("supervision/sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("supervision/sessions/<int:session_id>/actions/add/", views.action_add, name="action_add"),
    path("supervision/sessions/<int:session_id>/actions/<int:item_id>/", views.action_follow_up,
         name="action_follow_up"),
    path("supervision/teams/<str:code>/", views.supervision_team, name="supervision_team"),
    path("supervision/teams/<str:code>/profile/", views.supervision_team_profile, name="supervision_team_profile"),
    path("figures/", views.figures_home, name="figures_home"),
    path("figures/<str:code>/", views.figures, name="figures"),
]
