"""The WSGI entry point a deployment runs."""

import gc
import importlib


def test_the_wsgi_module_serves_django_and_freezes_what_it_loaded():
    module = importlib.import_module("config.wsgi")

    try:
        assert callable(module.application)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
