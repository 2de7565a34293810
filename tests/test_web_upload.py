"""The drafter's upload and revision forms: the limit and types shown, the drop zone script served under the CSP,
the script's JSON answer, and in a real browser a dropped sample uploading with progress to its scan result."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import browser_support
import pytest
from browser_support import *  # noqa: F403  (fixtures)
from browser_support import PLAYWRIGHT_MISSING, Person, add_demo_users
from flask import Flask
from sqlmodel import Session, func, select
from test_web_support import *  # noqa: F403  (fixtures: app, make_app, people, stage; not its `browser`)
from test_web_support import Browser, Flow, add_people, fake_upload, marking_places, state_of, wf

from review.model import ScanReport
from review.scanner import Scanner
from review.settings import ScanSettings
from web import create_app
from workflows.migrate import create_schema
from workflows.models import Document

XHR = {"X-Requested-With": "XMLHttpRequest"}
SAMPLE = "gongshi_dibao.docx"  # 主动公开 marking, personal data in a table
SCAN_DELAY_SECONDS = 1.5  # the browser test's scanner waits this long, so "正在检查…" can be seen and photographed


class _Tags(HTMLParser):
    """The script and stylesheet tags of a page, and whatever inline code the CSP would block (handlers, styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.styles: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False
        self.inline_code = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on") or name == "style"]
        if tag in ("script", "style"):
            self.scripts.append(values.get("src"))
            self._in_script = True
        if tag == "link" and values.get("rel") == "stylesheet":
            self.styles.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_code += data.strip()


def _tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _upload_form(html: str, action: str) -> str:
    found = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S)
    assert found, f"no form posting to {action}"
    return found.group(0)


@pytest.fixture
def web(app: Flask) -> Browser:
    """A signed-out test client on the SQLite app (``browser`` is Chromium in this module)."""
    return Browser(app.test_client())


def _documents(application: Flask) -> int:
    with Session(wf(application).engine) as s:
        return s.exec(select(func.count()).select_from(Document)).one()


# --- the pages, through the Flask test client ------------------------------------------------------------------


@pytest.mark.parametrize("megabytes, shown, limit_bytes", [(20, "20 MB", 20 * 1024 * 1024), (0.5, "0.5 MB", 524288)])
def test_the_upload_form_shows_the_limit_and_the_accepted_types(make_app: Callable[..., Flask], megabytes: float,
                                                                shown: str, limit_bytes: int) -> None:
    app = make_app(MAX_UPLOAD_MB=megabytes)
    add_people(wf(app).engine)
    web = Browser(app.test_client())
    web.login("drafter1")
    form = _upload_form(web.get("/drafter/").get_data(as_text=True), "/drafter/upload")
    assert f"不超过 {shown}" in form
    assert f'data-max-bytes="{limit_bytes}"' in form and f'data-max-label="{shown}"' in form
    accept = re.search(r'<input type="file"[^>]*accept="([^"]+)"', form)
    assert accept and {".docx", ".pdf", "application/pdf"} <= set(accept.group(1).split(","))
    assert 'name="csrf_token"' in form  # the script sends the form's own fields, the token among them
    wf(app).engine.dispose()


