"""Idle sessions: each request moves the session's expiry SESSION_IDLE_MINUTES ahead.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would do that with a
database write per request, downloads and previews included. Instead the session is saved
when its last save is more than a minute old, so the expiry (in the database and in the
cookie) trails the last request by at most a minute: a session left alone for
SESSION_IDLE_MINUTES ends within that minute before the full time.
"""

import time

REFRESH_SECONDS = 60
_KEY = "_refreshed_at"


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions that exist (a signed-in user's), never one created by this request.
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(_KEY, 0) >= REFRESH_SECONDS:
                session[_KEY] = now
        return response


def session_stamp_on_login(sender, request, user, **kwargs):
    """A login saves the session anyway: count it as the first refresh."""
    if getattr(request, "session", None) is not None:
        request.session[_KEY] = int(time.time())
