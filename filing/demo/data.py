"""What the demo data is made of: places, offices, units, titles and accounts.

Weights are relative shares, not percentages. Uyghur names are given where
they can be written with confidence; an empty `name_ug` falls back to Chinese.
"""

from dataclasses import dataclass, field

from approvals.models import ReviewOffice, Task
from filing.models import FilingLevel, OrganizingUnit, TitleLevel
from filing.roles import CONTENT_EDITORS, FILING_ADMINISTRATORS, REVIEWERS

JUNIOR = TitleLevel.JUNIOR
INTERMEDIATE = TitleLevel.INTERMEDIATE
ASSOCIATE_SENIOR = TitleLevel.ASSOCIATE_SENIOR
FULL_SENIOR = TitleLevel.FULL_SENIOR
LEVELS = (JUNIOR, INTERMEDIATE, ASSOCIATE_SENIOR, FULL_SENIOR)

HAN = "han"
HUI = "hui"
UYGHUR = "uyghur"
KAZAKH = "kazakh"
KYRGYZ = "kyrgyz"
MONGOLIAN = "mongolian"


# Places


@dataclass(frozen=True)
class County:
    name: str
    # The shorter form schools and hospitals carry, e.g. 察布查尔县.
    short: str = ""

    @property
    def institution_name(self):
        return self.short or self.name


@dataclass(frozen=True)
class Prefecture:
    code: str
    # Where the prefecture's offices sit, as an address begins.
    seat: str
    area_code: str
    # "of the prefecture" in Uyghur, the form that precedes an office's name.
    name_ug_attributive: str
    main_hospital: str
    counties: tuple
    # Ethnic mix of the professionals who work there.
    people: dict
    # Share of the applicants of region-wide committees.
    weight: int


def _counties(*names):
    return tuple(
        County(*name) if isinstance(name, tuple) else County(name) for name in names
    )


PREFECTURES = {
    prefecture.code: prefecture
    for prefecture in (
        Prefecture(
            "650100", "乌鲁木齐市天山区", "0991", "ئۈرۈمچى شەھەرلىك",
            "乌鲁木齐市第一人民医院",
            _counties("天山区", "沙依巴克区", "新市区", "水磨沟区", "头屯河区",
                      "达坂城区", "米东区", "乌鲁木齐县"),
            {HAN: 70, UYGHUR: 15, HUI: 9, KAZAKH: 5, MONGOLIAN: 1}, 22,
        ),
        Prefecture(
            "650200", "克拉玛依市克拉玛依区", "0990", "قاراماي شەھەرلىك",
            "克拉玛依市中心医院",
            _counties("克拉玛依区", "独山子区", "白碱滩区", "乌尔禾区"),
            {HAN: 78, UYGHUR: 13, KAZAKH: 5, HUI: 3, MONGOLIAN: 1}, 4,
        ),
        Prefecture(
            "650400", "吐鲁番市高昌区", "0995", "تۇرپان شەھەرلىك",
            "吐鲁番市人民医院",
            _counties("高昌区", "鄯善县", "托克逊县"),
            {UYGHUR: 68, HAN: 26, HUI: 6}, 4,
        ),
        Prefecture(
            "650500", "哈密市伊州区", "0902", "قۇمۇل شەھەرلىك",
            "哈密市中心医院",
            _counties("伊州区", ("巴里坤哈萨克自治县", "巴里坤县"), "伊吾县"),
            {HAN: 66, UYGHUR: 21, KAZAKH: 9, HUI: 4}, 4,
        ),
        Prefecture(
            "652300", "昌吉市", "0994", "سانجى خۇيزۇ ئاپتونوم ئوبلاستلىق",
            "昌吉回族自治州人民医院",
            _counties("昌吉市", "阜康市", "呼图壁县", "玛纳斯县", "奇台县",
                      "吉木萨尔县", ("木垒哈萨克自治县", "木垒县")),
            {HAN: 72, HUI: 14, KAZAKH: 9, UYGHUR: 4, MONGOLIAN: 1}, 9,
        ),
        Prefecture(
            "652700", "博乐市", "0909", "بۆرتالا موڭغۇل ئاپتونوم ئوبلاستلىق",
            "博尔塔拉蒙古自治州人民医院",
            _counties("博乐市", "阿拉山口市", "精河县", "温泉县"),
            {HAN: 64, UYGHUR: 13, KAZAKH: 10, MONGOLIAN: 9, HUI: 4}, 3,
        ),
        Prefecture(
            "652800", "库尔勒市", "0996", "بايىنغولىن موڭغۇل ئاپتونوم ئوبلاستلىق",
            "巴音郭楞蒙古自治州人民医院",
            _counties("库尔勒市", "轮台县", "尉犁县", "若羌县", "且末县",
                      ("焉耆回族自治县", "焉耆县"), "和静县", "和硕县", "博湖县"),
            {HAN: 56, UYGHUR: 33, MONGOLIAN: 5, HUI: 5, KAZAKH: 1}, 7,
        ),
        Prefecture(
            "652900", "阿克苏市", "0997", "ئاقسۇ ۋىلايەتلىك",
            "阿克苏地区第一人民医院",
            _counties("阿克苏市", "库车市", "温宿县", "沙雅县", "新和县", "拜城县",
                      "乌什县", "阿瓦提县", "柯坪县"),
            {UYGHUR: 70, HAN: 28, HUI: 2}, 10,
        ),
        Prefecture(
            "653000", "阿图什市", "0908", "قىزىلسۇ قىرغىز ئاپتونوم ئوبلاستلىق",
            "克孜勒苏柯尔克孜自治州人民医院",
            _counties("阿图什市", "阿克陶县", "阿合奇县", "乌恰县"),
            {UYGHUR: 62, KYRGYZ: 29, HAN: 9}, 3,
        ),
        Prefecture(
            "653100", "喀什市", "0998", "قەشقەر ۋىلايەتلىك",
            "喀什地区第一人民医院",
            _counties("喀什市", "疏附县", "疏勒县", "英吉沙县", "泽普县", "莎车县",
                      "叶城县", "麦盖提县", "岳普湖县", "伽师县", "巴楚县",
                      ("塔什库尔干塔吉克自治县", "塔什库尔干县")),
            {UYGHUR: 91, HAN: 8, HUI: 1}, 14,
        ),
        Prefecture(
            "653200", "和田市", "0903", "خوتەن ۋىلايەتلىك",
            "和田地区人民医院",
            _counties("和田市", "和田县", "墨玉县", "皮山县", "洛浦县", "策勒县",
                      "于田县", "民丰县"),
            {UYGHUR: 96, HAN: 4}, 9,
        ),
        Prefecture(
            "654000", "伊宁市", "0999", "ئىلى قازاق ئاپتونوم ئوبلاستلىق",
            "伊犁哈萨克自治州中医医院",
            _counties("伊宁市", "奎屯市", "霍尔果斯市", "伊宁县",
                      ("察布查尔锡伯自治县", "察布查尔县"), "霍城县", "巩留县",
                      "新源县", "昭苏县", "特克斯县", "尼勒克县"),
            {HAN: 44, KAZAKH: 27, UYGHUR: 19, HUI: 9, MONGOLIAN: 1}, 13,
        ),
        Prefecture(
            "654200", "塔城市", "0901", "تارباغاتاي ۋىلايەتلىك",
            "塔城地区人民医院",
            _counties("塔城市", "乌苏市", "沙湾市", "额敏县", "托里县", "裕民县",
                      ("和布克赛尔蒙古自治县", "和布克赛尔县")),
            {HAN: 55, KAZAKH: 28, HUI: 8, UYGHUR: 5, MONGOLIAN: 4}, 6,
        ),
        Prefecture(
            "654300", "阿勒泰市", "0906", "ئالتاي ۋىلايەتلىك",
            "阿勒泰地区人民医院",
            _counties("阿勒泰市", "布尔津县", "富蕴县", "福海县", "哈巴河县",
                      "青河县", "吉木乃县"),
            {KAZAKH: 52, HAN: 42, HUI: 3, UYGHUR: 2, MONGOLIAN: 1}, 4,
        ),
    )
}  # fmt: skip

