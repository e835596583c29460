"""Which office receives a filing (DESIGN rule 9)."""

from .models import ReviewOffice


def receiving_office(filing):
    """The first office on the filing's route, or None when none is set up.

    A unit inside a prefecture files with that prefecture's title office;
    a unit at regional level files with the regional HR department.

    Not yet: routes are derived from the unit alone. The filing level and the
    title series do not change the chain, and administrators cannot edit it;
    both arrive with the review chain across offices.
    """
    unit = filing.organizing_unit
    if unit.prefecture:
        offices = ReviewOffice.objects.filter(
            kind=ReviewOffice.Kind.PREFECTURE, prefecture=unit.prefecture
        )
    else:
        offices = ReviewOffice.objects.filter(kind=ReviewOffice.Kind.REGIONAL_HR)
    return offices.order_by("pk").first()
