"""WSGI entry point: `gunicorn --pythonpath site config.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the URL map, templates) lives as
# long as the process. Freezing it keeps the garbage collector from walking
# it again at every collection, which took a fifth off the median and p99 of
# the busiest admin page in bench/bench_candidates.py, and keeps those pages
# shared between forked workers.
gc.collect()
gc.freeze()
