"""Pages spoiled in code the way copiers, scanners and fax machines spoil them, with their text.

Each page is a one-column letter in fr/de/it/nl/en (sender, place and date, dossier number,
the person, a title, body lines from ``_corpus_phrases``) printed at 300 dpi, then spoiled
according to its grade:

* ``office``: a clean office scan, grey, JPEG quality 85, sometimes a slight skew.
* ``photocopy``: a copy of a copy: grey cast, uneven light (a gradient), toner specks, greyed
  and slightly blurred text, strong JPEG (quality 25-35), slight skew, sometimes upside-down.
* ``grey200``: a 200 dpi grey scan with a cast, mild blur and JPEG quality 50.
* ``fax``: 200x100 dpi (every other row), black and white with a threshold, speckle noise.
* ``stamped``: an office page with a coloured "received" stamp across the two lines that name
  the dossier and the person, and handwriting-like pen strokes over the text (colour JPEG).

The known text is the printed text (a stamp or a pen stroke is not part of it). Nothing here
reads a page: ``bench_ocr_quality.py`` does.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from _corpus_phrases import PHRASES
from _labelled_corpus import DOSSIER_LABEL, LANGS, RECEIVED, SENDER, heading, money
from _labelled_world import World, WorldPerson, build_world
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

GRADES = ("office", "photocopy", "grey200", "fax", "stamped")
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
PRINT_DPI = 300
CODES = ("attestation", "decision", "payslip", "letter", "invoice", "medical_certificate")


@dataclass(frozen=True, slots=True)
class SpoiledPage:
    name: str
    grade: str
    language: str
    text: str  # the printed lines, one per line
    dossier_id: int
    dossier_number: str
    search_words: tuple[str, str]  # two words of the page a caseworker would search for
    data: bytes  # the image file as a scanner would store it
    suffix: str  # .jpg, .png or .tif


def spoiled_pages(per_cell: int, *, seed: int = 12,
                  grades: tuple[str, ...] = GRADES) -> tuple[World, list[SpoiledPage]]:
    """``per_cell`` pages for every (grade, language) pair, and the world they belong to."""
    rng = random.Random(seed)
    world = build_world(rng, 40)
    pages = []
    for grade in grades:
        for lang in LANGS:
            for k in range(per_cell):
                person = rng.choice([p for p in world.persons if p.language == lang])
                pages.append(_spoiled(world, person, grade, lang, f"{grade}-{lang}-{k}", rng))
    return world, pages


def _spoiled(world: World, person: WorldPerson, grade: str, lang: str, name: str,
             rng: random.Random) -> SpoiledPage:
    number = world.dossiers[person.dossier_id - 1].number
    lines = _letter(person, number, lang, rng)
    font = ImageFont.truetype(rng.choice(FONTS), rng.choice((40, 42, 46)))
    page, boxes = _print(lines, font)
    data, suffix = SPOILERS[grade](page, boxes, lang, rng)
    words = (person.family.split()[-1], _body_word(lines, rng))
    return SpoiledPage(name, grade, lang, "\n".join(lines), person.dossier_id, number, words,
                       data, suffix)


def _letter(person: WorldPerson, number: str, lang: str, rng: random.Random) -> list[str]:
    code = rng.choice(CODES)
    titles, bodies = PHRASES[code][lang]
    doc_date = date(2023, 1, 1) + timedelta(days=rng.randint(0, 600))
    values = {"person": f"{person.given} {person.family}", "family": person.family.upper(),
              "given": person.given, "amount": money(Decimal(rng.randint(5000, 90000)) / 100,
                                                     lang, rng),
              "iban": "CH93 0076 2011 6238 5295 7", "date2": f"{doc_date:%d.%m.%Y}",
              "doctor": "Dr Meier", "days": rng.randint(3, 30),
              "employer": "Boulangerie Favre SA", "landlord": "Régie du Lac SA",
              "month": "03", "nationality": "CH"}
    lines = [SENDER[lang], heading(doc_date, lang, rng),
             rng.choice(DOSSIER_LABEL[lang]).format(number), f"{person.given} {person.family}",
             titles[0]]
    for template in bodies:
        lines += [line for line in template.format(**values).split("\n") if line.strip()]
    return lines


def _body_word(lines: list[str], rng: random.Random) -> str:
    words = [w.strip(".,:;()'") for line in lines[4:] for w in line.split()]
    long_words = [w for w in words if len(w) >= 6 and w.isalpha()]
    return rng.choice(long_words or words)


def _print(lines: list[str], font: ImageFont.FreeTypeFont) -> tuple[Image.Image,
                                                                    list[tuple[int, int]]]:
    """An A4 page at 300 dpi with ``lines`` in black, and each line's top and bottom."""
    width, height = round(8.27 * PRINT_DPI), round(11.69 * PRINT_DPI)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y, boxes = 300, []
    size = int(font.size)
    for line in lines:
        draw.text((260, y), line, fill=0, font=font)
        boxes.append((y, y + size))
        y += int(size * 1.7)
    return page, boxes


