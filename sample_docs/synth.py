"""Synthetic personal data for the sample set: valid-looking, never real people, reproducible from a seed.

ID numbers carry a correct GB 11643 check digit and a real birth date; bank card numbers pass Luhn. The decoy
generators make numbers that look the same but must fail those checks.
"""

from __future__ import annotations

import datetime as dt
import random

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# 临沂 districts and counties, plus a few from elsewhere (area codes only; the people are invented).
AREAS = ("371312", "371302", "371311", "371321", "371322", "371323", "371325", "371326", "510902", "370102")
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "182", "187", "188",
                   "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "189", "177", "199")
CARD_PREFIXES = ("622202", "621700", "622848", "623052", "621226", "622908", "621799")
SURNAMES = tuple("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁"
                 "魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹")
COMPOUND_SURNAMES = ("欧阳", "诸葛", "司马", "上官", "皇甫", "令狐", "慕容", "东方")
GIVEN = ("建国", "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀兰", "霞", "刚", "桂英", "玉兰", "志强", "红梅", "海燕", "立新", "淑珍", "永红", "德福",
         "春华", "桂兰", "文静", "子涵", "浩然", "雨轩", "玉珍", "金凤", "宏伟", "晓东", "振华", "庆丰", "凤英")
ROADS = ("东兴路", "沂河路", "解放路", "滨河东路", "温泉路", "凤仪街", "工业大道", "孝河路", "东夷大街", "八一路")
TOWNS = ("九曲街道", "芝麻墩街道", "凤凰岭街道", "汤头街道", "太平街道", "郑旺镇", "汤河镇", "相公街道", "朝阳街道")
VILLAGES = ("沂河", "前湖", "后湖", "大官庄", "小岭", "葛沟", "朱陈", "东王庄", "西相公", "鲍家")
ESTATES = ("锦绣花园小区", "沂河新城小区", "凤凰城小区", "东方名居小区", "温泉花苑小区", "翰林苑小区")


def id_check_digit(body17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn check."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_digit(body: str) -> str:
    """The Luhn check digit to append to ``body``."""
    return next(c for c in "0123456789" if luhn_ok(body + c))


def valid_id(number: str) -> bool:
    """An 18-character ID with a correct check digit and a real birth date (used to keep cards and decoys apart)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date(2026, 1, 1) and id_check_digit(number[:17]) == number[17].upper()


class Synth:
    """A seeded source of synthetic people; every call advances the same random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._used_names: set[str] = set()

    def _birth(self, first: int = 1940, last: int = 2004) -> dt.date:
        start = dt.date(first, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(last, 12, 28).toordinal()))

    def id_card(self, check: str | None = None) -> str:
        """An 18-digit ID; ``check`` forces the check character (e.g. "X"), retrying the sequence number."""
        while True:
            body = self.rng.choice(AREAS) + self._birth().strftime("%Y%m%d") + f"{self.rng.randint(1, 999):03d}"
            digit = id_check_digit(body)
            if check is None or digit == check:
                return body + digit

    def id_card15(self) -> str:
        """A legacy 15-digit ID: area, YYMMDD (19YY), sequence."""
        return self.rng.choice(AREAS) + self._birth(1930, 1984).strftime("%y%m%d") + f"{self.rng.randint(1, 999):03d}"

    def bad_id(self) -> str:
        """18 digits with a real birth date but a wrong check digit, and failing Luhn so no card detector wants it."""
        while True:
            good = self.id_card()
            if good[17] == "X":
                continue
            for wrong in "0123456789":
                cand = good[:17] + wrong
                if cand != good and not luhn_ok(cand):
                    return cand

    def bank_card(self, length: int = 19) -> str:
        """A Luhn-valid card number of ``length`` digits that is not also a valid ID number."""
        while True:
            body = self.rng.choice(CARD_PREFIXES)
            body += "".join(self.rng.choice("0123456789") for _ in range(length - 1 - len(body)))
            card = body + luhn_digit(body)
            if not valid_id(card):
                return card

    def bad_card(self, length: int = 16) -> str:
        """A card-like number that fails Luhn."""
        card = self.bank_card(length)
        return card[:-1] + str((int(card[-1]) + 3) % 10)

    def mobile(self) -> str:
        """An 11-digit mainland mobile number."""
        return self.rng.choice(MOBILE_PREFIXES) + "".join(self.rng.choice("0123456789") for _ in range(8))

    def landline(self, area: str = "0539") -> str:
        """An area code and a 7- or 8-digit local number, hyphen-separated."""
        first = self.rng.choice("2345678")
        rest = "".join(self.rng.choice("0123456789") for _ in range(6 if len(area) == 4 else 7))
        return f"{area}-{first}{rest}"

    def name(self, compound: bool = False) -> str:
        """A fresh two-to-four character name, never repeated within one run."""
        while True:
            surname = self.rng.choice(COMPOUND_SURNAMES) if compound else self.rng.choice(SURNAMES)
            name = surname + self.rng.choice(GIVEN)
            if name not in self._used_names and len(name) <= 4:
                self._used_names.add(name)
                return name

    def village_address(self, prefix: str = "河东区") -> str:
        """A rural address down to the village group and house number."""
        town, village = self.rng.choice(TOWNS), self.rng.choice(VILLAGES)
        return f"{prefix}{town}{village}村{self.rng.randint(1, 12)}组{self.rng.randint(1, 80)}号"

    def street_address(self, prefix: str = "临沂市河东区") -> str:
        """An urban address down to the flat."""
        road = self.rng.choice(ROADS)
        return (f"{prefix}{road}{self.rng.randint(1, 300)}号{self.rng.randint(1, 20)}栋"
                f"{self.rng.randint(1, 4)}单元{self.rng.randint(1, 18)}0{self.rng.randint(1, 4)}室")

    def estate_address(self, prefix: str = "河东区") -> str:
        """An address in a housing estate, by building, entrance and flat."""
        estate = self.rng.choice(ESTATES)
        return (f"{prefix}{estate}{self.rng.randint(1, 30)}栋{self.rng.randint(1, 3)}单元"
                f"{self.rng.randint(1, 24)}0{self.rng.randint(1, 4)}室")

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        """One of ``options``."""
        return self.rng.choice(list(options))

    def amount(self) -> str:
        """A subsidy amount in yuan, as printed in a 公示 table."""
        return f"{self.rng.randint(3, 60) * 100:,}.00"


def fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (U+FF01..U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def id_style(number: str, style: str) -> str:
    """An ID number written the ways clerks write it: plain, lower-case x, full-width, grouped 6-8-4."""
    if style == "lower":
        return number.lower()
    if style == "fw":
        return fullwidth(number)
    if style in ("space", "hyphen"):
        sep = " " if style == "space" else "-"
        return f"{number[:6]}{sep}{number[6:14]}{sep}{number[14:]}"
    return number


def mobile_style(number: str, style: str) -> str:
    """A mobile number with the prefixes and separators seen in real documents."""
    grouped = {"space": " ", "hyphen": "-"}
    if style in grouped:
        sep = grouped[style]
        return f"{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    prefixes = {"+86": "+86", "+86 ": "+86 ", "0086 ": "0086 ", "86-": "86-"}
    if style in prefixes:
        return prefixes[style] + number
    if style == "fw":
        return fullwidth(number)
    return number


def card_style(number: str, style: str) -> str:
    """A card number plain or grouped in fours by spaces or hyphens."""
    if style in ("space", "hyphen"):
        sep = " " if style == "space" else "-"
        return sep.join(number[i:i + 4] for i in range(0, len(number), 4))
    return number
