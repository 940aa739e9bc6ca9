"""Document numbers from a locked per-(agency, kind, year) counter: unique, never reused, no gaps.

Call inside the issuing transaction: the counter row stays locked until that transaction ends, so the number
is committed together with the document that carries it (or rolled back with it, leaving no gap).
"""

from django.db import transaction

from anjian.documents.models import DocumentKind, NumberCounter
from anjian.domain.numbering import format_number
from anjian.regions.models import Agency


def number_allocate(*, agency: Agency, kind: DocumentKind, year: int) -> tuple[int, str]:
    """The next (sequence, number) for this agency, kind and year."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_allocate must run inside the issuing transaction")
    key = {"agency": agency, "kind": kind, "year": year}
    counter = NumberCounter.objects.select_for_update().filter(**key).first()
    if counter is None:
        # First number of the year: create the row without failing if a concurrent issuer just did.
        NumberCounter.objects.bulk_create([NumberCounter(**key, last_seq=0)], ignore_conflicts=True)
        counter = NumberCounter.objects.select_for_update().get(**key)
    seq = counter.last_seq + 1
    NumberCounter.objects.filter(pk=counter.pk).update(last_seq=seq)
    return seq, format_number(agency.short_name, kind.code, year, seq)
