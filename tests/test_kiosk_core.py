"""Core rules of the kiosk features: which pages read aloud, how large a QR code is drawn, and
which site_url a phone could not reach."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import segno

from pufa.core.kiosk.qr import PX_PER_MODULE, points_nowhere, qr_px, qr_svg
from pufa.core.kiosk.reading import reads_aloud


@pytest.mark.parametrize(("src", "reads"), [
    ("laws/moj/legal-aid.md", True), ("cases/moj/wage-case.md", True), ("statutes/民法典.md", True),
    ("statutes/民法典/婚姻家庭编.md", True), ("calendar/index.md", True), ("calendar/moj.md", True),
    ("index.md", False), ("laws/index.md", False), ("agencies/moj.md", False), ("topics/labour.md", False),
    ("statutes/category/civil.md", False), ("statutes/index.md", False), ("search.md", False),
    ("calendar/pufa.ics", False),
])
def test_reading_pages_are_explainers_cases_statutes_and_calendars(src, reads):
    assert reads_aloud(src) is reads


def test_a_long_chinese_address_gets_three_px_a_module_and_fewer_modules_than_plain_bytes():
    url = "https://pufa.example.gov.cn/statutes/" + quote("中华人民共和国国有土地上房屋征收与补偿条例") + "/"
    svg = qr_svg(url, "本页二维码")
    modules = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    side = int(re.search(r'width="(\d+)"', svg).group(1))
    assert side == qr_px(url) and side >= PX_PER_MODULE * modules
    plain = segno.make(url, error="m", micro=False).symbol_size(border=2)[0]
    assert modules < plain


@pytest.mark.parametrize(("site_url", "nowhere"), [
    (None, True), ("http://127.0.0.1:8000/", True), ("http://localhost/", True), ("http://[::1]/", True),
    ("http://0.0.0.0:8000/", True), ("http://kiosk.local/", True),
    ("https://pufa.example.gov.cn/", False), ("http://10.1.2.3/", False),
])
def test_site_urls_a_phone_cannot_reach(site_url, nowhere):
    assert points_nowhere(site_url) is nowhere
