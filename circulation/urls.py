from django.urls import path

from .views import drafts, invitations, member, secretariat

app_name = "circulation"
urlpatterns = [
    # A member's own pages.
    path("my/", member.my_documents, name="mine"),
    path("my/notices/<int:pk>/", member.read, name="read"),
    path("my/notices/<int:pk>/acknowledge/", member.acknowledge, name="acknowledge"),
    path("my/invitations/<int:pk>/", member.reply, name="reply"),
    # The secretariat's circulation of an issued notice.
    path("notices/<int:pk>/circulation/", secretariat.circulation_page, name="notice"),
    path("notices/<int:pk>/circulation.csv", secretariat.circulation_csv, name="csv"),
    path("notices/<int:pk>/circulation/add/", secretariat.recipient_add, name="add"),
    path("notices/<int:pk>/circulation/reset/", secretariat.recipients_reset, name="reset"),
    path(
        "notices/<int:pk>/circulation/<int:recipient_pk>/remove/",
        secretariat.recipient_remove,
        name="remove",
    ),
    path("notices/<int:pk>/circulation/remind/", secretariat.remind, name="remind"),
    path("notices/<int:pk>/circulation/resend/", secretariat.resend, name="resend"),
    # A draft meeting deleted, with its draft notice and unsent invitation.
    path("meetings/<int:pk>/delete/", drafts.meeting_delete, name="meeting_delete"),
    # Invitations to a coming meeting and their replies.
    path("meetings/<int:pk>/invitation/", invitations.invitation_edit, name="invitation"),
    path("meetings/<int:pk>/replies/", invitations.replies_panel, name="replies"),
    path("meetings/<int:pk>/replies/confirm/", invitations.replies_confirm_all, name="confirm_all"),
    path(
        "meetings/<int:pk>/replies/<int:reply_pk>/confirm/",
        invitations.reply_confirm,
        name="confirm",
    ),
]