def test_the_script_and_style_come_from_static_and_the_page_has_no_inline_script(web: Browser,
                                                                                  people: object) -> None:
    web.login("drafter1")
    response = web.get("/drafter/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    tags = _tags(response.get_data(as_text=True))
    assert tags.scripts == ["/static/upload.js"]
    assert "/static/upload.css" in tags.styles
    assert tags.inline_code == "" and tags.handlers == []
    with web.get("/static/upload.js") as script:  # a static file is streamed: close it, or it warns
        assert script.status_code == 200
        assert script.mimetype in ("text/javascript", "application/javascript")
        assert "XMLHttpRequest" in script.get_data(as_text=True)
    with web.get("/static/upload.css") as style:
        assert style.status_code == 200 and style.mimetype == "text/css"


def test_the_revision_form_is_a_drop_zone_with_the_limit_too(app: Flask, web: Browser, stage: Flow) -> None:
    doc = stage.new()
    web.login("drafter1")
    html = web.get(f"/drafter/doc/{doc}").get_data(as_text=True)
    form = _upload_form(html, f"/drafter/doc/{doc}/revise")
    assert "data-upload" in form and "data-dropzone" in form and "不超过 50 MB" in form
    tags = _tags(html)
    assert tags.scripts == ["/static/upload.js"] and tags.inline_code == "" and tags.handlers == []


def test_the_script_gets_the_result_address_and_the_message_waits_for_that_page(app: Flask, web: Browser,
                                                                                 people: object,
                                                                                 tmp_path: Path) -> None:
    web.login("drafter1")
    response = web.post("/drafter/upload", data={"title": "拖放上传", "file": fake_upload(tmp_path)}, headers=XHR)
    assert response.status_code == 200 and response.mimetype == "application/json"
    location = json.loads(response.get_data(as_text=True))["location"]
    assert re.fullmatch(r"/drafter/doc/\d+", location)
    page = web.get(location).get_data(as_text=True)
    assert "文件已上传并完成检查" in page and "拖放上传" in page


def test_a_revision_from_the_script_gets_the_address_too(app: Flask, web: Browser, stage: Flow,
                                                         tmp_path: Path) -> None:
    doc = stage.new()
    web.login("drafter1")
    response = web.post(f"/drafter/doc/{doc}/revise", headers=XHR,
                            data={"revision": state_of(app, doc)[1], "file": fake_upload(tmp_path)})
    assert response.status_code == 200
    assert json.loads(response.get_data(as_text=True)) == {"location": f"/drafter/doc/{doc}"}
    assert "修改稿已上传并完成检查" in web.get(f"/drafter/doc/{doc}").get_data(as_text=True)


def test_a_refusal_to_the_script_carries_the_message_it_shows(app: Flask, web: Browser, people: object) -> None:
    import io

    web.login("drafter1")
    data = {"title": "伪装", "file": (io.BytesIO(b"just text, not a document"), "说明.docx")}
    response = web.post("/drafter/upload", data=data, headers=XHR)
    assert response.status_code == 415
    # upload.js shows the text of the page's .flash-error; it must be the server's own words
    html = response.get_data(as_text=True)
    assert re.search(r'class="flash flash-error"[^>]*>[^<]*只受理 \.docx 和 \.pdf 文件', html)
    assert _documents(app) == 0


def test_a_plain_form_post_still_redirects(web: Browser, people: object, tmp_path: Path) -> None:
    web.login("drafter1")
    response = web.post("/drafter/upload", data={"title": "无脚本", "file": fake_upload(tmp_path)})
    assert response.status_code == 302 and re.search(r"/drafter/doc/\d+$", response.headers["Location"])


def test_the_scan_result_shows_each_finding_in_context_with_its_page(make_app: Callable[..., Flask],
                                                                    sample_dir: Path) -> None:
    source = sample_dir / "huiyi_jiyao_juemi.pdf"  # 绝密 marking, 不予公开 marking, names on page 1
    if not source.is_file():
        pytest.skip("huiyi_jiyao_juemi.pdf not generated (run sample_docs/make_samples.py)")
    report = Scanner(ScanSettings()).scan(source)
    app = make_app(SCAN=None)  # the real scanner
    add_people(wf(app).engine)
    web = Browser(app.test_client())
    web.login("drafter1")
    with source.open("rb") as handle:
        response = web.post("/drafter/upload", data={"title": "会议纪要", "file": (handle, source.name)})
    html = web.get(response.headers["Location"]).get_data(as_text=True)
    assert report.secrecy is not None and report.attribute.value is not None
    assert f"{report.attribute.value}（“{report.attribute.marking}”）" in html
    assert marking_places(html) == [(report.attribute.marking, "正文 第1页")]  # the marking, highlighted, and where
    secrecy = re.search(r'<span class="bad">(.*?)</span>\s*<span class="place">(.*?)</span>', html)
    assert secrecy is not None and secrecy.groups() == (report.secrecy.marking, "正文 第1页")
    rows = re.findall(r'<td class="pii">(.*?)</td>\s*<td>(.*?)</td>\s*<td class="context">(.*?)</td>', html, re.S)
    assert len(rows) >= 3
    assert sorted(text for text, _, _ in rows) == sorted(f.text for f in report.personal_data)
    for text, where, context in rows:
        assert re.search(r"第\d+页", where), where
        assert f"<mark>{text}</mark>" in context and context.startswith("…")
    wf(app).engine.dispose()


# --- in a real browser -------------------------------------------------------------------------------------------
# The live app is browser_support's with one change: the real scanner pauses first, so the page's "正在检查…" state
# lasts long enough to be seen; a test also counts its documents.


def _slow_scan(max_upload_mb: float) -> Callable[[Path], ScanReport]:
    scanner = Scanner(ScanSettings.with_max_upload_mb(max_upload_mb))

    def scan(path: Path) -> ScanReport:
        time.sleep(SCAN_DELAY_SECONDS)
        return scanner.scan(path)

    return scan


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[Flask]:
    """Overrides browser_support's app: the same, but with the slowed scanner above."""
    application = create_app({"SECRET_KEY": "browser-test", "INSTANCE_PATH": str(tmp_path / "instance"),
                              "DATABASE_URL": None, "SCAN": _slow_scan(50.0), "REDACTOR": None})
    create_schema(wf(application).engine)
    add_demo_users(wf(application).engine)
    yield application
    wf(application).engine.dispose()


# Builds a File in the page and drops it on the zone as a person dragging it from their desktop would.
_DROP = """([selector, name, type, base64, padding]) => {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const parts = padding ? [bytes, new Uint8Array(padding)] : [bytes];
  const transfer = new DataTransfer();
  transfer.items.add(new File(parts, name, {type}));
  const zone = document.querySelector(selector);
  for (const kind of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(kind, {bubbles: true, cancelable: true, dataTransfer: transfer}));
  }
}"""
# Reports each state the form passes through and the progress bar's value at that moment.
_WATCH = """(form) => {
  const bar = form.querySelector("progress");
  const report = () => window.uploadSeen(form.dataset.state || "", bar.getAttribute("value"));
  new MutationObserver(report).observe(form, {attributes: true, attributeFilter: ["data-state"]});
  new MutationObserver(report).observe(bar, {attributes: true, attributeFilter: ["value"]});
}"""
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _drop(drafter: Person, name: str, content: bytes, padding: int = 0, mime: str = DOCX_TYPE) -> None:
    encoded = base64.b64encode(content).decode("ascii")
    drafter.page.evaluate(_DROP, ["form[action$='/upload'] [data-dropzone]", name, mime, encoded, padding])


def _upload_posts(drafter: Person) -> list[str]:
    """Every POST the page sends to the upload address from now on."""
    posts: list[str] = []
    drafter.page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/upload" in r.url else None)
    return posts


def _home(person: Callable[[str], Person]) -> Person:
    pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING)
    drafter = person("drafter")
    drafter.sign_in("drafter1")
    return drafter