# Provinces outside Xinjiang where many Han and Hui professionals were born:
# Gansu, Henan, Sichuan, Shaanxi.
INLAND_BIRTH_PROVINCES = {"62": 40, "41": 30, "51": 20, "61": 10}

# Street names common to most towns, for office addresses.
STREETS = (
    "人民路", "解放路", "新华路", "团结路", "友好路", "光明路", "建设路",
    "文化路", "胜利路", "和平路", "迎宾路", "天山路", "幸福路",
)  # fmt: skip


# Review offices

PREFECTURE_OFFICE_NAME = "{prefecture}职称改革工作领导小组办公室"
PREFECTURE_OFFICE_NAME_UG = (
    "{attributive} كەسپىي ئۇنۋان ئىسلاھات خىزمىتى رەھبەرلىك گۇرۇپپىسى ئىشخانىسى"
)


@dataclass(frozen=True)
class RegionalOffice:
    kind: str
    code: str
    name: str
    name_ug: str
    district: str


REGIONAL_OFFICES = (
    RegionalOffice(
        ReviewOffice.Kind.REGIONAL_HR,
        "RST",
        "自治区人力资源和社会保障厅",
        "ئاپتونوم رايونلۇق ئادەم كۈچى بايلىقى ۋە ئىجتىمائىي كاپالەت نازارىتى",
        "乌鲁木齐市天山区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.REGIONAL_EDUCATION,
        "JYT",
        "自治区教育厅",
        "ئاپتونوم رايونلۇق مائارىپ نازارىتى",
        "乌鲁木齐市天山区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.DEPARTMENT,
        "WJW",
        "自治区卫生健康委员会",
        "ئاپتونوم رايونلۇق سەھىيە ساغلاملىق كومىتېتى",
        "乌鲁木齐市天山区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.DEPARTMENT,
        "ZJT",
        "自治区住房和城乡建设厅",
        "ئاپتونوم رايونلۇق تۇرالغۇ ۋە شەھەر-يېزا قۇرۇلۇشى نازارىتى",
        "乌鲁木齐市沙依巴克区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.DEPARTMENT,
        "NYNCT",
        "自治区农业农村厅",
        "ئاپتونوم رايونلۇق يېزا ئىگىلىك-يېزا ئىشلىرى نازارىتى",
        "乌鲁木齐市沙依巴克区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.DEPARTMENT,
        "CZT",
        "自治区财政厅",
        "ئاپتونوم رايونلۇق مالىيە نازارىتى",
        "乌鲁木齐市天山区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.DEPARTMENT,
        "SLT",
        "自治区水利厅",
        "ئاپتونوم رايونلۇق سۇ ئىشلىرى نازارىتى",
        "乌鲁木齐市新市区",
    ),
    RegionalOffice(
        ReviewOffice.Kind.DEPARTMENT,
        "JTYST",
        "自治区交通运输厅",
        "ئاپتونوم رايونلۇق قاتناش-ترانسپورت نازارىتى",
        "乌鲁木齐市水磨沟区",
    ),
)


# Routes: the typical chains of DESIGN rule 9, by office code. None stands
# for the title office of the unit's own prefecture.


@dataclass(frozen=True)
class RouteSpec:
    name: str
    unit_kind: str
    filing_level: str
    series: tuple
    stops: tuple
    filing_kind: str = "post_review"


PREFECTURE_UNIT = OrganizingUnit.Kind.PREFECTURE
TEACHER_SERIES = ("school_teachers", "vocational_teachers", "university_teachers")
# The competent department that checks a prefecture's senior filings of a series.
COMPETENT_DEPARTMENTS = {
    "health": ("卫生", "WJW"),
    "engineering": ("工程", "ZJT"),
    "agriculture": ("农业", "NYNCT"),
    "accounting": ("会计", "CZT"),
}

