"""Which offices a filing goes through (DESIGN rule 9), read from the routes.

A route applies to one kind of filing (pre-review or post-review); it
matches a filing of that kind when each criterion it sets matches: the kind and
prefecture of the organizing unit, the filing level, and the title series of
at least one selected application. Of the matching routes, the one with the
most criteria set wins, so "senior teachers of prefecture units" beats
"senior filings of prefecture units"; between equals, the older route wins.
"""

from filing.models import Filing

from .models import FilingStop, ReviewOffice, Route, RouteStop, Task


def route_for(filing):
    """The route the filing follows, or None when no route matches it."""
    unit = filing.organizing_unit
    series = set(
        filing.selected_applications()
        .values_list("qualification__series", flat=True)
        .distinct()
    )
    best, best_score = None, -1
    routes = (
        Route.objects.filter(filing_kind=filing.kind)
        .prefetch_related("title_series")
        .order_by("pk")
    )
    for route in routes:
        route_series = {s.pk for s in route.title_series.all()}
        criteria = [
            (route.unit_kind, route.unit_kind == unit.kind),
            (route.prefecture, route.prefecture == unit.prefecture),
            (route.filing_level, route.filing_level == filing.filing_level),
            (route_series, bool(route_series & series)),
        ]
        if all(matches for value, matches in criteria if value):
            score = sum(1 for value, _matches in criteria if value)
            if score > best_score:
                best, best_score = route, score
    return best


def stops_for(filing, route):
    """(office, task) for each stop of the route, as they apply to this filing.

    A stop without an office means the title office of the unit's prefecture;
    None stands in for it when that prefecture has no office yet.
    """
    stops = list(route.stops.select_related("office").order_by("sort_order", "pk"))
    own = None
    if any(stop.office is None for stop in stops):
        own = prefecture_office(filing.organizing_unit)
    return [(stop.office or own, stop.task) for stop in stops]


def prefecture_office(unit):
    if not unit.prefecture:
        return None
    return ReviewOffice.objects.filter(
        kind=ReviewOffice.Kind.PREFECTURE, prefecture=unit.prefecture
    ).first()


def plan_stops(filing):
    """Create the filing's stops from its route; the first stop, or None.

    None means no route matches, or a stop's office does not exist yet (a
    prefecture without a title office): either way nobody could receive it.
    """
    route = route_for(filing)
    if route is None:
        return None
    stops = stops_for(filing, route)
    if not stops or any(office is None for office, _task in stops):
        return None
    filing.stops.all().delete()
    created = FilingStop.objects.bulk_create(
        FilingStop(filing=filing, position=position, office=office, task=task)
        for position, (office, task) in enumerate(stops)
    )
    return created[0]


def next_stop(stop):
    return (
        stop.filing.stops.filter(position__gt=stop.position)
        .order_by("position")
        .first()
    )


def arrival_status(stop, *, forwarded):
    """The status a filing has on reaching `stop` (DESIGN rule 10)."""
    if stop.task == Task.CONSENT:
        return Filing.Status.AWAITING_CONSENT
    if forwarded:
        return Filing.Status.FORWARDED
    return Filing.Status.SUBMITTED


def create_route(name, stops, *, title_series=(), **criteria):
    """A route with its stops given as (office or None, task) pairs, in order."""
    route = Route(name=name, **criteria)
    # A parental many-to-many is written when its route is saved.
    route.title_series.set(title_series)
    route.save()
    RouteStop.objects.bulk_create(
        RouteStop(route=route, office=office, task=task, sort_order=position)
        for position, (office, task) in enumerate(stops)
    )
    return route