# --- the spoilers -------------------------------------------------------------------------

def _office(page: Image.Image, _boxes: list[tuple[int, int]], _lang: str,
            rng: random.Random) -> tuple[bytes, str]:
    page = _skew(page, rng.uniform(-0.8, 0.8))
    return _jpeg(_grain(page, 6, rng), 85, 300), ".jpg"


def _photocopy(page: Image.Image, _boxes: list[tuple[int, int]], _lang: str,
               rng: random.Random) -> tuple[bytes, str]:
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 1.3)))
    pixels = np.asarray(page, dtype=np.float32) / 255
    paper, ink = rng.uniform(0.62, 0.78), rng.uniform(0.18, 0.32)
    pixels = ink + (paper - ink) * pixels
    pixels *= _gradient(pixels.shape, rng.uniform(0.15, 0.3), rng)
    pixels = _specks(pixels, rng.randint(1500, 3000), rng)
    spoiled = Image.fromarray(np.clip(pixels * 255, 0, 255).astype(np.uint8))
    spoiled = _skew(spoiled, rng.uniform(-1.5, 1.5))
    if rng.random() < 0.2:
        spoiled = spoiled.rotate(180)
    return _jpeg(_grain(spoiled, 10, rng), rng.randint(25, 35), 300), ".jpg"


