"""Issue 15, "Done when": a Russian-speaking user, on a phone, does everything in Russian.

One walk in headless Chromium at 390x844 with a Russian phone (Accept-Language ru-RU, Moscow time), clicking and
typing as a person would: a cramp now -> first aid; a check-up for a woman 30 weeks pregnant who takes «Магне В6»
and «Но-шпа» -> her plan; her profile saved, three cramps logged in the diary -> the doctor report PDF; «foods top
magnesium» on the command line. Every page visited must show no English: no catalogue text left untranslated
(english_left) and no word in Latin letters besides names of sources, codes and the app's own name. Screenshots go to
/tmp/ruwalk/ (and the report's first page as a PNG) to be looked at.

What is still English is listed in /work/ruwalk-findings.md under an id (W… web, C… CLI, F… foods); a check for a
listed finding is expected to fail (KNOWN below) and the test then ends as xfail naming them. A check that fails for
any other reason fails the test, and so does a listed finding that now passes, so its mark is removed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from english_left import english_left

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(os.environ.get("CRAMPCARE_WALK_SHOTS", "/tmp/ruwalk"))

# Findings of /work/ruwalk-findings.md still open: id -> what is wrong.
KNOWN: dict[str, str] = {}

# Parts of pages that a listed finding is about (checked on their own while it is listed).
TRIGGERS = "label[for^='t-']"  # the diary's possible triggers (under «Ещё: время, сон, …»)
LAB_UNITS = "label[for^='f-labs-'] .unit"  # the units of the check-up's lab fields

# Words a Russian page may keep in Latin letters: the app's name; names and abbreviations of sources, guideline
# bodies and regulators and of authors a Russian text cites by name; the ATC code's label; a vitamin's letter
# (витамин B, D); PDF, JSON and REST API, which Russian writes so.
KEPT_LATIN = {"crampcare", "PDF", "JSON", "REST", "API", "ATC", "B", "C", "D", "E", "K"}
KEPT_LATIN |= {"NICE", "CKS", "CG", "NHS", "inform", "MHRA", "FDA", "EMA", "TGA", "AAN", "AFP", "BNSSG", "DGN"}
KEPT_LATIN |= {"NHMRC", "IOM", "NIH", "ODS", "WHO", "USDA", "SR", "Cochrane", "Stiftung", "Warentest"}
KEPT_LATIN |= {"Allen", "Kirby", "Garrison", "Roguin", "Maor", "et", "al", "JAMA", "Intern", "Med"}
# US trade marks in food names, which have no Cyrillic form (finding F1, left to the lead).
KEPT_LATIN |= {"Kretschmer", "Kellogg", "s", "All", "Bran", "Original", "Kashi", "GoLean"}

# The page's text as a person can read it, every part (also inside closed <details>, which a tap opens), pieces
# joined with spaces; without scripts, the list of sources (bibliographic titles stay as published: checked on
# their own), technical values (<code>: the diary's address, a version) and the language switch's "English".
# `drop` takes more selectors out (a listed finding's part).
PAGE_TEXT = """(drop) => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll(['script', 'style', 'template', 'code', '.sources', '[lang=en]', ...drop].join(',')).forEach(
    (e) => e.remove());
  const parts = drop.includes('title') ? [] : [document.title];
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) parts.push(walker.currentNode.textContent);
  return parts.join(' ').split(/\\s+/).join(' ');
}"""


def latin_words(text: str) -> set[str]:
    """Words in Latin letters (not codes such as B6 or A12CC30) other than the kept names."""
    return {word for word in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", text) if word not in KEPT_LATIN}


@dataclass
class Walk:
    """The checks of the walk: a failing check is kept (with its finding's id, if it has one) and the walk goes on."""

    page: Any
    failed: list[tuple[str | None, str]] = field(default_factory=list)
    passed: set[str] = field(default_factory=set)
    shots: list[Path] = field(default_factory=list)

    def check(self, ok: bool, what: str, finding: str | None = None) -> None:
        if not ok:
            self.failed.append((finding, what))
        elif finding:
            self.passed.add(finding)

    def shot(self, name: str, full_page: bool = False) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.shots.append(path)

    def text(self, drop: tuple[str, ...] = ()) -> str:
        return str(self.page.evaluate(PAGE_TEXT, list(drop)))

    def russian_page(self, where: str, known: dict[str, str] | None = None) -> str:
        """The page speaks Russian: html lang, no catalogue English, no Latin word, no 911/999. `known` maps a
        selector of a part with a listed finding to the finding's id: that part is checked on its own."""
        known = {selector: finding for selector, finding in (known or {}).items() if finding in KNOWN}
        self.check(self.page.locator("html").get_attribute("lang") == "ru", f"{where}: <html lang> is not ru")
        for selector, finding in known.items():
            part = " ".join(" ".join(str(t) for t in self.page.locator(selector).all_text_contents()).split())
            left = latin_words(part)
            self.check(not left, f"{where}: {selector} shows Latin words {sorted(left)}", finding)
        text = self.text(tuple(known))
        left = english_left(text)
        self.check(not left, f"{where}: catalogue text left in English: {left}")
        latin = latin_words(text)
        self.check(not latin, f"{where}: words in Latin letters: {sorted(latin)}")
        self.check(not re.search(r"\b(911|999)\b", text), f"{where}: an emergency number for the US/UK (911/999)")
        return text

    def verdict(self) -> None:
        unexpected = [what for finding, what in self.failed if finding not in KNOWN]
        expected = sorted({finding for finding, _ in self.failed if finding in KNOWN})
        fixed = sorted((self.passed & KNOWN.keys()) - set(expected))
        assert not unexpected, "\n".join(unexpected)
        assert not fixed, f"listed findings now pass, remove them from KNOWN: {fixed}"
        never = sorted(KNOWN.keys() - self.passed - set(expected))
        assert not never, f"listed findings the walk never checks: {never}"
        if expected:
            pytest.xfail("open findings (/work/ruwalk-findings.md): " + "; ".join(f"{f} {KNOWN[f]}" for f in expected))


@pytest.fixture
def phone(browser: Any) -> Any:
    """A Russian phone: the browser's language is Russian and its clock is on Moscow time."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        locale="ru-RU",
        timezone_id="Europe/Moscow",
        extra_http_headers={"Accept-Language": "ru-RU,ru;q=0.9"},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def cramp_now(walk: Walk, url: str) -> None:
    page = walk.page
    page.goto(url + "/")
    walk.check(page.get_by_role("heading", name="Судорога сейчас?").is_visible(), "home: no «Судорога сейчас?»")
    walk.russian_page("home")
    walk.shot("01-home")
    page.get_by_role("link", name="Икра", exact=True).click()
    page.wait_for_url("**/first-aid/calf")
    steps = page.locator("article.first-aid.best ol.steps li")
    walk.check(steps.count() >= 2, "first aid: fewer than two steps")
    walk.check(bool(re.search("[а-я]", steps.first.inner_text())), "first aid: the first step is not in Russian")
    call = page.get_by_role("link", name=re.compile(r"^Позвонить (112|103)")).first
    walk.check(call.is_visible(), "first aid: no «Позвонить 112/103» button")
    walk.russian_page("first aid, calf")
    walk.shot("02-first-aid-calf")
    page.get_by_role("link", name="В постели / ночью").click()
    page.wait_for_url("**/first-aid/calf?setting=bed_night")
    walk.russian_page("first aid, calf, in bed")
    to_top(page.locator("article.first-aid.best"))
    walk.shot("02b-first-aid-calf-bed")
    ambulance_number(walk, url)


def ambulance_number(walk: Walk, url: str) -> None:
    """In Russia she wants the ambulance, 103: «Изменить номер» -> Settings -> 103 -> back to first aid."""
    page = walk.page
    page.get_by_role("link", name="Изменить номер").first.click()
    page.wait_for_url("**/settings#emergency")
    to_top(page.locator("#emergency"))
    walk.shot("02c-settings-number")
    ambulance = page.get_by_label(re.compile("^103 — скорая помощь"))
    label = " ".join(page.locator("label[for='s-preset-103']").inner_text().split())
    walk.check(label == "103 — скорая помощь (Россия, а также Беларусь и Казахстан)", f"settings: 103 is {label!r}")
    ambulance.check()
    page.get_by_role("button", name="Сохранить настройки").click()
    page.get_by_role("status").filter(has_text="Настройки сохранены").wait_for()
    walk.russian_page("settings")
    page.get_by_role("link", name="Судорога сейчас").first.click()
    page.get_by_role("link", name="Икра", exact=True).click()
    page.wait_for_url("**/first-aid/calf")
    call = page.get_by_role("link", name=re.compile(r"^Позвонить 103")).first
    walk.check(call.is_visible() and call.get_attribute("href") == "tel:103", "first aid: the button does not call 103")
    walk.shot("02d-first-aid-calls-103")


def check_up(walk: Walk, url: str) -> None:
    page = walk.page
    page.get_by_role("link", name="Обследование").first.click()
    page.wait_for_url("**/assess")
    walk.russian_page("check-up form", {LAB_UNITS: "W10"})
    page.get_by_label("Для меня", exact=True).check()
    page.get_by_role("textbox", name=re.compile("^Возраст")).fill("31")
    page.get_by_label("Пол", exact=True).select_option(label="Женский")
    page.get_by_role("textbox", name=re.compile("^Срок беременности")).fill("30")
    page.get_by_label("Ничего из этого", exact=True).check()
    medicines = page.get_by_role("textbox", name=re.compile("^Лекарства, которые вы принимаете"))
    medicines.click()
    medicines.press_sequentially("Магне В6\nНо-шпа", delay=20)
    names = page.locator("#names-check")
    names.get_by_text("Но-шпа").first.wait_for()
    names.scroll_into_view_if_needed()
    walk.shot("03-check-up-names")
    found = " ".join(names.inner_text().split())
    # The brands resolved, in whatever language: Магне В6 to magnesium with pyridoxine, Но-шпа to drotaverine.
    magne = re.search(r"Магне В6 → ([^→]*?)(?:Убрать|$)", found)
    walk.check(bool(magne), f"names box: «Магне В6» not resolved: {found}")
    if magne:
        walk.check(
            bool(re.search("magnesium|магни", magne.group(1), re.I) and re.search("pyridoxine|пиридоксин", found)),
            f"names box: «Магне В6» is not magnesium with pyridoxine: {magne.group(1)}",
        )
    walk.check(bool(re.search("Но-шпа → (drotaverine|дротаверин)", found)), f"names box: «Но-шпа»: {found}")
    walk.check("дротаверин" in found and "пиридоксин" in found, f"names box not in Russian: {found}", "W1")
    walk.russian_page("check-up form, names typed", {"#names-check": "W1", LAB_UNITS: "W10"})
    page.get_by_role("button", name="Показать мой план").click()
    page.locator("section.triage").wait_for()
    plan(walk)


def to_top(part: Any) -> None:
    part.evaluate("(e) => e.scrollIntoView({block: 'start'})")


def opened(details: Any) -> None:
    """Open a <details> as a tap on its summary does (unless it is open already) and bring it to the top."""
    if details.get_attribute("open") is None:
        details.locator("summary").first.click()
    to_top(details)


def option(walk: Walk, rid: str) -> str:
    return " ".join(walk.page.locator(f"#opt-{rid}").first.text_content().split())


def plan(walk: Walk) -> None:
    page = walk.page
    walk.shot("04-plan")
    walk.check(page.locator("section.triage").get_attribute("data-level") == "self_care", "plan: not self-care")
    heading = page.locator("#for-you h2").inner_text()
    walk.check(heading == "Для вас (беременность, 30-я неделя)", f"plan: for-you heading is {heading!r}")
    # Her medicines: Но-шпа is drotaverine, not recommended for her; the box names it in Russian.
    box = " ".join(page.locator("#medicines").inner_text().split())
    walk.check("Но-шпа" in box and "Не рекомендуется" in box, f"plan: «Ваши лекарства» without Но-шпа: {box}")
    walk.check("(дротаверин)" in box, f"plan, «Ваши лекарства»: {box}", "W2")
    page.locator("#medicines").scroll_into_view_if_needed()
    walk.shot("05-plan-medicines")
    # The statuses pregnancy changes, each with its reason.
    pregnancy = "Из-за беременности (30-я неделя)"
    expected = {
        "magnesium_pyridoxine": ("Магний с витамином B6 (пиридоксином)", "Обсудите с врачом", "ВОЗ"),
        "drotaverine": ("Дротаверин", "Не рекомендуется", "в родах"),
        "quinine": ("Хинин", "Избегайте", "противопоказан"),
        "milgamma": ("Мильгамма", "Избегайте", "беременност"),
    }
    for rid, (name, status, because) in expected.items():
        card = option(walk, rid)
        walk.check(card.startswith(name), f"plan: option {rid} is named {card[:60]!r}")
        walk.check(status in card[:120], f"plan: {rid} is not «{status}»: {card[:120]!r}")
        walk.check(pregnancy in card and because in card, f"plan: {rid} without its pregnancy reason: {card!r}")
    mine = " ".join(page.locator("#for-you").inner_text().split())
    walk.check("Хинин" in mine and "Мильгамма" in mine, f"plan: «Для вас» does not list quinine/Milgamma: {mine}")
    seen = " ".join(page.locator(".sources").all_text_contents())
    walk.check("[BK]" not in seen or "Background knowledge" not in seen, "plan: the [BK] source in English", "W6")
    page.locator("#expand-all").click()  # «Открыть все пояснения»
    card = page.locator("#opt-magnesium_pyridoxine").first
    opened(card)
    walk.shot("06-plan-option-magne")
    meta = " ".join(card.locator(".meta").inner_text().split())
    walk.check("пиридоксин" in meta, f"plan, option card: {meta}", "W3")
    opened(page.locator("details.section:has(#dt)"))
    walk.shot("08-plan-food")
    opened(page.locator("#entered"))
    walk.shot("07-plan-entered")
    entered = " ".join(page.locator("#entered").inner_text().split())
    walk.check(
        "Женский" in entered and "31 год" in entered and "дротаверин" in entered and "не указано" not in entered,
        f"plan, entered: {entered}",
        "W4",
    )
    walk.shot("04-plan-full", full_page=True)
    walk.russian_page(
        "plan",
        {
            "#names-check": "W1",
            "#medicines .resolved": "W2",
            ".option .meta": "W3",
            "#entered": "W4",
            "details.section:has(#dt) strong": "W5",
        },
    )


def save_profile(walk: Walk) -> None:
    """She saves the same answers as her profile, so the doctor report shows her medicines."""
    page = walk.page
    page.get_by_role("link", name="Профиль").first.click()
    page.wait_for_url("**/profile")
    walk.check(not latin_words(page.title()), f"profile: the window title is {page.title()!r}", "W9")
    page.get_by_role("textbox", name=re.compile("^Возраст")).fill("31")
    page.get_by_label("Пол", exact=True).select_option(label="Женский")
    page.get_by_role("textbox", name=re.compile("^Срок беременности")).fill("30")
    page.get_by_label("Ничего из этого", exact=True).check()
    page.get_by_role("textbox", name=re.compile("^Лекарства, которые вы принимаете")).fill("Магне В6\nНо-шпа")
    page.get_by_role("button", name="Сохранить профиль").click()
    page.get_by_role("status").filter(has_text="Сохранено").wait_for()
    walk.shot("09-profile-saved")
    walk.russian_page("profile", {"#names-check": "W1", "title": "W9", LAB_UNITS: "W10"})


CRAMPS = [  # where, side, when/where, pain, minutes (as typed, with a decimal comma)
    ("Икра", "Левая", "В постели / ночью", "7", "3"),
    ("Икра", "Правая", "В постели / ночью", "6", "2,5"),
    ("Стопа / подошва", "Левая", "При ходьбе или стоя", "4", "1"),
]


def diary(walk: Walk, tmp: Path) -> None:
    page = walk.page
    page.get_by_role("link", name="Дневник").first.click()
    page.wait_for_url("**/diary")
    walk.shot("10-diary")
    checkin = page.locator("#c-for").inner_text()
    walk.check(not latin_words(checkin), f"diary, check-in: {checkin!r}", "W7")
    walk.russian_page("diary", {"#c-for": "W7", TRIGGERS: "W11"})
    for number, (muscle, side, setting, pain, minutes) in enumerate(CRAMPS, start=1):
        page.get_by_label("Где", exact=True).select_option(label=muscle)
        page.get_by_label("Сторона", exact=True).select_option(label=side)
        page.get_by_label("Когда или где", exact=True).select_option(label=setting)
        page.get_by_role("spinbutton", name=re.compile("^Боль")).fill(pain)
        page.get_by_role("textbox", name=re.compile("^Сколько длилась")).fill(minutes)
        page.get_by_role("button", name="Сохранить", exact=True).click()
        notice = page.get_by_role("status").filter(has_text="Судорога записана")
        notice.wait_for()
        walk.shot(f"1{number}-diary-logged")
        said = notice.inner_text()
        walk.check(not re.search(r"\d{4}-\d\d-\d\d", said) and "Europe" not in said, f"diary: {said!r}", "W8")
        walk.russian_page(
            f"diary after cramp {number}", {"#c-for": "W7", ".notice": "W8", "table.episodes": "W8", TRIGGERS: "W11"}
        )
    heading = page.locator("#list-title").inner_text()
    walk.check(heading == "Последние судороги (всего 3)", f"diary: the list says {heading!r}")
    rows = page.locator("table.episodes tbody tr")
    walk.check(rows.count() == 3, f"diary: {rows.count()} rows, not 3")
    dates = " ".join(rows.locator("td:first-child").all_inner_texts())
    walk.check(not re.search(r"\d{4}-\d\d-\d\d", dates), f"diary, list: {dates!r}", "W8")
    walk.check("2,5" in rows.nth(1).inner_text(), f"diary: 2,5 minutes not shown: {rows.nth(1).inner_text()!r}")
    to_top(page.locator("#patterns"))
    walk.shot("14-diary-patterns")
    for number, chart in enumerate(page.locator("img.chart").all(), start=1):
        chart.scroll_into_view_if_needed()
        walk.check(chart.evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0, "diary: a blank chart")
        to_top(chart)
        walk.shot(f"14-diary-chart-{number}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать сводку для врача (PDF)").click()
    pdf = tmp / "report.pdf"
    download.value.save_as(pdf)
    report(walk, pdf)


def report(walk: Walk, pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(SHOTS / "15-report")], check=True)
    walk.shots.extend(sorted(SHOTS.glob("15-report*.png")))
    flat = " ".join(text.split())
    for words in ("Дневник судорог в ногах — сводка для врача", "3 судороги", "Магне В6", "Но-шпа", "Беремен"):
        walk.check(words in flat, f"report: «{words}» missing")
    walk.check(not latin_words(flat), f"report: words in Latin letters: {sorted(latin_words(flat))}")
    walk.check(not re.search(r"\d{4}-\d\d-\d\d", flat), "report: an ISO date")
    walk.check(not english_left(flat), f"report: catalogue text in English: {english_left(flat)}")


def foods_top_magnesium(walk: Walk) -> None:
    """«foods top magnesium» on the command line, as the issue writes it, and with the nutrient said in Russian."""
    run = [sys.executable, "-m", "crampcare", "--lang", "ru", "foods", "top"]
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run([*run, "magnesium"], capture_output=True, text=True, env=env, timeout=120)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "16-foods-top-magnesium.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    lines = done.stdout.splitlines()
    walk.check(done.returncode == 0 and len(lines) >= 10, f"foods top: exit {done.returncode}, {done.stderr}")
    walk.check(bool(lines) and "мг/100 г" in lines[0], f"foods top: the unit is not Russian: {lines[:1]}")
    walk.check(bool(lines) and "Тыквенные семечки" in done.stdout, "foods top: no pumpkin seeds in Russian")
    walk.check(not latin_words(done.stdout + done.stderr), f"foods top: Latin words {latin_words(done.stdout)}")
    walk.check(not english_left(done.stdout), f"foods top: catalogue English {english_left(done.stdout)}")
    russian = subprocess.run([*run, "магний", "--limit", "3"], capture_output=True, text=True, env=env, timeout=120)
    walk.check(
        russian.returncode == 0 and not latin_words(russian.stdout + russian.stderr),
        f"foods top магний: {russian.stderr.strip()}",
        "C1",
    )


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The walk starts as a new user would, on an empty diary: the session's server holds other tests' profiles
    and cramps (an English "heart failure" saved by another test showed on this walk's profile page)."""
    from .conftest import serving

    with serving(tmp_path_factory.mktemp("walk") / "diary.db") as url:
        yield url


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the report")
def test_a_russian_speaker_does_everything_in_russian_on_a_phone(phone: Any, server_url: str, tmp_path: Path) -> None:
    walk = Walk(phone)
    cramp_now(walk, server_url)
    check_up(walk, server_url)
    save_profile(walk)
    diary(walk, tmp_path)
    foods_top_magnesium(walk)
    walk.verdict()
