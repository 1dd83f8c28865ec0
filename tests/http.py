"""What tests of HTTP responses share."""

from django.core.signals import request_finished
from django.db import close_old_connections


def close_response(response) -> None:
    """Close a streamed response (a FileResponse holds its file open) the way the test client
    closes one inside a request: without `close_old_connections`, which on PostgreSQL would close
    the test's own connection (its transaction is not autocommit)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
