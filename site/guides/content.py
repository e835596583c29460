"""The guides the product ships: written once here, loaded by the demo loader.

Each guide is a Chinese page and its Uyghur translation, made with the same
copy-for-translation action an editor's "Translate" button runs, so the two
share a translation key. Loading again changes nothing that exists already:
editors own the pages once they are there.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
)

from .blocks import (
    CERTIFICATES,
    DECIDE,
    REVIEW,
    REVIEW_QUEUE,
    REVOKE,
    SEND_BACK,
    WITHDRAW,
)
from .help import default_language
from .models import GuideIndexPage, GuidePage

INDEX = {
    "slug": "guides",
    "zh-hans": {
        "title": "操作指南",
        "introduction": "备案、审核和证书的办理方法。",
    },
    "ug": {
        "title": "مەشغۇلات قوللانمىلىرى",
        "introduction": "ئەنگە ئالدۇرۇش، تەكشۈرۈش ۋە گۇۋاھنامە ئىشلىرىنى بىر تەرەپ "
        "قىلىش ئۇسۇللىرى.",
    },
}

# Screenshots of our admin, one folder per language, made by
# scripts/guide_screenshots.py; a step names its picture by file name.
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# Each screenshot's caption, which is also its alt text and its title among
# the editors' images: (Chinese, Uyghur).
CAPTIONS = {
    "my-filings": (
        "“我的备案”列表和“新增备案”按钮",
        "«مېنىڭ ئەنگە ئالدۇرۇشلىرىم» تىزىملىكى ۋە «يېڭى ئەنگە ئالدۇرۇش» كۇنۇپكىسى",
    ),
    "basic": ("第一步：基本信息", "1-باسقۇچ: ئاساسىي ئۇچۇر"),
    "applications": (
        "第二步：三个数字和备选申请书",
        "2-باسقۇچ: ئۈچ سان ۋە تاللاشقا بولىدىغان ئىلتىماسنامىلەر",
    ),
    "selected": ("第二步：已选申请书", "2-باسقۇچ: تاللانغان ئىلتىماسنامىلەر"),
    "attachments": ("第三步：下载和上传附件", "3-باسقۇچ: ھۆججەت چۈشۈرۈش ۋە يۈكلەش"),
    "notice": (
        "第四步：批文文号和授予时间",
        "4-باسقۇچ: تەستىق ھۆججىتى نومۇرى ۋە بېرىلگەن ۋاقىت",
    ),
    "confirm": ("第五步：提交", "5-باسقۇچ: تاپشۇرۇش"),
    "review-queue": (
        "“待我审核”列表",
        "«مېنىڭ تەكشۈرۈشۈمنى ساقلاۋاتقانلار» تىزىملىكى",
    ),
    "decisions": (
        "备案页面上的状态和办理按钮",
        "ئەنگە ئالدۇرۇش بېتىدىكى ھالەت ۋە بىر تەرەپ قىلىش كۇنۇپكىلىرى",
    ),
    "return": (
        "退回修改：理由和需修改内容",
        "ئۆزگەرتىش ئۈچۈن قايتۇرۇش: سەۋەبى ۋە ئۆزگەرتىدىغان جايلار",
    ),
    "certificates": (
        "备案页面上的证书",
        "ئەنگە ئالدۇرۇش بېتىدىكى گۇۋاھنامىلەر",
    ),
}

# (block type, place, form field, Chinese, Uyghur[, screenshot]); a heading
# is plain text, every other section one or more HTML paragraphs. The place
# ties the section to a wizard step or review page (blocks.place_choices).
POST_REVIEW_FILING_SECTIONS = [
    ("heading", "", "", "开始之前", "باشلاشتىن بۇرۇن"),
    (
        "text",
        "",
        "",
        "<p>评审会结束、结果确定之后，用事后备案把结果报送审核部门。一份备案对应"
        "一份批文，包含这份批文授予职称的所有人员的申请书。</p>"
        "<p>开始前请准备好：批文名称和人数，以及签发后的批文红头文件、加盖公章的"
        "领取证书花名册、会议纪要和公示情况的扫描件。</p>",
        "<p>باھالاش يىغىنى ئاخىرلىشىپ، نەتىجە بېكىتىلگەندىن كېيىن، باھالاشتىن "
        "كېيىنكى ئەنگە ئالدۇرۇش ئارقىلىق نەتىجىنى تەكشۈرۈش تارمىقىغا يوللايسىز. "
        "ھەر بىر ئەنگە ئالدۇرۇش بىر تەستىق ھۆججىتىگە ماس كېلىدۇ ۋە شۇ تەستىق "
        "ھۆججىتىدە كەسپىي ئۇنۋان بېرىلگەن بارلىق كىشىلەرنىڭ ئىلتىماسنامىلىرىنى "
        "ئۆز ئىچىگە ئالىدۇ.</p>"
        "<p>باشلاشتىن بۇرۇن بۇلارنى تەييارلاڭ: تەستىق ھۆججىتى نامى ۋە كىشى سانى، "
        "شۇنداقلا ئىمزا قويۇلغان قىزىل باشلىق تەستىق ھۆججىتى، تامغا بېسىلغان "
        "گۇۋاھنامە تاپشۇرۇۋېلىش تىزىملىكى، يىغىن خاتىرىسى ۋە ئاشكارىلاش "
        "ئەھۋالىنىڭ سكانېرلانغان نۇسخىلىرى.</p>",
    ),
    (
        "note",
        "",
        "",
        "<p>中小学（幼儿园）教师、中职教师和高校教师系列的高级职称评审结果，要先"
        "经自治区教育厅同意，再由自治区人社厅核准。系统会按这个顺序自动送审，"
        "无需另行报送。</p>",
        "<p>باشلانغۇچ-ئوتتۇرا مەكتەپ (يەسلى) ئوقۇتقۇچىلىرى، ئوتتۇرا كەسپىي مەكتەپ "
        "ئوقۇتقۇچىلىرى ۋە ئالىي مەكتەپ ئوقۇتقۇچىلىرى سېرىيىسىنىڭ يۇقىرى "
        "دەرىجىلىك كەسپىي ئۇنۋان باھالاش نەتىجىسى ئاۋۋال ئاپتونوم رايونلۇق "
        "مائارىپ نازارىتىنىڭ قوشۇلۇشىدىن ئۆتۈپ، ئاندىن ئاپتونوم رايونلۇق ئادەم "
        "كۈچى بايلىقى ۋە ئىجتىمائىي كاپالەت نازارىتى تەرىپىدىن تەستىقلىنىدۇ. "
        "سىستېما بۇ تەرتىپ بويىچە ئۆزى يوللايدۇ، ئايرىم يوللاشنىڭ ھاجىتى "
        "يوق.</p>",
    ),
    (
        "heading",
        "basic",
        "",
        "第一步：填写基本信息",
        "1-باسقۇچ: ئاساسىي ئۇچۇرنى تولدۇرۇش",
    ),
    (
        "step",
        "basic",
        "",
        "<p>在“备案工作”菜单中打开“我的备案”，点击“新增备案”。</p>",
        "<p>«ئەنگە ئالدۇرۇش خىزمىتى» تىزىملىكىدىن «مېنىڭ ئەنگە ئالدۇرۇشلىرىم» نى "
        "ئېچىپ، «يېڭى ئەنگە ئالدۇرۇش» نى بېسىڭ.</p>",
        "my-filings",
    ),
    (
        "step",
        "basic",
        "notice_title",
        "<p>填写批文名称和批文人数。批文名称可以等选好申请书以后再填，届时系统"
        "会按所选人员建议一个名称。</p>",
        "<p>تەستىق ھۆججىتى نامى ۋە تەستىق ھۆججىتىدىكى كىشى سانىنى تولدۇرۇڭ. "
        "تەستىق ھۆججىتى نامىنى ئىلتىماسنامىلەرنى تاللىغاندىن كېيىنمۇ "
        "تولدۇرسىڭىز بولىدۇ؛ ئۇ چاغدا سىستېما تاللانغان كىشىلەرگە ئاساسەن بىر "
        "نام تەۋسىيە قىلىدۇ.</p>",
        "basic",
    ),
    (
        "warning",
        "basic",
        "review_year",
        "<p>评审年度、数据来源和备案级别在第一次保存以后就不能再改。备案级别决定"
        "能选哪些申请书：中初级包括初级和中级，高级包括副高级和正高级。</p>",
        "<p>باھالاش يىلى، سانلىق مەلۇمات مەنبەسى ۋە ئەنگە ئالدۇرۇش دەرىجىسىنى "
        "تۇنجى قېتىم ساقلىغاندىن كېيىن ئۆزگەرتكىلى بولمايدۇ. قايسى "
        "ئىلتىماسنامىلەرنى تاللاشقا بولىدىغانلىقىنى ئەنگە ئالدۇرۇش دەرىجىسى "
        "بەلگىلەيدۇ: ئوتتۇرا ۋە تۆۋەن دەرىجە تۆۋەن ۋە ئوتتۇرا دەرىجىنى، يۇقىرى "
        "دەرىجە مۇئاۋىن يۇقىرى ۋە تولۇق يۇقىرى دەرىجىنى ئۆز ئىچىگە ئالىدۇ.</p>",
    ),
    (
        "step",
        "basic",
        "",
        "<p>点击“保存并进行下一步”。草稿随即保存，之后可以随时从“我的备案”接着"
        "办理。</p>",
        "<p>«ساقلاپ كېيىنكى باسقۇچقا ئۆتۈش» نى بېسىڭ. دەسلەپكى نۇسخا دەرھال "
        "ساقلىنىدۇ؛ كېيىن «مېنىڭ ئەنگە ئالدۇرۇشلىرىم» دىن خالىغان ۋاقىتتا "
        "داۋاملاشتۇرالايسىز.</p>",
    ),
    (
        "heading",
        "applications",
        "",
        "第二步：选择申请书",
        "2-باسقۇچ: ئىلتىماسنامە تاللاش",
    ),
    (
        "step",
        "applications",
        "",
        "<p>在“备选申请书”中勾选要列入本批文的人员，再点击“将勾选的申请书加入"
        "本批文”。可以按申请级别、审核时间、申请资格或关键字筛选，也可以按申请书"
        "编号、工作单位、推荐单位或申请资格排序。</p>",
        "<p>«تاللاشقا بولىدىغان ئىلتىماسنامىلەر» دە بۇ تەستىق ھۆججىتىگە "
        "كىرگۈزىدىغان كىشىلەرگە بەلگە قويۇپ، «بەلگە قويۇلغان ئىلتىماسنامىلەرنى "
        "قوشۇش» نى بېسىڭ. ئىلتىماس دەرىجىسى، تەكشۈرۈلگەن ۋاقىت، ئىلتىماس "
        "سالاھىيىتى ياكى ھالقىلىق سۆز بويىچە سۈزەلەيسىز؛ ئىلتىماسنامە نومۇرى، "
        "خىزمەت ئورنى، تەۋسىيە قىلغۇچى ئورۇن ياكى ئىلتىماس سالاھىيىتى بويىچە "
        "تىزالايسىز.</p>",
        "applications",
    ),
    (
        "text",
        "applications",
        "",
        "<p>页面上方的三个数字依次是：本批文已选的申请书、本年度还可选的申请书、"
        "本年度共可选的申请书。一份申请书只能属于一份备案，已被其他备案选用的"
        "不会出现在备选列表里。</p>",
        "<p>بەتنىڭ ئۈستىدىكى ئۈچ سان تەرتىپ بويىچە: بۇ ئەنگە ئالدۇرۇشقا "
        "تاللانغان ئىلتىماسنامە، بۇ يىل يەنە تاللىغىلى بولىدىغان ئىلتىماسنامە ۋە "
        "بۇ يىلدىكى جەمئىي ئىلتىماسنامە. بىر ئىلتىماسنامە پەقەت بىرلا ئەنگە "
        "ئالدۇرۇشقا تەۋە بولالايدۇ؛ باشقا ئەنگە ئالدۇرۇشقا تاللانغانلىرى تاللاش "
        "تىزىملىكىدە كۆرۈنمەيدۇ.</p>",
    ),
    (
        "warning",
        "applications",
        "declared_headcount",
        "<p>提交时，已选申请书的份数必须等于批文人数。两者不一致时，页面会马上"
        "提醒。</p>",
        "<p>تاپشۇرغاندا، تاللانغان ئىلتىماسنامە سانى تەستىق ھۆججىتىدىكى كىشى "
        "سانىغا تەڭ بولۇشى كېرەك. ئىككىسى ئوخشىمىسا، بەت دەرھال ئەسكەرتىدۇ.</p>",
    ),
    (
        "step",
        "applications",
        "",
        "<p>在“已选申请书”中核对名单；选错的人员勾选后点击“移除勾选的申请书”即可。</p>",
        "<p>«تاللانغان ئىلتىماسنامىلەر» دە تىزىملىكنى تەكشۈرۈڭ؛ خاتا "
        "تاللانغانلىرىغا بەلگە قويۇپ، «بەلگە قويۇلغان ئىلتىماسنامىلەرنى "
        "چىقىرىۋېتىش» نى بېسىڭ.</p>",
        "selected",
    ),
    (
        "heading",
        "attachments",
        "",
        "第三步：上传附件",
        "3-باسقۇچ: قوشۇمچە ھۆججەت يۈكلەش",
    ),
    (
        "step",
        "attachments",
        "",
        "<p>先下载系统生成的代拟批文和批文花名册，打印后按程序签发、加盖公章。</p>",
        "<p>ئاۋۋال سىستېما تەييارلىغان تەستىق ھۆججىتى لايىھەسى ۋە تەستىق ھۆججىتى "
        "تىزىملىكىنى چۈشۈرۈپ بېسىپ چىقىرىڭ، ئاندىن بەلگىلەنگەن تەرتىپ بويىچە "
        "ئىمزا قويدۇرۇپ تامغا باستۇرۇڭ.</p>",
        "attachments",
    ),
    (
        "step",
        "attachments",
        "",
        "<p>扫描后上传四份附件：批文红头文件扫描件、加盖公章的领取证书花名册、"
        "会议纪要、公示情况（可以是公示结果的截图）。</p>",
        "<p>سكانېرلاپ، تۆت قوشۇمچە ھۆججەتنى يۈكلەڭ: قىزىل باشلىق تەستىق "
        "ھۆججىتىنىڭ سكانېرلانغان نۇسخىسى، تامغا بېسىلغان گۇۋاھنامە "
        "تاپشۇرۇۋېلىش تىزىملىكى، يىغىن خاتىرىسى ۋە ئاشكارىلاش ئەھۋالى "
        "(ئاشكارىلاش نەتىجىسىنىڭ ئېكران كۆرۈنۈشى بولسىمۇ بولىدۇ).</p>",
    ),
    (
        "warning",
        "attachments",
        "",
        "<p>每份附件都必须是 PDF 文件，不超过 8 MB，且不能加密。重新上传会替换"
        "原文件，原文件仍保留在办理记录中。</p>",
        "<p>ھەر بىر قوشۇمچە ھۆججەت PDF بولۇشى، 8 MB دىن ئاشماسلىقى ۋە "
        "شىفىرلانماسلىقى كېرەك. قايتا يۈكلىسىڭىز ئەسلىدىكى ھۆججەتنىڭ ئورنىنى "
        "ئالىدۇ، ئەسلىدىكىسى بىر تەرەپ قىلىش خاتىرىسىدە ساقلىنىپ قالىدۇ.</p>",
    ),
    (
        "heading",
        "notice",
        "",
        "第四步：填写批文文号",
        "4-باسقۇچ: تەستىق ھۆججىتى نومۇرىنى تولدۇرۇش",
    ),
    (
        "step",
        "notice",
        "notice_number",
        "<p>照红头文件上的写法填写批文文号，例如“伊州职改〔2024〕12号”。年份要用"
        "六角括号〔〕，不要用方括号或圆括号。</p>",
        "<p>تەستىق ھۆججىتى نومۇرىنى قىزىل باشلىق ھۆججەتتە قانداق يېزىلغان بولسا "
        "شۇنداق تولدۇرۇڭ، مەسىلەن «伊州职改〔2024〕12号». يىلنى 〔〕 تىرناق "
        "ئىچىگە ئېلىڭ؛ چاسا تىرناق ياكى يۇمىلاق تىرناق ئىشلەتمەڭ.</p>",
        "notice",
    ),
    (
        "step",
        "notice",
        "conferred_on",
        "<p>填写授予时间，也就是批文规定的取得职称的日期。授予时间不能晚于今天，"
        "也不能早于评审年度。</p>",
        "<p>بېرىلگەن ۋاقىتنى، يەنى تەستىق ھۆججىتىدە بەلگىلەنگەن كەسپىي ئۇنۋان "
        "ئېلىنغان چېسلانى تولدۇرۇڭ. بېرىلگەن ۋاقىت بۈگۈندىن كېيىن ياكى باھالاش "
        "يىلىدىن بۇرۇن بولسا بولمايدۇ.</p>",
    ),
    (
        "heading",
        "confirm",
        "",
        "第五步：确认并提交",
        "5-باسقۇچ: جەزملەشتۈرۈپ تاپشۇرۇش",
    ),
    (
        "step",
        "confirm",
        "",
        "<p>逐项核对批文信息、申请书名单和附件。还有问题的地方会列在页面上方，"
        "点击即可回到相应步骤修改。</p>",
        "<p>تەستىق ھۆججىتى ئۇچۇرى، ئىلتىماسنامە تىزىملىكى ۋە قوشۇمچە "
        "ھۆججەتلەرنى بىرمۇبىر تەكشۈرۈڭ. ھەل قىلىنمىغان مەسىلىلەر بەتنىڭ "
        "ئۈستىدە كۆرسىتىلىدۇ؛ ئۇلارنى بېسىپ مۇناسىپ باسقۇچقا قايتىپ "
        "تۈزىتەلەيسىز.</p>",
    ),
    (
        "warning",
        "confirm",
        "",
        "<p>提交以后就不能再修改。只有审核部门退回时，才能按退回理由修改并重新"
        "提交；评审年度、数据来源和备案级别仍然不能改。</p>",
        "<p>تاپشۇرغاندىن كېيىن ئۆزگەرتكىلى بولمايدۇ. پەقەت تەكشۈرۈش تارمىقى "
        "قايتۇرغاندىلا، قايتۇرۇش سەۋەبى بويىچە تۈزىتىپ قايتا تاپشۇرالايسىز؛ "
        "باھالاش يىلى، سانلىق مەلۇمات مەنبەسى ۋە ئەنگە ئالدۇرۇش دەرىجىسىنى "
        "يەنىلا ئۆزگەرتكىلى بولمايدۇ.</p>",
    ),
    (
        "step",
        "confirm",
        "",
        "<p>点击“确认无误我要提交”。页面会显示备案送达的审核部门，以及它的联系人"
        "和联系电话。</p>",
        "<p>«ھەممىسى توغرا، تاپشۇرۇش» نى بېسىڭ. بەتتە ئەنگە ئالدۇرۇش يوللانغان "
        "تەكشۈرۈش تارمىقى، ئۇنىڭ ئالاقىلاشقۇچىسى ۋە تېلېفون نومۇرى "
        "كۆرسىتىلىدۇ.</p>",
        "confirm",
    ),
    ("heading", REVIEW, "", "提交以后", "تاپشۇرغاندىن كېيىن"),
    (
        "text",
        REVIEW,
        "",
        "<p>在“我的备案”中可以按年度、级别、状态查找备案。打开一份备案，可以看到"
        "每个环节的办理部门、办理时间和意见。常见的状态有：已提交，待形式审核；"
        "已退回修改；已通过形式审核；已转送；已核准（已备案）；已签发证书。</p>",
        "<p>«مېنىڭ ئەنگە ئالدۇرۇشلىرىم» دە ئەنگە ئالدۇرۇشلارنى يىل، دەرىجە ۋە "
        "ھالەت بويىچە ئىزدىيەلەيسىز. بىر ئەنگە ئالدۇرۇشنى ئاچسىڭىز، ھەر بىر "
        "باسقۇچنى بىر تەرەپ قىلغان تارماق، بىر تەرەپ قىلىنغان ۋاقىت ۋە "
        "پىكىرلەرنى كۆرەلەيسىز. كۆپ ئۇچرايدىغان ھالەتلەر: تاپشۇرۇلدى، شەكىل "
        "جەھەتتىن تەكشۈرۈلۈشنى ساقلاۋاتىدۇ؛ ئۆزگەرتىش ئۈچۈن قايتۇرۇلدى؛ شەكىل "
        "جەھەتتىن تەكشۈرۈشتىن ئۆتتى؛ يۆتكەپ يوللاندى؛ تەستىقلاندى (ئەنگە "
        "ئېلىندى)؛ گۇۋاھنامە تارقىتىلدى.</p>",
    ),
    (
        "note",
        REVIEW,
        "",
        "<p>备案核准以后，由核准部门签发职称电子证书。专业技术人员可以凭证书编号"
        "和验证码查验自己的证书。</p>",
        "<p>ئەنگە ئالدۇرۇش تەستىقلانغاندىن كېيىن، تەستىقلىغان تارماق "
        "ئېلېكترونلۇق كەسپىي ئۇنۋان گۇۋاھنامىسى تارقىتىدۇ. كەسپىي تېخنىكا "
        "خادىملىرى گۇۋاھنامە نومۇرى ۋە دەلىللەش كودى ئارقىلىق ئۆز "
        "گۇۋاھنامىسىنى دەلىللىيەلەيدۇ.</p>",
    ),
    (
        "note",
        WITHDRAW,
        "",
        "<p>备案提交以后、审核部门办理之前，可以在备案页面点击“撤回备案”把它撤回。"
        "撤回后，其中的申请书和批文文号可以用于新的备案；撤回的备案不能再提交。</p>",
        "<p>ئەنگە ئالدۇرۇش تاپشۇرۇلۇپ، تەكشۈرۈش تارمىقى تېخى بىر تەرەپ "
        "قىلمىغان بولسا، ئەنگە ئالدۇرۇش بېتىدىكى «ئەنگە ئالدۇرۇشنى "
        "قايتۇرۇۋېلىش» نى بېسىپ قايتۇرۇۋالالايسىز. قايتۇرۇۋېلىنغاندىن كېيىن، "
        "ئۇنىڭدىكى ئىلتىماسنامىلەر ۋە تەستىق ھۆججىتى نومۇرىنى يېڭى ئەنگە "
        "ئالدۇرۇشتا ئىشلەتكىلى بولىدۇ؛ قايتۇرۇۋېلىنغان ئەنگە ئالدۇرۇشنى قايتا "
        "تاپشۇرغىلى بولمايدۇ.</p>",
    ),
]

POST_REVIEW_FILING = {
    "slug": "post-review-filing",
    "zh-hans": {
        "title": "事后备案操作指南",
        "summary": "评审结束后，组建单位管理员如何在本系统中把评审结果报送备案："
        "从填写基本信息到提交，以及提交以后如何查看办理进度。",
    },
    "ug": {
        "title": "باھالاشتىن كېيىنكى ئەنگە ئالدۇرۇش قوللانمىسى",
        "summary": "باھالاش ئاخىرلاشقاندىن كېيىن، تەشكىللىگۈچى ئورۇننىڭ "
        "باشقۇرغۇچىسى باھالاش نەتىجىسىنى بۇ سىستېمىدا قانداق ئەنگە ئالدۇرىدۇ: "
        "ئاساسىي ئۇچۇرنى تولدۇرۇشتىن تارتىپ تاپشۇرۇشقىچە، شۇنداقلا "
        "تاپشۇرغاندىن كېيىن بىر تەرەپ قىلىنىش ئەھۋالىنى قانداق كۆرىدۇ.",
    },
    "sections": POST_REVIEW_FILING_SECTIONS,
}

REVIEWING = {
    "slug": "reviewing",
    "zh-hans": {
        "title": "审核备案操作指南",
        "summary": "审核部门如何查看等待办理的备案，并通过形式审核、退回、转送、"
        "同意或核准。",
    },
    "ug": {
        "title": "ئەنگە ئالدۇرۇشنى تەكشۈرۈش قوللانمىسى",
        "summary": "تەكشۈرۈش تارماقلىرى بىر تەرەپ قىلىشنى ساقلاۋاتقان ئەنگە "
        "ئالدۇرۇشلارنى قانداق كۆرىدۇ، ۋە ئۇلارنى قانداق ئۆتكۈزىدۇ، قايتۇرىدۇ، "
        "يۆتكەپ يوللايدۇ، قوشۇلىدۇ ياكى تەستىقلايدۇ.",
    },
    "sections": [
        (
            "heading",
            REVIEW_QUEUE,
            "",
            "找到待办的备案",
            "بىر تەرەپ قىلىدىغان ئەنگە ئالدۇرۇشنى تېپىش",
        ),
        (
            "step",
            REVIEW_QUEUE,
            "",
            "<p>在“备案工作”菜单中打开“待我审核”。列表中是正在等待您所在部门办理的"
            "备案，可以按年度、状态和关键字筛选。</p>",
            "<p>«ئەنگە ئالدۇرۇش خىزمىتى» تىزىملىكىدىن «مېنىڭ تەكشۈرۈشۈمنى "
            "ساقلاۋاتقانلار» نى ئېچىڭ. تىزىملىكتە تارمىقىڭىزنىڭ بىر تەرەپ "
            "قىلىشىنى ساقلاۋاتقان ئەنگە ئالدۇرۇشلار بار؛ ئۇلارنى يىل، ھالەت ۋە "
            "ھالقىلىق سۆز بويىچە سۈزەلەيسىز.</p>",
            "review-queue",
        ),
        (
            "text",
            REVIEW_QUEUE,
            "",
            "<p>列表按等待时间排列，等得最久的排在最前面；“等待天数”从备案送达您所在"
            "部门的那天算起。已核准、等待签发证书的备案也在这里。</p>",
            "<p>تىزىملىك ساقلىغان ۋاقىت بويىچە تىزىلىدۇ، ئەڭ ئۇزۇن ساقلىغىنى ئەڭ "
            "ئالدىدا تۇرىدۇ؛ «ساقلىغان كۈن» ئەنگە ئالدۇرۇش تارمىقىڭىزغا يەتكەن "
            "كۈندىن باشلاپ ھېسابلىنىدۇ. تەستىقلىنىپ، گۇۋاھنامە تارقىتىشنى "
            "ساقلاۋاتقان ئەنگە ئالدۇرۇشلارمۇ بۇ يەردە بار.</p>",
        ),
        (
            "step",
            REVIEW_QUEUE,
            "",
            "<p>点击备案名称打开它，在备案页面办理。</p>",
            "<p>ئەنگە ئالدۇرۇشنىڭ نامىنى بېسىپ ئېچىڭ، ئاندىن ئەنگە ئالدۇرۇش "
            "بېتىدە بىر تەرەپ قىلىڭ.</p>",
        ),
        ("heading", DECIDE, "", "办理", "بىر تەرەپ قىلىش"),
        (
            "step",
            DECIDE,
            "",
            "<p>核对批文信息、申请书名单和四份附件，附件可以逐份打开。“办理记录”列出"
            "此前每个环节的办理部门、办理时间和意见。</p>",
            "<p>تەستىق ھۆججىتى ئۇچۇرى، ئىلتىماسنامە تىزىملىكى ۋە تۆت قوشۇمچە "
            "ھۆججەتنى تەكشۈرۈڭ؛ قوشۇمچە ھۆججەتلەرنى بىر-بىرلەپ ئاچالايسىز. «بىر "
            "تەرەپ قىلىش خاتىرىسى» دە ئىلگىرىكى ھەر بىر باسقۇچنى بىر تەرەپ "
            "قىلغان تارماق، ۋاقىت ۋە پىكىر كۆرسىتىلىدۇ.</p>",
        ),
        (
            "step",
            DECIDE,
            "",
            "<p>内容无误时，按审核流程中您所在部门的职责办理：形式审核通过、转送、"
            "同意或核准。页面上只出现您所在部门可以进行的操作。</p>",
            "<p>مەزمۇن توغرا بولسا، تەكشۈرۈش جەريانىدا تارمىقىڭىزغا بېرىلگەن "
            "ۋەزىپە بويىچە بىر تەرەپ قىلىڭ: شەكىل جەھەتتىن تەكشۈرۈشتىن ئۆتكۈزۈش، "
            "يۆتكەپ يوللاش، قوشۇلۇش ياكى تەستىقلاش. بەتتە پەقەت تارمىقىڭىز "
            "قىلالايدىغان مەشغۇلاتلارلا كۆرۈنىدۇ.</p>",
            "decisions",
        ),
        (
            "step",
            DECIDE,
            "",
            "<p>需要修改时，点击“退回修改”，写明理由，并勾选有问题的附件和字段。"
            "备案单位会看到理由和标记，修改后重新提交。</p>",
            "<p>ئۆزگەرتىش كېرەك بولسا، «ئۆزگەرتىش ئۈچۈن قايتۇرۇش» نى بېسىپ، "
            "سەۋەبىنى يېزىڭ ۋە مەسىلىلىك قوشۇمچە ھۆججەت ۋە تۈرلەرگە بەلگە "
            "قويۇڭ. ئەنگە ئالدۇرغۇچى ئورۇن سەۋەب ۋە بەلگىلەرنى كۆرۈپ، تۈزىتىپ "
            "قايتا تاپشۇرىدۇ.</p>",
        ),
        (
            "warning",
            DECIDE,
            "",
            "<p>审核人员不能修改备案内容。每次办理都会记下办理部门、办理人、办理时间"
            "和意见，不能删除。</p>",
            "<p>تەكشۈرگۈچىلەر ئەنگە ئالدۇرۇش مەزمۇنىنى ئۆزگەرتەلمەيدۇ. ھەر قېتىملىق "
            "بىر تەرەپ قىلىشتا تارماق، بىر تەرەپ قىلغۇچى، ۋاقىت ۋە پىكىر "
            "خاتىرىلىنىدۇ، ئۆچۈرگىلى بولمايدۇ.</p>",
        ),
        (
            "note",
            DECIDE,
            "",
            "<p>中小学（幼儿园）、中职和高校教师系列的高级职称备案，要经自治区教育厅"
            "同意后，才会转到自治区人社厅核准。</p>",
            "<p>باشلانغۇچ-ئوتتۇرا مەكتەپ (يەسلى)، ئوتتۇرا كەسپىي مەكتەپ ۋە ئالىي "
            "مەكتەپ ئوقۇتقۇچىلىرى سېرىيىسىنىڭ يۇقىرى دەرىجىلىك ئەنگە "
            "ئالدۇرۇشلىرى ئاپتونوم رايونلۇق مائارىپ نازارىتى قوشۇلغاندىن "
            "كېيىنلا ئاپتونوم رايونلۇق ئادەم كۈچى بايلىقى ۋە ئىجتىمائىي "
            "كاپالەت نازارىتىگە تەستىقلاشقا يوللىنىدۇ.</p>",
        ),
        (
            "heading",
            SEND_BACK,
            "",
            "退回修改",
            "ئۆزگەرتىش ئۈچۈن قايتۇرۇش",
        ),
        (
            "step",
            SEND_BACK,
            "reason",
            "<p>在“理由”中写明哪里有问题、应当怎样改。备案单位看到的就是这段话，"
            "请写具体，例如“会议纪要缺少签字页，请补扫后重新上传”。</p>",
            "<p>«سەۋەبى» گە قايسى يېرىدە مەسىلە بارلىقىنى ۋە قانداق تۈزىتىش "
            "كېرەكلىكىنى يېزىڭ. ئەنگە ئالدۇرغۇچى ئورۇن دەل مۇشۇ سۆزلەرنى "
            "كۆرىدۇ، شۇڭا ئېنىق يېزىڭ، مەسىلەن «يىغىن خاتىرىسىنىڭ ئىمزا بېتى "
            "كەم، قايتا سكانېرلاپ يۈكلەڭ».</p>",
            "return",
        ),
        (
            "step",
            SEND_BACK,
            "flagged",
            "<p>在“需修改内容”中勾选有问题的附件和字段。备案单位修改时，这些地方会"
            "标记出来。</p>",
            "<p>«ئۆزگەرتىدىغان جايلار» دا مەسىلىلىك قوشۇمچە ھۆججەت ۋە تۈرلەرگە "
            "بەلگە قويۇڭ. ئەنگە ئالدۇرغۇچى ئورۇن تۈزەتكەندە، بۇ جايلار "
            "بەلگىلىنىپ كۆرسىتىلىدۇ.</p>",
        ),
        (
            "note",
            SEND_BACK,
            "",
            "<p>退回后，备案回到备案单位，修改后可以重新提交到您所在部门；评审年度、"
            "数据来源和备案级别不能改。自治区教育厅不同意时，备案也这样退回。</p>",
            "<p>قايتۇرۇلغاندىن كېيىن، ئەنگە ئالدۇرۇش ئەنگە ئالدۇرغۇچى ئورۇنغا "
            "قايتىدۇ؛ ئۇلار تۈزىتىپ، تارمىقىڭىزغا قايتا تاپشۇرالايدۇ. باھالاش "
            "يىلى، سانلىق مەلۇمات مەنبەسى ۋە ئەنگە ئالدۇرۇش دەرىجىسىنى "
            "ئۆزگەرتكىلى بولمايدۇ. ئاپتونوم رايونلۇق مائارىپ نازارىتى "
            "قوشۇلمىسىمۇ، ئەنگە ئالدۇرۇش مۇشۇ ئۇسۇلدا قايتۇرۇلىدۇ.</p>",
        ),
    ],
}

CERTIFICATES = {
    "slug": "certificates",
    "zh-hans": {
        "title": "职称电子证书指南",
        "summary": "核准部门如何签发、下载和撤销职称电子证书，以及如何查验证书。",
    },
    "ug": {
        "title": "ئېلېكترونلۇق كەسپىي ئۇنۋان گۇۋاھنامىسى قوللانمىسى",
        "summary": "تەستىقلىغان تارماق ئېلېكترونلۇق كەسپىي ئۇنۋان گۇۋاھنامىسىنى "
        "قانداق تارقىتىدۇ، چۈشۈرىدۇ ۋە بىكار قىلىدۇ، شۇنداقلا گۇۋاھنامە قانداق "
        "دەلىللىنىدۇ.",
    },
    "sections": [
        (
            "step",
            CERTIFICATES,
            "",
            "<p>备案核准后，核准部门的审核人员在备案页面的“证书”部分点击“签发证书”。"
            "系统为备案中的每份申请书生成一张证书，每张证书都有唯一的证书编号和"
            "验证码。</p>",
            "<p>ئەنگە ئالدۇرۇش تەستىقلانغاندىن كېيىن، تەستىقلىغان تارماقنىڭ "
            "تەكشۈرگۈچىسى ئەنگە ئالدۇرۇش بېتىدىكى «گۇۋاھنامىلەر» قىسمىدا "
            "«گۇۋاھنامە تارقىتىش» نى بېسىدۇ. سىستېما ئەنگە ئالدۇرۇشتىكى ھەر بىر "
            "ئىلتىماسنامە ئۈچۈن بىر گۇۋاھنامە تەييارلايدۇ؛ ھەر بىر گۇۋاھنامىنىڭ "
            "ئۆزىگە خاس گۇۋاھنامە نومۇرى ۋە دەلىللەش كودى بولىدۇ.</p>",
        ),
        (
            "step",
            CERTIFICATES,
            "",
            "<p>证书的 PDF 生成后，可以逐张下载，也可以打包下载全部证书。</p>",
            "<p>گۇۋاھنامىلەرنىڭ PDF ھۆججىتى تەييار بولغاندىن كېيىن، ئۇلارنى بىر-"
            "بىرلەپ ياكى ھەممىسىنى بىر بولاق قىلىپ چۈشۈرەلەيسىز.</p>",
            "certificates",
        ),
        (
            "warning",
            CERTIFICATES,
            "",
            "<p>证书有误时，点击“撤销证书”并写明理由。撤销不能恢复；此后查验这张证书，"
            "会看到它已被撤销及撤销时间。</p>",
            "<p>گۇۋاھنامىدە خاتالىق بولسا، «گۇۋاھنامىنى بىكار قىلىش» نى بېسىپ "
            "سەۋەبىنى يېزىڭ. بىكار قىلىشنى ئەسلىگە كەلتۈرگىلى بولمايدۇ؛ شۇنىڭدىن "
            "كېيىن بۇ گۇۋاھنامە دەلىللەنسە، ئۇنىڭ بىكار قىلىنغانلىقى ۋە ۋاقتى "
            "كۆرۈنىدۇ.</p>",
        ),
        (
            "note",
            CERTIFICATES,
            "",
            "<p>任何人都可以凭证书编号和验证码查验证书，无需登录。</p>",
            "<p>ھەر قانداق ئادەم گۇۋاھنامە نومۇرى ۋە دەلىللەش كودى ئارقىلىق "
            "گۇۋاھنامىنى دەلىللىيەلەيدۇ، تىزىملىتىپ كىرىشنىڭ ھاجىتى يوق.</p>",
        ),
        ("heading", REVOKE, "", "撤销证书", "گۇۋاھنامىنى بىكار قىلىش"),
        (
            "step",
            REVOKE,
            "reason",
            "<p>在“撤销理由”中写明撤销的原因。理由随证书保存；查验证书的人只能看到"
            "证书已被撤销以及撤销时间。</p>",
            "<p>«بىكار قىلىش سەۋەبى» گە نېمە ئۈچۈن بىكار قىلىنغانلىقىنى يېزىڭ. "
            "سەۋەب گۇۋاھنامە بىلەن بىللە ساقلىنىدۇ؛ گۇۋاھنامىنى دەلىللىگۈچى "
            "پەقەت ئۇنىڭ بىكار قىلىنغانلىقىنى ۋە بىكار قىلىنغان ۋاقىتنىلا "
            "كۆرەلەيدۇ.</p>",
        ),
    ],
}

GUIDES = [POST_REVIEW_FILING, REVIEWING, CERTIFICATES]

# What content editors may do with pages below the guide index, and with the
# images (the guides' screenshots) of the root collection.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def screenshot(name, language):
    """The Wagtail image of screenshot `name` in `language`, made on first use.

    None when the file is missing: the step then shows without a picture.
    """
    path = SCREENSHOTS / language / f"{name}.png"
    if not path.exists():
        return None
    caption = caption_of(name, language)
    Image = get_image_model()
    image = Image.objects.filter(title=caption).first()
    if image is None:
        with path.open("rb") as file:
            image = Image(title=caption, collection=root_collection())
            image.file = ImageFile(file, name=f"guide-{language}-{name}.png")
            image.save()
    return image


def caption_of(name, language):
    chinese, uyghur = CAPTIONS[name]
    return chinese if language == default_language() else uyghur


def body_of(sections, language):
    """The StreamField data of `sections` in `language` (its column)."""
    column = 3 if language == default_language() else 4
    body = []
    for section in sections:
        kind, wizard_step, field = section[:3]
        text = section[column]
        shot = section[5] if len(section) > 5 else None
        if kind == "heading":
            value = {"text": text}
        elif kind == "step":
            image = screenshot(shot, language) if shot else None
            value = {
                "text": text,
                "image": image.pk if image else None,
                "caption": caption_of(shot, language) if image else "",
            }
        else:
            value = {"body": text}
        body.append(
            {
                "type": kind,
                "value": {**value, "wizard_step": wizard_step, "field": field},
            }
        )
    return body


def publish(page):
    page.save_revision().publish()


def translate(page, locale, **fields):
    """The page's translation into `locale`, created and published if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = CopyPageForTranslationAction(
        page, locale, include_subtree=False
    ).execute(skip_permission_checks=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    publish(translated)
    return translated


def content_locales():
    """The default locale first; the migrations create them, a flush does not."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    codes.sort(key=lambda code: code != default_language())
    return [Locale.objects.get_or_create(language_code=code)[0] for code in codes]


def root_collection():
    root = Collection.get_first_root_node()
    if root is None:
        # As with the root page: only a database emptied after migrating.
        root = Collection.add_root(name="Root")
    return root


def root_page(locale):
    root = Page.get_first_root_node()
    if root is None:
        # Only a database emptied after migrating (as browser tests do) lacks it.
        name = settings.WAGTAIL_SITE_NAME
        root = Page.add_root(instance=Page(title=name, slug="root", locale=locale))
    return root


def load_guide_index():
    """The guide index in every content language, under the root page."""
    chinese, *others = content_locales()
    index = GuideIndexPage.objects.filter(locale=chinese).first()
    if index is None:
        index = root_page(chinese).add_child(
            instance=GuideIndexPage(
                slug=INDEX["slug"], locale=chinese, **INDEX[chinese.language_code]
            )
        )
        publish(index)
    for locale in others:
        if locale.language_code in INDEX:
            translate(index, locale, **INDEX[locale.language_code])
    return index


def load_guide(index, guide):
    chinese = index.locale
    page = GuidePage.objects.filter(
        locale=chinese, slug=guide["slug"], path__startswith=index.path
    ).first()
    if page is None:
        page = index.add_child(
            instance=GuidePage(
                slug=guide["slug"],
                locale=chinese,
                body=body_of(guide["sections"], chinese.language_code),
                **guide[chinese.language_code],
            )
        )
        publish(page)
    for locale in Locale.objects.exclude(pk=chinese.pk):
        if locale.language_code in guide:
            translate(
                page,
                locale,
                body=body_of(guide["sections"], locale.language_code),
                **guide[locale.language_code],
            )
    return page


def allow_editors(index, group_name):
    group = Group.objects.get(name=group_name)
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        for page in [index, *index.get_translations()]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
    root = root_collection()
    for codename in EDITOR_IMAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailimages", codename=codename
        )
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def load_guides(editors_group=None):
    """The guide index and the shipped guides; returns the Chinese pages, in order."""
    index = load_guide_index()
    guides = [load_guide(index, guide) for guide in GUIDES]
    if editors_group:
        allow_editors(index, editors_group)
    return guides
