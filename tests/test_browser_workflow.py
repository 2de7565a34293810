"""Whole paths through the pages in a real browser: every role signs in, fills the forms and clicks the buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_support import *  # noqa: F403  (fixtures)
from browser_support import PLAYWRIGHT_MISSING, Person, docx_text
from docx import Document as Docx

from review.scanner import Scanner
from review.settings import ScanSettings

pytestmark = pytest.mark.slow
# Skips the module, saying why, where Playwright is not installed (the browser fixture checks for Chromium).
expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect

MARKED = "gongshi_dibao.docx"  # 主动公开 marking, personal data in a table
UNMARKED = "tongzhi_wu_biaozhu.docx"  # no 公开属性 marking, a name and a mobile number
MASKS = ("*", "＊")  # what a de-identification writer puts in place of masked characters (policy may choose)


def _sample(sample_dir: Path, name: str) -> Path:
    path = sample_dir / name
    if not path.is_file():
        pytest.skip(f"{name} not generated (run sample_docs/make_samples.py)")
    return path


def _upload(drafter: Person, title: str, path: Path) -> int:
    """Upload a file through the form on the drafter's home page; the document's id from the page it lands on."""
    page = drafter.page
    page.get_by_label("文件标题").fill(title)
    page.locator("input[type=file][name=file]").set_input_files(str(path))
    drafter.submit("上传并检查", "uploaded")
    found = re.search(r"/drafter/doc/(\d+)$", page.url)
    assert found, page.url
    return int(found.group(1))


def _declare_proactive(drafter: Person) -> None:
    drafter.page.get_by_role("radio", name="主动公开").check()
    drafter.page.get_by_label("主题分类").select_option("综合政务")
    drafter.submit("申报", "declared", form="/declare")
    expect(drafter.page.locator(".flash-success")).to_contain_text("公开属性已申报")


def _pii_on_page(person: Person) -> list[str]:
    """The personal data the scan table on a document page lists."""
    return [text.strip() for text in person.page.locator("section td.pii").all_inner_texts()]


def _open_from_queue(person: Person, title: str, label: str) -> None:
    """Follow the document's link in the queue the person signed in to."""
    with person.page.expect_navigation():
        person.page.get_by_role("link", name=title).first.click()
    person.shot(label)


def test_marked_document_goes_from_upload_to_the_portal_masked(
        person: Callable[[str], Person], sample_dir: Path, tmp_path: Path) -> None:
    source = _sample(sample_dir, MARKED)
    originals = [f.text for f in Scanner(ScanSettings()).scan(source).personal_data]
    assert len(originals) >= 10
    title = "城乡低保对象公示（浏览器测试）"

    drafter = person("drafter")
    drafter.sign_in("drafter1")
    doc = _upload(drafter, title, source)
    page = drafter.page
    expect(page.locator(".flash-success")).to_contain_text("文件已上传并完成检查")
    expect(page.locator("table.facts").nth(1)).to_contain_text("已完整读取")
    expect(page.get_by_text("（此件公开发布）").first).to_be_visible()
    assert sorted(_pii_on_page(drafter)) == sorted(originals)
    _declare_proactive(drafter)

    office = person("office")
    office.sign_in("office1")
    _open_from_queue(office, title, "document")
    expect(office.page.locator("table.compare")).to_contain_text("主动公开（“（此件公开发布）”）")
    office.submit("审核通过，转保密审查", "accepted", form="/accept")
    expect(office.page.locator(".flash-success")).to_contain_text("已审核通过公开属性")

    secrecy = person("secrecy")
    secrecy.sign_in("secrecy1")
    _open_from_queue(secrecy, title, "document")
    secrecy.page.get_by_label("审查意见（必填）").fill("经审查，不涉及国家秘密和工作秘密，同意公开。")
    secrecy.submit("保密审查通过", "cleared", form="/clear")
    expect(secrecy.page.locator(".flash-success")).to_contain_text("保密审查已通过")

    privacy = person("privacy")
    privacy.sign_in("privacy1")
    _open_from_queue(privacy, title, "document")
    decide = privacy.page.locator("form[action$='/decisions']")
    masks = decide.get_by_role("radio", name="遮盖")
    assert masks.count() == len(originals)
    for index in range(masks.count()):
        masks.nth(index).check()
    privacy.submit("保存处理决定", "decided", form="/decisions")
    expect(privacy.page.locator(".flash-success")).to_contain_text(f"已保存 {len(originals)} 项处理决定")
    privacy.page.get_by_label("批准意见").fill("个人信息已全部遮盖，复查无遗留。")
    privacy.submit("生成去标识化文件、复查并批准", "approved", form="/approve")
    expect(privacy.page.locator(".flash-success")).to_contain_text("复查通过并已批准")
    expect(privacy.page.locator("section.actions").first).to_contain_text(f"遮盖 {len(originals)} 处")

    office.goto(f"/office/doc/{doc}", "to-publish")
    office.submit("公开发布", "published", form="/publish")
    expect(office.page.locator(".flash-success")).to_contain_text("已公开发布")
    index_no = office.page.locator("main a[href^='/gongkai/']").inner_text()  # the 索引号, linked to the portal
    assert re.fullmatch(r"\d+/\d{4}-\d+", index_no), index_no

    public = person("public")
    public.goto("/gongkai/", "portal")
    expect(public.page.locator("table.list")).to_contain_text(index_no)
    with public.page.expect_navigation():
        public.page.get_by_role("link", name=title).click()
    public.shot("entry")
    expect(public.page.locator("h1")).to_have_text(title)
    with public.page.expect_download() as download_info:
        public.page.get_by_role("link", name="下载全文（已去除个人信息）").click()
    saved = tmp_path / "published.docx"
    download_info.value.save_as(saved)
    published = docx_text(saved.read_bytes()).casefold()
    entry_html = public.page.content().casefold()
    for original in originals:
        assert original.casefold() not in published, "personal data left in the published file"
        assert original.casefold() not in entry_html, "personal data on the portal page"
    shown = _visible_text(saved)
    assert sum(shown.count(m) for m in MASKS) >= len(originals), "the published text shows no masking"
    assert "城乡" in shown and "联系电话" in shown  # the rest of the text is still there

    auditor = person("auditor")
    auditor.sign_in("auditor1")
    expect(auditor.page.locator("table.list")).to_contain_text("公开发布")
    auditor.goto(f"/audit/doc/{doc}", "timeline")
    expect(auditor.page.locator("table.list").last.locator("tbody tr")).to_have_count(6)
    auditor.goto("/audit/verify", "verify")
    expect(auditor.page.locator(".flash-success")).to_contain_text("审查记录链完整：6 条记录均通过校验")


