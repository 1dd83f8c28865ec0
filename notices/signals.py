"""What the notices layer tells the layers above it, without importing them."""

from django.dispatch import Signal

# Sent inside the issuing transaction, after the checks and before the notice changes status
# (so it may still be written to), with `notice` and `user`. Receivers that do more than write
# rows register `transaction.on_commit` callbacks: a rolled-back issue runs none of them.
notice_issuing = Signal()

# Sent once the issued package of `notice` is stored (`copy`, an IssuedCopy), after the issuing
# transaction committed or when a download found it missing and stored it then.
issued_copy_stored = Signal()
