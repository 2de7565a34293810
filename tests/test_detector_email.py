"""EmailDetector: local@domain.tld, full-width forms included, masked addresses left alone."""

from __future__ import annotations

import pytest

from review.detectors.email import EmailDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = EmailDetector(ScanSettings())


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positives
        ("电子邮箱：zhangsan@example.com。", ["zhangsan@example.com"]),
        ("邮箱zhangsan@example.com，", ["zhangsan@example.com"]),
        ("li.si+tag@mail.gov.cn", ["li.si+tag@mail.gov.cn"]),
        ("邮箱：wang_wu-2026@hd-gov.linyi.gov.cn；", ["wang_wu-2026@hd-gov.linyi.gov.cn"]),
        ("Email: ABC123@QQ.COM.", ["ABC123@QQ.COM"]),
        ("邮箱：ｚｈａｎｇｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", ["ｚｈａｎｇｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ"]),
        ("a@example.com、b@example.org", ["a@example.com", "b@example.org"]),
        ("（邮箱：user1@163.com）", ["user1@163.com"]),
        # negatives: masked
        ("邮箱：zh***n@163.com", []),
        ("邮箱：***@163.com", []),
        ("邮箱：zhang×××@163.com", []),
        ("邮箱：zhangsan@***.com", []),
        # negatives: not an address
        ("@example.com", []),
        ("user@localhost", []),
        ("user@example.c", []),
        ("user@.com", []),
        ("user@-example.com", []),
        ("a..b@example.com", []),
        ("微博 @河东发布 关注", []),
        ("2026年3月1日", []),
    ],
)
def test_email_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_email_span_indexes_the_original_text() -> None:
    text = "联系邮箱：ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｇｏｖ．ｃｎ。"
    block = TextBlock(text, "body", 0, "正文第1段")
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.kind, finding.start, finding.end) == ("email", 5, 24)
    assert finding.text == text[5:24]
