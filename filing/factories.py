"""Test data for the filing app; used by the test suite only."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric

from .models import (
    ApiToken,
    Application,
    DataSource,
    Filing,
    FilingLevel,
    MeetingCandidate,
    OrganizingUnit,
    Qualification,
    ReviewMeeting,
    TitleLevel,
    TitleSeries,
)
from .tokens import hash_key, new_key


def id_number_for(sequence, born_on=datetime.date(1985, 6, 15), address="650102"):
    """A valid ID number, unique per sequence number."""
    body = f"{address}{born_on:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("password")
    is_active = True


class TitleSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TitleSeries
        django_get_or_create = ["code"]

    code = "engineering"
    name = "工程技术"
    name_ug = "قۇرۇلۇش تېخنىكىسى"


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification
        django_get_or_create = ["series", "name"]

    series = factory.SubFactory(TitleSeriesFactory)
    level = TitleLevel.INTERMEDIATE
    name = factory.LazyAttribute(
        lambda q: {
            TitleLevel.JUNIOR: "助理工程师",
            TitleLevel.INTERMEDIATE: "工程师",
            TitleLevel.ASSOCIATE_SENIOR: "高级工程师",
            TitleLevel.FULL_SENIOR: "正高级工程师",
        }[q.level]
    )


class OrganizingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizingUnit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"伊犁哈萨克自治州职称评审委员会组建单位{n}")
    kind = OrganizingUnit.Kind.PREFECTURE
    prefecture = "654000"

    @factory.post_generation
    def administrators(self, create, extracted, **kwargs):
        if create and extracted:
            self.administrators.add(*extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    number = factory.Sequence(lambda n: f"RSSQ{2024}{n:06d}")
    organizing_unit = factory.SubFactory(OrganizingUnitFactory)
    review_year = 2024
    data_source = DataSource.DECLARED
    applicant_name = factory.Sequence(lambda n: f"阿依古丽{n}")
    id_number = factory.Sequence(id_number_for)
    employer = "伊宁市第三中学"
    recommending_unit = "伊宁市教育局"
    qualification = factory.SubFactory(QualificationFactory)
    specialty = "土木工程"
    passed_review = True
    reviewed_at = factory.LazyFunction(timezone.now)


class FilingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Filing

    organizing_unit = factory.SubFactory(OrganizingUnitFactory)
    notice_title = "关于阿依古丽等2位同志取得中级专业技术职务任职资格的通知"
    review_year = 2024
    declared_headcount = 2
    data_source = DataSource.DECLARED
    filing_level = FilingLevel.INTERMEDIATE_JUNIOR
    created_by = factory.SubFactory(UserFactory)


def api_token(**fields):
    """A token and its key, e.g. `api_token(organizing_unit=unit)`."""
    key, prefix = new_key()
    token = ApiToken.objects.create(prefix=prefix, key_hash=hash_key(key), **fields)
    return token, key


class PreReviewFilingFactory(FilingFactory):
    """A pre-review filing left approved: the meeting a post-review one follows."""

    kind = Filing.Kind.PRE_REVIEW
    notice_title = "伊犁州工程技术系列中级职称评审委员会"
    status = Filing.Status.APPROVED


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewMeeting

    filing = factory.SubFactory(PreReviewFilingFactory)
    committee_name = "伊犁州工程技术系列中级职称评审委员会"
    series = factory.SubFactory(TitleSeriesFactory)
    specialties = "土木工程、建筑工程"
    meeting_date = datetime.date(2024, 11, 20)
    place = "伊宁市人力资源和社会保障局三楼会议室"
    committee_size = 25
    experts_present = 21


def approved_meeting(applications, **filing_fields):
    """An approved pre-review filing whose candidates are `applications`.

    The filing's unit, year and data source are those of the first
    application unless given.
    """
    first = applications[0]
    filing_fields = {
        "organizing_unit": first.organizing_unit,
        "review_year": first.review_year,
        "data_source": first.data_source,
        "declared_headcount": len(applications),
        **filing_fields,
    }
    meeting = ReviewMeetingFactory(
        filing__created_by=UserFactory(),
        **{f"filing__{name}": value for name, value in filing_fields.items()},
    )
    MeetingCandidate.objects.bulk_create(
        MeetingCandidate(filing=meeting.filing, application=application)
        for application in applications
    )
    return meeting.filing