def _grey200(page: Image.Image, _boxes: list[tuple[int, int]], _lang: str,
             rng: random.Random) -> tuple[bytes, str]:
    small = page.resize((page.width * 2 // 3, page.height * 2 // 3), Image.Resampling.BOX)
    small = small.filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(small, dtype=np.float32) / 255
    pixels = 0.25 + (rng.uniform(0.78, 0.88) - 0.25) * pixels
    pixels *= _gradient(pixels.shape, 0.1, rng)
    spoiled = Image.fromarray(np.clip(pixels * 255, 0, 255).astype(np.uint8))
    return _jpeg(_grain(_skew(spoiled, rng.uniform(-1, 1)), 8, rng), 50, 200), ".jpg"


def _fax(page: Image.Image, _boxes: list[tuple[int, int]], _lang: str,
         rng: random.Random) -> tuple[bytes, str]:
    fine = page.resize((page.width * 2 // 3, page.height * 2 // 3), Image.Resampling.BOX)
    fine = _skew(fine, rng.uniform(-1, 1))
    pixels = np.asarray(fine, dtype=np.uint8)[::2]  # 200 dpi across, 100 dpi down
    noise = np.random.default_rng(rng.randint(0, 2**31)).random(pixels.shape)
    black = (pixels < rng.randint(120, 150)) ^ (noise < 0.004)
    fax = Image.fromarray(np.where(black, 0, 255).astype(np.uint8)).convert("1")
    out = io.BytesIO()
    fax.save(out, format="TIFF", compression="group4", dpi=(200, 100))
    return out.getvalue(), ".tif"


def _stamped(page: Image.Image, boxes: list[tuple[int, int]], lang: str,
             rng: random.Random) -> tuple[bytes, str]:
    colour = page.convert("RGB")
    _stamp(colour, boxes[2][0] - 30, lang, rng)
    _pen_strokes(colour, boxes, rng)
    colour = _skew(colour, rng.uniform(-0.8, 0.8))
    if rng.random() < 0.2:
        colour = colour.rotate(180)
    return _jpeg(colour, 70, 300), ".jpg"


SPOILERS = {"office": _office, "photocopy": _photocopy, "grey200": _grey200, "fax": _fax,
            "stamped": _stamped}


def _stamp(page: Image.Image, top: int, lang: str, rng: random.Random) -> None:
    """A rubber stamp, tilted, in red, blue or violet, its box across two lines of text."""
    ink = rng.choice([(200, 30, 40), (40, 60, 190), (120, 40, 160)])
    label = RECEIVED[lang].format(f"{rng.randint(1, 28):02d}.0{rng.randint(1, 9)}.2024")
    font = ImageFont.truetype(FONTS[0], 64)
    width = int(font.getlength(label)) + 80
    stamp = Image.new("L", (width, 190), 0)
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((6, 6, width - 6, 184), outline=255, width=9)
    draw.text((40, 20), label, fill=255, font=font)
    draw.text((40, 105), "SERVICE SOCIAL", fill=255, font=font)
    stamp = stamp.rotate(rng.uniform(-8, 8), expand=True, resample=Image.Resampling.BICUBIC)
    # Real stamp ink is patchy: some of it never reaches the paper.
    holes = np.random.default_rng(rng.randint(0, 2**31)).random((stamp.height, stamp.width))
    mask = Image.fromarray((np.asarray(stamp) * (holes > 0.15)).astype(np.uint8))
    layer = Image.new("RGB", page.size, (255, 255, 255))
    layer.paste(Image.new("RGB", stamp.size, ink), (rng.randint(200, 500), top), mask)
    page.paste(ImageChops.multiply(page, layer))  # ink over toner: the text stays dark


def _pen_strokes(page: Image.Image, boxes: list[tuple[int, int]], rng: random.Random) -> None:
    """A few handwriting-like strokes in blue pen: a tick, an underline, a scribbled note."""
    layer = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    ink = (30, 40, 150)
    for _ in range(3):
        top, bottom = rng.choice(boxes[4:])
        x, y = rng.randint(300, 1400), (top + bottom) // 2
        points = [(x + i * 12, y + 18 * math.sin(i / rng.uniform(1.5, 3))) for i in range(60)]
        draw.line(points, fill=ink, width=5)
    page.paste(ImageChops.multiply(page, layer))


def _skew(image: Image.Image, degrees: float) -> Image.Image:
    fill = 255 if image.mode == "L" else (255, 255, 255)
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=fill)


def _gradient(shape: tuple[int, ...], depth: float, rng: random.Random) -> np.ndarray:
    """Uneven light: 1 at one corner, ``1 - depth`` at the other."""
    height, width = shape[:2]
    angle = rng.uniform(0, 2 * math.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    ramp = (xs / width) * math.cos(angle) + (ys / height) * math.sin(angle)
    ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
    return 1 - depth * ramp


def _specks(pixels: np.ndarray, count: int, rng: random.Random) -> np.ndarray:
    """Toner specks: small dark dots of one to three pixels."""
    generator = np.random.default_rng(rng.randint(0, 2**31))
    height, width = pixels.shape
    ys, xs = generator.integers(0, height - 3, count), generator.integers(0, width - 3, count)
    sizes = generator.integers(1, 4, count)
    for y, x, size in zip(ys, xs, sizes, strict=True):
        pixels[y:y + size, x:x + size] = 0.15
    return pixels


def _grain(image: Image.Image, sigma: float, rng: random.Random) -> Image.Image:
    generator = np.random.default_rng(rng.randint(0, 2**31))
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + generator.normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _jpeg(image: Image.Image, quality: int, dpi: int) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()