ROUTES = (
    RouteSpec(
        "地州单位中初级", PREFECTURE_UNIT, FilingLevel.INTERMEDIATE_JUNIOR, (),
        ((None, Task.APPROVE),),
    ),
    RouteSpec(
        "地州单位高级", PREFECTURE_UNIT, FilingLevel.SENIOR, (),
        ((None, Task.REVIEW), ("RST", Task.APPROVE)),
    ),
    *(
        RouteSpec(
            f"地州单位高级（{label}）", PREFECTURE_UNIT, FilingLevel.SENIOR, (series,),
            ((None, Task.REVIEW), (department, Task.REVIEW), ("RST", Task.APPROVE)),
        )
        for series, (label, department) in COMPETENT_DEPARTMENTS.items()
    ),
    RouteSpec(
        "地州单位高级（教师）", PREFECTURE_UNIT, FilingLevel.SENIOR, TEACHER_SERIES,
        ((None, Task.REVIEW), ("JYT", Task.CONSENT), ("RST", Task.APPROVE)),
    ),
    RouteSpec(
        "自治区行业主管部门", OrganizingUnit.Kind.DEPARTMENT, "", (),
        (("RST", Task.APPROVE),),
    ),
    RouteSpec(
        "自治区行业主管部门高级（教师）", OrganizingUnit.Kind.DEPARTMENT,
        FilingLevel.SENIOR, TEACHER_SERIES,
        (("JYT", Task.CONSENT), ("RST", Task.APPROVE)),
    ),
    RouteSpec(
        "自主评审单位", OrganizingUnit.Kind.SELF_ACCREDITING, "", (),
        (("RST", Task.APPROVE),),
    ),
    RouteSpec(
        "自主评审单位高级（教师）", OrganizingUnit.Kind.SELF_ACCREDITING,
        FilingLevel.SENIOR, TEACHER_SERIES,
        (("JYT", Task.CONSENT), ("RST", Task.APPROVE)),
    ),
    # Meetings are registered beforehand along shorter chains: the office
    # that approves the results approves the meeting, no consent is asked.
    RouteSpec(
        "地州单位中初级会前备案", PREFECTURE_UNIT, FilingLevel.INTERMEDIATE_JUNIOR, (),
        ((None, Task.APPROVE),), "pre_review",
    ),
    RouteSpec(
        "地州单位高级会前备案", PREFECTURE_UNIT, FilingLevel.SENIOR, (),
        ((None, Task.REVIEW), ("RST", Task.APPROVE)), "pre_review",
    ),
    RouteSpec(
        "自治区行业主管部门会前备案", OrganizingUnit.Kind.DEPARTMENT, "", (),
        (("RST", Task.APPROVE),), "pre_review",
    ),
    RouteSpec(
        "自主评审单位会前备案", OrganizingUnit.Kind.SELF_ACCREDITING, "", (),
        (("RST", Task.APPROVE),), "pre_review",
    ),
)  # fmt: skip


# Title series, their qualifications and what applicants specialise in


@dataclass(frozen=True)
class QualificationSpec:
    level: str
    name: str
    name_ug: str = ""
    # Share among the qualifications of the same level in a track.
    weight: int = 1


@dataclass(frozen=True)
class Track:
    """A ladder of qualifications within a series, e.g. nurses in health."""

    code: str
    qualifications: tuple
    specialties: dict


@dataclass(frozen=True)
class SeriesSpec:
    code: str
    name: str
    name_ug: str
    is_teacher_series: bool
    tracks: tuple


def _school_ladder(stage, stage_ug):
    teacher_ug = f"{stage_ug} ئوقۇتقۇچىسى"
    return (
        QualificationSpec(JUNIOR, f"{stage}三级教师",
                          f"ئۈچىنچى دەرىجىلىك {teacher_ug}", 15),
        QualificationSpec(JUNIOR, f"{stage}二级教师",
                          f"ئىككىنچى دەرىجىلىك {teacher_ug}", 85),
        QualificationSpec(INTERMEDIATE, f"{stage}一级教师",
                          f"بىرىنچى دەرىجىلىك {teacher_ug}"),
        QualificationSpec(ASSOCIATE_SENIOR, f"{stage}高级教师",
                          f"ئالىي دەرىجىلىك {teacher_ug}"),
        QualificationSpec(FULL_SENIOR, f"{stage}正高级教师"),
    )  # fmt: skip


SECONDARY_SUBJECTS = {
    "语文": 18, "数学": 17, "英语": 12, "物理": 7, "化学": 6, "生物": 5,
    "历史": 5, "地理": 5, "思想政治": 6, "音乐": 3, "体育": 6, "美术": 3,
    "信息技术": 4, "心理健康教育": 2, "通用技术": 1,
}  # fmt: skip
PRIMARY_SUBJECTS = {
    "语文": 30, "数学": 25, "英语": 8, "道德与法治": 6, "科学": 5, "音乐": 5,
    "体育": 7, "美术": 5, "信息技术": 4, "心理健康教育": 2,
}  # fmt: skip
VOCATIONAL_SUBJECTS = {
    "计算机应用": 8, "电子技术应用": 4, "汽车运用与维修": 5, "护理": 6,
    "学前教育": 6, "农业机械使用与维护": 3, "畜禽生产技术": 3, "会计事务": 4,
    "旅游服务与管理": 3, "中餐烹饪": 4, "服装设计与工艺": 3, "语文": 5,
    "数学": 5, "英语": 3, "思想政治": 3, "体育": 2,
}  # fmt: skip
VOCATIONAL_WORKSHOPS = {
    "计算机应用": 3, "电子技术应用": 2, "汽车运用与维修": 3, "中餐烹饪": 2,
    "服装设计与工艺": 2, "电气设备运行与控制": 2, "农业机械使用与维护": 2,
    "焊接技术应用": 2,
}  # fmt: skip