def _visible_text(path: Path) -> str:
    """The paragraphs and table cells of a .docx as a reader sees them."""
    document = Docx(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _with_marking(source: Path, target: Path) -> Path:
    """The drafter's fix: the same document with the 公开属性 marking added at its end."""
    document = Docx(str(source))
    document.add_paragraph("（此件公开发布）")
    document.save(str(target))
    return target


def test_unmarked_document_is_returned_with_the_reason_and_resubmitted(
        person: Callable[[str], Person], sample_dir: Path, tmp_path: Path) -> None:
    source = _sample(sample_dir, UNMARKED)
    title = "关于开展培训的通知（浏览器测试）"
    reason = "正文未标注公开属性，请在文末标注“（此件公开发布）”后重新报送。"

    drafter = person("drafter")
    drafter.sign_in("drafter1")
    doc = _upload(drafter, title, source)
    expect(drafter.page.locator("table.facts").nth(1)).to_contain_text("正文未标注")
    _declare_proactive(drafter)

    office = person("office")
    office.sign_in("office1")
    _open_from_queue(office, title, "document")
    expect(office.page.locator("table.compare .bad")).to_have_text("未标注")
    # The guard holds on the server: accepting anyway is refused with the rule, and nothing moves.
    office.submit("审核通过，转保密审查", "accept-refused", form="/accept")
    expect(office.page.locator(".flash-error")).to_contain_text("标注")
    office.goto(f"/office/doc/{doc}", "document-again")
    expect(office.page.locator("table.facts").first).to_contain_text("已申报属性")
    office.page.locator("form[action$='/return']").get_by_label("退文理由").fill(reason)
    office.submit("退文", "returned", form="/return")
    expect(office.page.locator(".flash-success")).to_contain_text("已退文")

    drafter.goto("/drafter/", "home-returned")
    expect(drafter.page.locator("section.warn")).to_contain_text(reason)
    with drafter.page.expect_navigation():
        drafter.page.locator("section.warn").get_by_role("link", name=title).click()
    drafter.shot("document-returned")
    expect(drafter.page.locator("section.warn")).to_contain_text(reason)
    revised = _with_marking(source, tmp_path / "tongzhi_revised.docx")
    form = drafter.page.locator("form[action$='/revise']")
    form.locator("input[type=file]").set_input_files(str(revised))
    form.get_by_label("修改说明").fill("已在文末标注公开属性")
    drafter.submit("上传修改稿", "revised", form="/revise")
    expect(drafter.page.locator(".flash-success")).to_contain_text("修改稿已上传")
    expect(drafter.page.locator("table.facts").first).to_contain_text("第 2 版")
    expect(drafter.page.locator("table.facts").nth(1)).to_contain_text("主动公开（“（此件公开发布）”）")
    _declare_proactive(drafter)

    office.goto(f"/office/doc/{doc}", "resubmitted")
    expect(office.page.locator("table.compare")).to_contain_text("主动公开（“（此件公开发布）”）")
    office.submit("审核通过，转保密审查", "accepted", form="/accept")
    expect(office.page.locator(".flash-success")).to_contain_text("已审核通过公开属性")
    expect(office.page.locator("table.facts").first).to_contain_text("保密审查")
