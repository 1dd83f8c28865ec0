"""Who may see the registers and follow a recommendation up.

The registers are the insiders' (meetings.permissions.sees_everything: the secretariat, the
signatories, the archivists); anyone else gets 404, as for the archive. Following up is the
secretariat's (can_draft), once the minutes are issued; the others read only (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.permissions import can_draft, sees_everything
from resolutions.models import Recommendation

from .selectors import recommendations_in_register


def register_for_user(request) -> None:
    """The registers exist for the insiders only: 404 for anyone else."""
    if not (request.user.is_authenticated and sees_everything(request.user)):
        raise Http404


def can_follow_up(user) -> bool:
    return can_draft(user) and user.has_perm("registers.add_followup")


def recommendation_for_user(request, pk: int, *, follow_up: bool = False) -> Recommendation:
    """Recommendation `pk` of issued minutes if the user may see the registers (404 otherwise);
    with `follow_up`, only if they may also record its follow-up (403)."""
    register_for_user(request)
    recommendation = get_object_or_404(recommendations_in_register(), pk=pk)
    if follow_up and not can_follow_up(request.user):
        raise PermissionDenied
    return recommendation