SERIES = (
    SeriesSpec(
        "school_teachers", "中小学教师", "ئوتتۇرا-باشلانغۇچ مەكتەپ ئوقۇتقۇچىلىرى",
        True,
        (
            Track("kindergarten", _school_ladder("幼儿园", "يەسلى"), {"幼儿教育": 1}),
            Track("primary", _school_ladder("小学", "باشلانغۇچ مەكتەپ"),
                  PRIMARY_SUBJECTS),
            Track("secondary", _school_ladder("中学", "ئوتتۇرا مەكتەپ"),
                  SECONDARY_SUBJECTS),
        ),
    ),
    SeriesSpec(
        "vocational_teachers", "中等职业学校教师",
        "ئوتتۇرا كەسپىي مەكتەپ ئوقۇتقۇچىلىرى", True,
        (
            Track(
                "vocational_lecturers",
                (
                    QualificationSpec(JUNIOR, "助理讲师", "ياردەمچى لېكتور"),
                    QualificationSpec(INTERMEDIATE, "讲师", "لېكتور"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级讲师", "ئالىي لېكتور"),
                    QualificationSpec(FULL_SENIOR, "正高级讲师"),
                ),
                VOCATIONAL_SUBJECTS,
            ),
            Track(
                "practice_instructors",
                (
                    QualificationSpec(JUNIOR, "三级实习指导教师", weight=20),
                    QualificationSpec(JUNIOR, "二级实习指导教师", weight=80),
                    QualificationSpec(INTERMEDIATE, "一级实习指导教师"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级实习指导教师"),
                    QualificationSpec(FULL_SENIOR, "正高级实习指导教师"),
                ),
                VOCATIONAL_WORKSHOPS,
            ),
        ),
    ),
    SeriesSpec(
        "university_teachers", "高等学校教师", "ئالىي مەكتەپ ئوقۇتقۇچىلىرى", True,
        (
            Track(
                "university_teachers",
                (
                    QualificationSpec(JUNIOR, "助教", "ياردەمچى ئوقۇتقۇچى"),
                    QualificationSpec(INTERMEDIATE, "讲师", "لېكتور"),
                    QualificationSpec(ASSOCIATE_SENIOR, "副教授", "دوتسېنت"),
                    QualificationSpec(FULL_SENIOR, "教授", "پروفېسسور"),
                ),
                # Self-accrediting universities name specialties per school.
                {},
            ),
        ),
    ),
    SeriesSpec(
        "health", "卫生技术", "سەھىيە تېخنىكىسى", False,
        (
            Track(
                "physicians",
                (
                    QualificationSpec(JUNIOR, "医士", weight=15),
                    QualificationSpec(JUNIOR, "医师", "دوختۇر", 85),
                    QualificationSpec(INTERMEDIATE, "主治医师", "مەسئۇل دوختۇر"),
                    QualificationSpec(ASSOCIATE_SENIOR, "副主任医师",
                                      "مۇئاۋىن باش دوختۇر"),
                    QualificationSpec(FULL_SENIOR, "主任医师", "باش دوختۇر"),
                ),
                {
                    "内科学": 14, "外科学": 10, "全科医学": 12, "妇产科学": 8,
                    "儿科学": 7, "急诊医学": 4, "麻醉学": 4, "眼科学": 2,
                    "耳鼻咽喉科学": 2, "口腔医学": 3, "皮肤与性病学": 1,
                    "神经内科学": 3, "心血管内科学": 4, "呼吸内科学": 3,
                    "消化内科学": 3, "骨外科学": 3, "普通外科学": 4, "放射医学": 3,
                    "超声医学": 2, "中医内科学": 3, "维吾尔医学": 3,
                    "预防医学": 2,
                },
            ),
            Track(
                "nurses",
                (
                    QualificationSpec(JUNIOR, "护士", "سېستىرا", 30),
                    QualificationSpec(JUNIOR, "护师", weight=70),
                    QualificationSpec(INTERMEDIATE, "主管护师", "مەسئۇل سېستىرا"),
                    QualificationSpec(ASSOCIATE_SENIOR, "副主任护师",
                                      "مۇئاۋىن باش سېستىرا"),
                    QualificationSpec(FULL_SENIOR, "主任护师", "باش سېستىرا"),
                ),
                {"护理学": 10, "内科护理": 4, "外科护理": 4, "妇产科护理": 2,
                 "儿科护理": 2, "社区护理": 1},
            ),
            Track(
                "pharmacists",
                (
                    QualificationSpec(JUNIOR, "药士", weight=20),
                    QualificationSpec(JUNIOR, "药师", "دورىگەر", 80),
                    QualificationSpec(INTERMEDIATE, "主管药师", "مەسئۇل دورىگەر"),
                    QualificationSpec(ASSOCIATE_SENIOR, "副主任药师",
                                      "مۇئاۋىن باش دورىگەر"),
                    QualificationSpec(FULL_SENIOR, "主任药师", "باش دورىگەر"),
                ),
                {"药学": 6, "中药学": 2, "维吾尔药学": 1, "医院药学": 2},
            ),
            Track(
                "technicians",
                (
                    QualificationSpec(JUNIOR, "技士", weight=20),
                    QualificationSpec(JUNIOR, "技师", "تېخنىك", 80),
                    QualificationSpec(INTERMEDIATE, "主管技师", "مەسئۇل تېخنىك"),
                    QualificationSpec(ASSOCIATE_SENIOR, "副主任技师",
                                      "مۇئاۋىن باش تېخنىك"),
                    QualificationSpec(FULL_SENIOR, "主任技师", "باش تېخنىك"),
                ),
                {"临床医学检验技术": 5, "放射医学技术": 4, "康复医学治疗技术": 2,
                 "病理学技术": 1, "超声医学技术": 1, "心电学技术": 1},
            ),
        ),
    ),
    SeriesSpec(
        "engineering", "工程技术", "ئىنژېنېرلىق تېخنىكىسى", False,
        (
            Track(
                "engineers",
                (
                    QualificationSpec(JUNIOR, "技术员", "تېخنىك", 20),
                    QualificationSpec(JUNIOR, "助理工程师", "ياردەمچى ئىنژېنېر", 80),
                    QualificationSpec(INTERMEDIATE, "工程师", "ئىنژېنېر"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级工程师", "ئالىي ئىنژېنېر"),
                    QualificationSpec(FULL_SENIOR, "正高级工程师"),
                ),
                # Each kind of employer brings its own specialties.
                {},
            ),
        ),
    ),
    SeriesSpec(
        "agriculture", "农业技术", "يېزا ئىگىلىك تېخنىكىسى", False,
        (
            Track(
                "agronomists",
                (
                    QualificationSpec(JUNIOR, "农业技术员", "يېزا ئىگىلىك تېخنىكى", 20),
                    QualificationSpec(JUNIOR, "助理农艺师", "ياردەمچى ئاگرونوم", 80),
                    QualificationSpec(INTERMEDIATE, "农艺师", "ئاگرونوم"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级农艺师", "ئالىي ئاگرونوم"),
                    QualificationSpec(FULL_SENIOR, "正高级农艺师"),
                ),
                {"作物栽培": 8, "棉花栽培": 5, "植物保护": 5, "土壤肥料": 4,
                 "农业技术推广": 6, "园艺": 4, "种子": 2, "农业机械化": 2},
            ),
            Track(
                "animal_husbandry",
                (
                    QualificationSpec(JUNIOR, "助理畜牧师",
                                      "ياردەمچى چارۋىچىلىق تېخنىكى"),
                    QualificationSpec(INTERMEDIATE, "畜牧师", "چارۋىچىلىق تېخنىكى"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级畜牧师"),
                    QualificationSpec(FULL_SENIOR, "正高级畜牧师"),
                ),
                {"畜牧": 6, "草原": 3, "动物营养与饲料": 2, "畜禽繁育": 2},
            ),
            Track(
                "veterinarians",
                (
                    QualificationSpec(JUNIOR, "助理兽医师", "ياردەمچى ۋېتېرىنار"),
                    QualificationSpec(INTERMEDIATE, "兽医师", "ۋېتېرىنار"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级兽医师",
                                      "ئالىي ۋېتېرىنار"),
                    QualificationSpec(FULL_SENIOR, "正高级兽医师"),
                ),
                {"兽医": 6, "动物疫病防控": 4, "动物检疫": 2},
            ),
        ),
    ),
    SeriesSpec(
        "accounting", "会计", "بوغالتىرلىق", False,
        (
            Track(
                "accountants",
                (
                    QualificationSpec(JUNIOR, "助理会计师", "ياردەمچى بوغالتىر"),
                    QualificationSpec(INTERMEDIATE, "会计师", "بوغالتىر"),
                    QualificationSpec(ASSOCIATE_SENIOR, "高级会计师", "ئالىي بوغالتىر"),
                    QualificationSpec(FULL_SENIOR, "正高级会计师"),
                ),
                {"会计": 8, "财务管理": 3, "审计": 2},
            ),
        ),
    ),
)  # fmt: skip


# Share of women among applicants, per track.
FEMALE_SHARES = {
    "kindergarten": 0.95, "primary": 0.75, "secondary": 0.6,
    "vocational_lecturers": 0.55, "practice_instructors": 0.3,
    "university_teachers": 0.45, "physicians": 0.5, "nurses": 0.96,
    "pharmacists": 0.65, "technicians": 0.55, "engineers": 0.25,
    "agronomists": 0.35, "animal_husbandry": 0.25, "veterinarians": 0.25,
    "accountants": 0.7,
}  # fmt: skip

# Ages at review, per level: youngest, oldest, most common.
AGES = {
    JUNIOR: (23, 36, 26),
    INTERMEDIATE: (27, 50, 34),
    ASSOCIATE_SENIOR: (33, 57, 43),
    FULL_SENIOR: (40, 60, 51),
}


# Employers. `{place}` is the county or city, `{n}` a Chinese ordinal; the
# recommending unit is the place's bureau named by `bureau`.


@dataclass(frozen=True)
class Employer:
    template: str
    bureau: str
    weight: int = 1
    # Replaces the track's specialties for this kind of employer.
    specialties: dict = field(default_factory=dict)


EMPLOYERS = {
    "kindergarten": (
        Employer("{place}第{n}幼儿园", "教育局", 5),
        Employer("{place}实验幼儿园", "教育局", 2),
        Employer("{place}中心幼儿园", "教育局", 1),
    ),
    "primary": (
        Employer("{place}第{n}小学", "教育局", 6),
        Employer("{place}实验小学", "教育局", 2),
    ),
    "secondary": (
        Employer("{place}第{n}中学", "教育局", 7),
        Employer("{place}高级中学", "教育局", 2),
        Employer("{place}实验中学", "教育局", 1),
    ),
    "vocational_lecturers": (
        Employer("{place}中等职业技术学校", "教育局", 3),
        Employer("{place}职业高级中学", "教育局", 1),
    ),
    "practice_instructors": (Employer("{place}中等职业技术学校", "教育局"),),
    "physicians": (
        Employer("{place}人民医院", "卫生健康委员会", 8),
        Employer("{place}中医医院", "卫生健康委员会", 2),
        Employer("{place}维吾尔医医院", "卫生健康委员会", 1),
        Employer("{place}妇幼保健院", "卫生健康委员会", 2,
                 {"妇产科学": 3, "儿科学": 3, "全科医学": 1}),
        Employer("{place}疾病预防控制中心", "卫生健康委员会", 1,
                 {"预防医学": 3, "公共卫生": 2, "传染病学": 1}),
    ),
    "nurses": (
        Employer("{place}人民医院", "卫生健康委员会", 8),
        Employer("{place}中医医院", "卫生健康委员会", 2),
        Employer("{place}妇幼保健院", "卫生健康委员会", 2),
    ),
    "pharmacists": (
        Employer("{place}人民医院", "卫生健康委员会", 3),
        Employer("{place}中医医院", "卫生健康委员会", 1),
        Employer("{place}维吾尔医医院", "卫生健康委员会", 1),
    ),
    "technicians": (
        Employer("{place}人民医院", "卫生健康委员会", 3),
        Employer("{place}疾病预防控制中心", "卫生健康委员会", 1,
                 {"卫生检验": 2, "临床医学检验技术": 1}),
    ),
    "engineers": (
        Employer("{place}建设工程质量安全监督站", "住房和城乡建设局", 3,
                 {"建筑工程": 5, "土木工程": 3, "工程造价": 2, "市政工程": 2}),
        Employer("{place}城乡规划设计院", "住房和城乡建设局", 1,
                 {"城乡规划": 3, "建筑设计": 2, "给排水工程": 1}),
        Employer("{place}水利管理总站", "水利局", 3,
                 {"水利水电工程": 4, "农田水利工程": 3, "水文与水资源工程": 2}),
        Employer("{place}公路管理局", "交通运输局", 2,
                 {"道路与桥梁工程": 4, "公路工程": 3}),
        Employer("{place}自然资源调查监测中心", "自然资源局", 2,
                 {"测绘工程": 3, "土地资源管理": 2, "地质矿产勘查": 2}),
        Employer("{place}供排水有限公司", "住房和城乡建设局", 1,
                 {"给排水工程": 3, "市政工程": 1}),
    ),
    "agronomists": (
        Employer("{place}农业技术推广中心", "农业农村局", 5),
        Employer("{place}植物保护站", "农业农村局", 1,
                 {"植物保护": 3, "农药管理": 1}),
        Employer("{place}土壤肥料工作站", "农业农村局", 1,
                 {"土壤肥料": 3, "农业资源与环境": 1}),
        Employer("{place}种子管理站", "农业农村局", 1, {"种子": 3, "作物育种": 1}),
        Employer("{place}林果业技术服务中心", "农业农村局", 2,
                 {"园艺": 3, "林果栽培": 3}),
    ),
    "animal_husbandry": (
        Employer("{place}畜牧技术推广站", "农业农村局", 3),
        Employer("{place}草原工作站", "农业农村局", 1, {"草原": 3, "草地保护": 1}),
    ),
    "veterinarians": (
        Employer("{place}动物疾病预防控制中心", "农业农村局", 3),
        Employer("{place}动物卫生监督所", "农业农村局", 1),
    ),
    "accountants": (
        Employer("{place}财政局", "财政局", 3),
        Employer("{place}人民医院", "卫生健康委员会", 2),
        Employer("{place}国有资产投资经营有限责任公司", "财政局", 2),
        Employer("{place}第{n}中学", "教育局", 1),
        Employer("{place}审计局", "审计局", 1, {"审计": 3, "会计": 1}),
    ),
}  # fmt: skip

# Institutions at regional level by track, for the regional committees; they
# recommend their own staff.
REGIONAL_HOSPITALS = (
    "新疆维吾尔自治区人民医院", "新疆维吾尔自治区中医医院",
    "新疆维吾尔自治区维吾尔医医院", "新疆维吾尔自治区妇幼保健院",
    "新疆医科大学第二附属医院",
)  # fmt: skip
REGIONAL_EMPLOYERS = {
    "physicians": (*REGIONAL_HOSPITALS, "新疆维吾尔自治区疾病预防控制中心"),
    "nurses": REGIONAL_HOSPITALS,
    "pharmacists": REGIONAL_HOSPITALS,
    "technicians": (*REGIONAL_HOSPITALS, "新疆维吾尔自治区疾病预防控制中心"),
    "engineers": (
        "新疆维吾尔自治区建筑设计研究院有限公司",
        "新疆水利水电勘测设计研究院有限责任公司",
        "新疆交通规划勘察设计研究院有限公司", "新疆维吾尔自治区测绘科学研究院",
    ),
    "agronomists": (
        "新疆维吾尔自治区农业技术推广总站", "新疆维吾尔自治区植物保护站",
    ),
    "animal_husbandry": ("新疆维吾尔自治区畜牧总站",),
    "veterinarians": ("新疆维吾尔自治区动物疾病预防控制中心",),
    "accountants": (
        "新疆维吾尔自治区人民医院", "新疆投资发展（集团）有限责任公司",
        "新疆维吾尔自治区机关事务管理局",
    ),
    "secondary": ("新疆实验中学", "新疆维吾尔自治区第一师范学院附属中学"),
    "vocational_lecturers": (
        "新疆维吾尔自治区交通学校", "新疆维吾尔自治区职业技术教育中心",
    ),
    "practice_instructors": ("新疆维吾尔自治区交通学校",),
}  # fmt: skip

# Specialties at regional employers, when their series has none of its own.
REGIONAL_ENGINEERING_SPECIALTIES = {
    "建筑工程": 4, "水利水电工程": 3, "道路与桥梁工程": 3, "测绘工程": 2,
    "结构工程": 2, "岩土工程": 1,
}  # fmt: skip


# Organizing units


@dataclass(frozen=True)
class Scope:
    """A series a unit's committee reviews, at which levels, how often."""

    series: str
    weight: int
    levels: dict
    # Tracks of the series and their shares; all tracks alike when empty.
    tracks: dict = field(default_factory=dict)


@dataclass(frozen=True)
class UnitSpec:
    name: str
    name_ug: str
    kind: str
    scopes: tuple
    weight: int
    # Units under a prefecture carry its code, so their filings start at that
    # prefecture's title office; units under the region leave it empty.
    prefecture: str = ""
    # Where a regional self-accrediting unit stands, for its applicants.
    seat: str = ""
    # Schools or wards of a self-accrediting unit with their specialties;
    # they recommend their own people.
    departments: dict = field(default_factory=dict)


PREFECTURE_UNIT_NAME = "{prefecture}人力资源和社会保障局"
PREFECTURE_UNIT_NAME_UG = (
    "{attributive} ئادەم كۈچى بايلىقى ۋە ئىجتىمائىي كاپالەت ئىدارىسى"
)

# Prefecture committees review up to associate senior; full senior titles are
# reviewed at regional level.
PREFECTURE_SCOPES = (
    Scope("school_teachers", 52, {JUNIOR: 35, INTERMEDIATE: 45, ASSOCIATE_SENIOR: 20},
          {"kindergarten": 14, "primary": 40, "secondary": 46}),
    Scope("vocational_teachers", 4,
          {JUNIOR: 30, INTERMEDIATE: 45, ASSOCIATE_SENIOR: 25},
          {"vocational_lecturers": 75, "practice_instructors": 25}),
    Scope("health", 16, {JUNIOR: 30, INTERMEDIATE: 55, ASSOCIATE_SENIOR: 15},
          {"physicians": 50, "nurses": 30, "pharmacists": 8, "technicians": 12}),
    Scope("engineering", 13, {JUNIOR: 35, INTERMEDIATE: 45, ASSOCIATE_SENIOR: 20}),
    Scope("agriculture", 15, {JUNIOR: 30, INTERMEDIATE: 45, ASSOCIATE_SENIOR: 25},
          {"agronomists": 55, "animal_husbandry": 20, "veterinarians": 25}),
)  # fmt: skip

# Applications per prefecture unit, relative to the regional units below.
PREFECTURE_UNITS = {
    "650100": 14, "650200": 4, "650400": 4, "650500": 4, "652300": 7,
    "652900": 9, "653100": 12, "653200": 8, "654000": 12,
}  # fmt: skip

UNIVERSITY_LEVELS = {
    JUNIOR: 15,
    INTERMEDIATE: 40,
    ASSOCIATE_SENIOR: 30,
    FULL_SENIOR: 15,
}
HOSPITAL_TRACKS = {"physicians": 50, "nurses": 35, "pharmacists": 6, "technicians": 9}
HOSPITAL_DEPARTMENTS = {
    "physicians": {
        "心血管内科": {"心血管内科学": 1}, "消化内科": {"消化内科学": 1},
        "呼吸与危重症医学科": {"呼吸内科学": 1}, "神经内科": {"神经内科学": 1},
        "普通外科": {"普通外科学": 1}, "骨科": {"骨外科学": 1},
        "妇产科": {"妇产科学": 1}, "儿科": {"儿科学": 1}, "麻醉科": {"麻醉学": 1},
        "急诊科": {"急诊医学": 1}, "眼科": {"眼科学": 1},
        "医学影像中心": {"放射医学": 2, "超声医学": 1},
    },
    "nurses": {"护理部": {"护理学": 4, "内科护理": 2, "外科护理": 2, "儿科护理": 1}},
    "pharmacists": {"药学部": {"药学": 3, "医院药学": 1, "中药学": 1}},
    "technicians": {
        "医学检验中心": {"临床医学检验技术": 1},
        "医学影像中心": {"放射医学技术": 2, "超声医学技术": 1},
        "康复医学科": {"康复医学治疗技术": 1},
    },
}  # fmt: skip

REGIONAL_UNITS = (
    UnitSpec(
        "自治区卫生健康委员会", "ئاپتونوم رايونلۇق سەھىيە ساغلاملىق كومىتېتى",
        OrganizingUnit.Kind.DEPARTMENT,
        (Scope("health", 1, {INTERMEDIATE: 25, ASSOCIATE_SENIOR: 55, FULL_SENIOR: 20},
               {"physicians": 60, "nurses": 27, "pharmacists": 6, "technicians": 7}),),
        6,
    ),
    UnitSpec(
        "自治区住房和城乡建设厅",
        "ئاپتونوم رايونلۇق تۇرالغۇ ۋە شەھەر-يېزا قۇرۇلۇشى نازارىتى",
        OrganizingUnit.Kind.DEPARTMENT,
        (Scope("engineering", 1,
               {INTERMEDIATE: 30, ASSOCIATE_SENIOR: 55, FULL_SENIOR: 15}),),
        4,
    ),
    UnitSpec(
        "自治区农业农村厅", "ئاپتونوم رايونلۇق يېزا ئىگىلىك-يېزا ئىشلىرى نازارىتى",
        OrganizingUnit.Kind.DEPARTMENT,
        (Scope("agriculture", 1,
               {INTERMEDIATE: 25, ASSOCIATE_SENIOR: 60, FULL_SENIOR: 15}),),
        3,
    ),
    UnitSpec(
        "自治区财政厅", "ئاپتونوم رايونلۇق مالىيە نازارىتى",
        OrganizingUnit.Kind.DEPARTMENT,
        # Junior and intermediate accountants qualify by national examination.
        (Scope("accounting", 1, {ASSOCIATE_SENIOR: 85, FULL_SENIOR: 15}),),
        2,
    ),
    UnitSpec(
        "自治区教育厅", "ئاپتونوم رايونلۇق مائارىپ نازارىتى",
        OrganizingUnit.Kind.DEPARTMENT,
        (
            Scope("school_teachers", 4, {ASSOCIATE_SENIOR: 50, FULL_SENIOR: 50},
                  {"kindergarten": 10, "primary": 30, "secondary": 60}),
            Scope("vocational_teachers", 1, {ASSOCIATE_SENIOR: 60, FULL_SENIOR: 40},
                  {"vocational_lecturers": 80, "practice_instructors": 20}),
        ),
        2,
    ),
    UnitSpec(
        "新疆大学", "شىنجاڭ ئۇنىۋېرسىتېتى",
        OrganizingUnit.Kind.SELF_ACCREDITING,
        (Scope("university_teachers", 1, UNIVERSITY_LEVELS),),
        2,
        seat="650100",
        departments={
            "university_teachers": {
                "数学与系统科学学院": {"基础数学": 2, "应用数学": 2, "统计学": 1},
                "物理科学与技术学院": {"理论物理": 1, "凝聚态物理": 1, "光学": 1},
                "化学学院": {"有机化学": 1, "物理化学": 1, "分析化学": 1},
                "计算机科学与技术学院": {"计算机科学与技术": 3, "软件工程": 2,
                                         "人工智能": 1},
                "人文学院": {"中国语言文学": 2, "汉语言文字学": 1},
                "外国语学院": {"英语语言文学": 2, "俄语语言文学": 1},
                "建筑工程学院": {"土木工程": 2, "结构工程": 1},
                "经济与管理学院": {"应用经济学": 2, "工商管理": 2},
                "马克思主义学院": {"马克思主义基本原理": 1, "思想政治教育": 2},
                "生命科学与技术学院": {"生物学": 2, "生态学": 1},
                "电气工程学院": {"电气工程": 1},
            },
        },
    ),
    UnitSpec(
        "新疆医科大学第一附属医院",
        "شىنجاڭ تېببىي ئۇنىۋېرسىتېتى 1-قوشۇمچە دوختۇرخانىسى",
        OrganizingUnit.Kind.SELF_ACCREDITING,
        (Scope("health", 1,
               {JUNIOR: 20, INTERMEDIATE: 35, ASSOCIATE_SENIOR: 30, FULL_SENIOR: 15},
               HOSPITAL_TRACKS),),
        3,
        seat="650100",
        departments=HOSPITAL_DEPARTMENTS,
    ),
    UnitSpec(
        "新疆农业大学", "شىنجاڭ يېزا ئىگىلىك ئۇنىۋېرسىتېتى",
        OrganizingUnit.Kind.SELF_ACCREDITING,
        (Scope("university_teachers", 1, UNIVERSITY_LEVELS),),
        1,
        seat="650100",
        departments={
            "university_teachers": {
                "农学院": {"作物栽培学与耕作学": 2, "作物遗传育种": 1},
                "动物医学学院": {"预防兽医学": 1, "临床兽医学": 1},
                "林学与风景园林学院": {"森林培育": 1, "风景园林学": 1},
                "水利与土木工程学院": {"水利水电工程": 1, "农业水土工程": 1},
                "草业学院": {"草学": 1},
                "食品科学与药学学院": {"食品科学": 1},
                "计算机与信息工程学院": {"计算机应用技术": 1},
                "经济管理学院": {"农业经济管理": 1},
            },
        },
    ),
    UnitSpec(
        "新疆师范大学", "شىنجاڭ پېداگوگىكا ئۇنىۋېرسىتېتى",
        OrganizingUnit.Kind.SELF_ACCREDITING,
        (Scope("university_teachers", 1, UNIVERSITY_LEVELS),),
        1,
        seat="650100",
        departments={
            "university_teachers": {
                "文学院": {"中国语言文学": 2, "语言学及应用语言学": 1},
                "数学科学学院": {"数学": 2},
                "教育科学学院": {"教育学": 2, "心理学": 1},
                "音乐学院": {"音乐学": 1},
                "美术学院": {"美术学": 1},
                "体育学院": {"体育教育训练学": 1},
                "历史与社会学院": {"中国史": 1},
                "物理与电子工程学院": {"物理学": 1},
            },
        },
    ),
    UnitSpec(
        "伊犁哈萨克自治州友谊医院",
        "ئىلى قازاق ئاپتونوم ئوبلاستلىق دوستلۇق دوختۇرخانىسى",
        OrganizingUnit.Kind.SELF_ACCREDITING,
        (Scope("health", 1, {JUNIOR: 25, INTERMEDIATE: 45, ASSOCIATE_SENIOR: 30},
               HOSPITAL_TRACKS),),
        2,
        prefecture="654000",
        departments=HOSPITAL_DEPARTMENTS,
    ),
)  # fmt: skip


# Demo accounts


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    group: str = ""
    is_superuser: bool = False
    language: str = ""
    units: tuple = ()
    offices: tuple = ()


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin", "demo-admin-2024", "superuser", "志刚", "周", is_superuser=True
    ),
    DemoAccount(
        "filer", "demo-filer-2024", "filing administrator", "晓燕", "王",
        group=FILING_ADMINISTRATORS,
        units=(
            "伊犁哈萨克自治州人力资源和社会保障局",
            "乌鲁木齐市人力资源和社会保障局",
            "自治区卫生健康委员会",
            "新疆大学",
        ),
    ),
    DemoAccount(
        "filer_ug", "demo-filer-ug-2024", "filing administrator (Uyghur)",
        "古丽娜尔", "艾买提", group=FILING_ADMINISTRATORS, language="ug",
        units=(
            "喀什地区人力资源和社会保障局",
            "和田地区人力资源和社会保障局",
            "新疆医科大学第一附属医院",
        ),
    ),
    DemoAccount(
        "reviewer", "demo-reviewer-2024", "reviewer", "热依拉", "阿不都热合曼",
        group=REVIEWERS,
        offices=(
            "伊犁哈萨克自治州职称改革工作领导小组办公室",
            "乌鲁木齐市职称改革工作领导小组办公室",
            "喀什地区职称改革工作领导小组办公室",
            "自治区卫生健康委员会",
            "自治区教育厅",
            "自治区人力资源和社会保障厅",
        ),
    ),
    DemoAccount(
        "editor", "demo-editor-2024", "content editor", "静", "陈",
        group=CONTENT_EDITORS,
    ),
)  # fmt: skip