@pytest.mark.slow
def test_a_dropped_sample_uploads_with_progress_and_lands_on_its_findings(
        person: Callable[[str], Person], sample_dir: Path, live_app: Flask) -> None:
    from playwright.sync_api import expect

    source = sample_dir / SAMPLE
    if not source.is_file():
        pytest.skip(f"{SAMPLE} not generated (run sample_docs/make_samples.py)")
    expected = sorted(f.text for f in Scanner(ScanSettings()).scan(source).personal_data)
    drafter = _home(person)
    page = drafter.page
    form = page.locator("form[action$='/upload']")
    expect(form).to_have_class(re.compile(r"\bupload-enhanced\b"))
    form.screenshot(path=str(drafter.camera.path("drafter", "dropzone")))
    seen: list[tuple[str, str | None]] = []
    page.expose_function("uploadSeen", lambda state, value: seen.append((state, value)))
    form.evaluate(_WATCH)
    posts = _upload_posts(drafter)

    _drop(drafter, SAMPLE, source.read_bytes())
    kilobytes = -(-source.stat().st_size // 1024)
    expect(form.locator("[data-upload-file]")).to_contain_text(f"已选择：{SAMPLE}（{kilobytes} KB）")
    expect(page.get_by_label("文件标题")).to_have_value("gongshi_dibao")  # the file's name, until the clerk edits it
    page.get_by_label("文件标题").fill("城乡低保对象公示（拖放上传）")
    drafter.shot("dropped")
    with page.expect_navigation(url=re.compile(r"/drafter/doc/\d+$")):
        form.get_by_role("button", name="上传并检查").click()
        expect(form.locator(".upload-progress-text")).to_have_text(re.compile("正在检查"))
        expect(form.locator("progress")).to_be_visible()
        drafter.shot("scanning")
    drafter.shot("result")

    assert len(posts) == 1
    states = [state for state, _ in seen]
    assert "uploading" in states and "scanning" in states
    assert states.index("uploading") < states.index("scanning")
    assert ("uploading", "100") in seen  # the bar reached the end of the transfer before the scan began
    expect(page.locator(".flash-success")).to_contain_text("文件已上传并完成检查")
    expect(page.locator("table.facts").nth(1)).to_contain_text("已完整读取")
    expect(page.locator("table.facts").nth(1)).to_contain_text("主动公开")
    assert sorted(t.strip() for t in page.locator("section td.pii").all_inner_texts()) == expected
    assert sorted(t.strip() for t in page.locator("td.context mark").all_inner_texts()) == expected
    assert _documents(live_app) == 1


@pytest.mark.slow
@pytest.mark.parametrize("name, size, mime, message", [
    ("通知.txt", 1000, "text/plain", "只受理 Word 文档（.docx）和 PDF 文件（.pdf）"),
    ("旧版通知.doc", 1000, "application/msword", "旧版 .doc 文件请先另存为 .docx"),
    ("很大的公示.docx", 60 * 1024 * 1024, DOCX_TYPE, "有 60.0 MB，超过上限 50 MB"),
])
def test_a_wrong_file_is_refused_in_the_page_and_nothing_is_sent(
        person: Callable[[str], Person], live_app: Flask, screenshots: Path,
        name: str, size: int, mime: str, message: str) -> None:
    from playwright.sync_api import expect

    drafter = _home(person)
    page = drafter.page
    form = page.locator("form[action$='/upload']")
    posts = _upload_posts(drafter)
    page.get_by_label("文件标题").fill("不应上传的文件")
    _drop(drafter, name, b"PK\x03\x04", padding=size - 4, mime=mime)
    expect(form.locator("[data-upload-message]")).to_contain_text(message)
    expect(form.locator("[data-upload-message]")).to_contain_text("未上传")
    expect(form.locator("[data-upload-file]")).to_be_hidden()
    assert form.locator("input[type=file]").evaluate("input => input.files.length") == 0
    # Named by the file's type, not through the camera: each parameter's run would delete the last one's pictures.
    page.screenshot(path=str(screenshots / f"upload-refused-{name.rsplit('.', 1)[1]}.png"), full_page=True)
    form.get_by_role("button", name="上传并检查").click()  # the form has no file: the browser and script refuse
    expect(form.locator("[data-upload-message]")).to_contain_text("请先选择要上传的文件")
    page.wait_for_timeout(300)
    assert posts == [] and _documents(live_app) == 0
    assert re.search(r"/drafter/$", page.url)


@pytest.mark.slow
def test_a_revision_is_dropped_and_uploaded_the_same_way(person: Callable[[str], Person], sample_dir: Path,
                                                        live_app: Flask) -> None:
    from playwright.sync_api import expect

    source = sample_dir / SAMPLE
    if not source.is_file():
        pytest.skip(f"{SAMPLE} not generated (run sample_docs/make_samples.py)")
    drafter = _home(person)
    page = drafter.page
    page.get_by_label("文件标题").fill("修改稿测试")
    page.locator("form[action$='/upload'] input[type=file]").set_input_files(str(source))
    with page.expect_navigation(url=re.compile(r"/drafter/doc/\d+$")):
        page.get_by_role("button", name="上传并检查").click()
    form = page.locator("form[action$='/revise']")
    encoded = base64.b64encode(source.read_bytes()).decode("ascii")
    page.evaluate(_DROP, ["form[action$='/revise'] [data-dropzone]", "修改稿.docx", DOCX_TYPE, encoded, 0])
    expect(form.locator("[data-upload-file]")).to_contain_text("已选择：修改稿.docx")
    form.get_by_label("修改说明").fill("补充公开属性说明")
    with page.expect_navigation(url=re.compile(r"/drafter/doc/\d+$")):
        form.get_by_role("button", name="上传修改稿").click()
        expect(form.locator(".upload-progress-text")).to_have_text(re.compile("正在检查"))
    drafter.shot("revised")
    expect(page.locator(".flash-success")).to_contain_text("修改稿已上传并完成检查")
    expect(page.locator("table.facts").first).to_contain_text("第 2 版（修改稿.docx")


@pytest.mark.slow
def test_a_file_the_server_refuses_shows_its_message_in_the_page(person: Callable[[str], Person],
                                                                 live_app: Flask) -> None:
    from playwright.sync_api import expect

    drafter = _home(person)
    page = drafter.page
    form = page.locator("form[action$='/upload']")
    posts = _upload_posts(drafter)
    page.get_by_label("文件标题").fill("改了后缀的文本")
    _drop(drafter, "通知.docx", "只是一段文字，不是 Word 文档".encode())  # passes the page's check by its name
    form.get_by_role("button", name="上传并检查").click()
    expect(form.locator("[data-upload-message]")).to_have_text(re.compile(r"^上传未成功：只受理 \.docx 和 \.pdf 文件"))
    expect(form.get_by_role("button", name="上传并检查")).to_be_enabled()  # the clerk can choose another file
    drafter.shot("server-refused")
    assert len(posts) == 1 and _documents(live_app) == 0
    assert re.search(r"/drafter/$", page.url)


@pytest.mark.slow
def test_without_javascript_the_plain_form_still_uploads(chromium: Any, live_server: str, sample_dir: Path,
                                                         live_app: Flask, screenshots: Path) -> None:
    from playwright.sync_api import expect

    source = sample_dir / SAMPLE
    if not source.is_file():
        pytest.skip(f"{SAMPLE} not generated (run sample_docs/make_samples.py)")
    context = chromium.new_context(base_url=live_server, locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/auth/login")
        page.get_by_label("用户名").fill("drafter1")
        page.get_by_label("密码").fill(browser_support.PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(re.compile(r".*/drafter/$"))
        form = page.locator("form[action$='/upload']")
        expect(form).not_to_have_class(re.compile(r"\bupload-enhanced\b"))
        expect(form.locator("input[type=file]")).to_be_visible()  # no drop zone: the browser's own file field
        page.get_by_label("文件标题").fill("无脚本上传")
        form.locator("input[type=file]").set_input_files(str(source))
        page.screenshot(path=str(screenshots / "upload-no-javascript.png"), full_page=True)
        with page.expect_navigation(url=re.compile(r"/drafter/doc/\d+$")):
            form.get_by_role("button", name="上传并检查").click()
        expect(page.locator(".flash-success")).to_contain_text("文件已上传并完成检查")
        assert _documents(live_app) == 1
    finally:
        context.close()
