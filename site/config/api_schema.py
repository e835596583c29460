"""What the OpenAPI schema describes: our /api/v1/ endpoints, nothing else."""

API_PREFIX = "/api/v1/"


def only_our_endpoints(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: drop Wagtail's page API (v2) and the rest."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
