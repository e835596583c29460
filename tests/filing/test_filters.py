"""The filters of step 2."""

import pytest

from filing.filters import CandidateFilterSet, QuickSelect

pytestmark = pytest.mark.django_db


def test_the_quick_select_marks_the_chosen_option_and_escapes_labels():
    widget = QuickSelect(choices=[("", "全部"), ("7", "<b>工程师</b>"), ("8", "助理")])

    html = widget.render("qualification", "7", attrs={"id": "id_q"})

    assert '<select name="qualification" id="id_q">' in html
    assert '<option value="7" selected>&lt;b&gt;工程师&lt;/b&gt;</option>' in html
    assert '<option value="8">' in html


def test_the_qualification_picker_offers_only_qualifications_of_the_pool(filing, pool):
    from filing.factories import QualificationFactory
    from filing.models import TitleLevel

    unused = QualificationFactory(level=TitleLevel.INTERMEDIATE, name="经济师")

    filters = CandidateFilterSet({}, filing=filing)

    offered = list(filters.filters["qualification"].queryset)
    assert offered == [pool[0].qualification]
    assert unused not in offered
