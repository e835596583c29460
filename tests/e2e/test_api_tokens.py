"""Settings → API tokens in headless Chromium: create one, read its key once, revoke it.

Screenshots go to tests/artefacts/e2e/api-tokens-<language>/.
"""

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from filing.factories import OrganizingUnitFactory, UserFactory
from filing.models import ApiToken
from filing.tokens import hash_key
from tests.e2e.test_guide_help import logged_in_page

pytestmark = pytest.mark.e2e

CREATED = {"zh-hans": "请立即复制密钥", "ug": "ئاچقۇچنى ھازىرلا"}
COPIED = {"zh-hans": "密钥已复制到剪贴板。", "ug": "ئاچقۇچ چاپلاش تاختىسىغا كۆچۈرۈلدى."}


@pytest.mark.parametrize(("language", "direction"), [("zh-hans", "ltr"), ("ug", "rtl")])
def test_an_administrator_creates_reads_once_and_revokes_a_token(
    live_server, browser_context_for, artefacts_dir, language, direction
):
    unit = OrganizingUnitFactory(name="伊犁哈萨克自治州人力资源和社会保障局")
    admin = UserFactory(username=f"admin_{language}", is_superuser=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    shots = artefacts_dir(f"api-tokens-{language}")
    context = browser_context_for(locale="zh-CN")
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page = logged_in_page(context, admin, live_server.url)

    page.goto(f"{live_server.url}/admin/api-tokens/new/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    page.fill("#id_name", "伊犁州申报平台对接")
    page.select_option("#id_organizing_unit", str(unit.pk))
    page.screenshot(path=shots / "1-new.png", full_page=True)
    page.locator("footer button[type=submit]").first.click()

    expect(page.get_by_text(CREATED[language])).to_be_visible()
    key = page.locator("#api-token-key").input_value()
    page.locator("[data-action='w-clipboard#copy']").click()
    expect(page.get_by_text(COPIED[language])).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == key
    page.screenshot(path=shots / "2-created.png", full_page=True)
    token = ApiToken.objects.get()
    assert hash_key(key) == token.key_hash

    page.goto(f"{live_server.url}/admin/api-tokens/")
    expect(page.get_by_text(token.prefix)).to_be_visible()
    assert key not in page.content()
    page.screenshot(path=shots / "3-listing.png", full_page=True)

    page.goto(f"{live_server.url}/admin/api-tokens/edit/{token.pk}/")
    page.check("#id_revoke")
    page.screenshot(path=shots / "4-revoke.png", full_page=True)
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_load_state()
    token.refresh_from_db()
    assert token.revoked_at is not None
