"""What the benchmarks share about their scratch databases."""

from approvals.models import Certificate
from filing.models import Filing


def clear_filings():
    """Remove the demo's filings, so a benchmark can make its own.

    Certificates and the post-review filings that follow a meeting protect
    what they point at, so they go first.
    """
    Certificate.objects.all().delete()
    Filing.objects.filter(pre_review__isnull=False).delete()
    Filing.objects.all().delete()
