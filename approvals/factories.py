"""Test data for the approvals app; used by the test suite only."""

import factory

from .models import ReviewOffice
from .routing import create_route as make_route  # noqa: F401 (for tests)


class ReviewOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewOffice
        django_get_or_create = ["name"]

    kind = ReviewOffice.Kind.PREFECTURE
    prefecture = "654000"
    code = factory.LazyAttribute(lambda office: office.prefecture or "RST")
    name = "伊犁哈萨克自治州职称改革工作领导小组办公室"
    name_ug = (
        "ئىلى قازاق ئاپتونوم ئوبلاستلىق كەسپىي ئۇنۋان ئىسلاھاتى "
        "رەھبەرلىك گۇرۇپپىسى ئىشخانىسى"
    )
    contact_person = "阿孜古丽"
    phone = "0999-8021234"
