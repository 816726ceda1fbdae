#!/usr/bin/env python3
"""Regenerates models/gazetteers/*.tsv, the place, demonym, person and organization
gazetteers that dyad embeds (src/tag/gazetteer.rs).

Sources:
  * PETRARCH2 / Phoenix dictionaries (MIT, Open Event Data Alliance), by default from
    ../shared/data/petrarch2 (--petrarch DIR): Phoenix.Countries.actors.txt,
    Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt, Phoenix.agents.txt.
  * The hand-written files in models/gazetteers/hand/ (countries, places, NORP groups,
    corrections to PETRARCH): what PETRARCH lacks or gets wrong.
  * Optionally a UD English treebank (--common-words FILE, CoNLL-U; default the UD EWT
    training file under ../shared/data/ud-ewt when present): used only as a stop list, so
    that single-word person and organization entries that are ordinary lowercase English
    words ("apple", "shell") are left out. Nothing from it is written to the output.

Usage:  python3 scripts/build_gazetteers.py [--petrarch DIR] [--out DIR] [--check]
  --check   build in memory and exit 1 if the files on disk differ (for CI)

The output is deterministic: rows are sorted, no timestamps. Only the standard library is
used.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HAND = os.path.join(ROOT, "models", "gazetteers", "hand")

KINDS = ("country", "admin", "city", "geo", "demonym", "person", "org")
FILES = {  # output file -> kinds it holds
    "places.tsv": ("country", "admin", "city", "geo"),
    "demonyms.tsv": ("demonym",),
    "persons.tsv": ("person",),
    "orgs.tsv": ("org",),
}

# --------------------------------------------------------------------------- keys
# Must match `normalize_word` in src/tag/gazetteer.rs: lowercase, fold these accented
# letters, curly apostrophes to ', drop periods ("U.S." -> "us").
FOLD_FROM = "àáâãäåāăąçćčďđèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśşšťţùúûüūůűųýÿźżžßæœþ’‘`´"
FOLD_TO = ["a"] * 9 + ["c"] * 3 + ["d"] * 2 + ["e"] * 8 + ["g"] + ["i"] * 7 + ["l"] + ["n"] * 3 + \
    ["o"] * 8 + ["r"] * 2 + ["s"] * 3 + ["t"] * 2 + ["u"] * 8 + ["y"] * 2 + ["z"] * 3 + \
    ["ss", "ae", "oe", "th", "'", "'", "'", "'"]
assert len(FOLD_FROM) == len(FOLD_TO), (len(FOLD_FROM), len(FOLD_TO))
FOLD = {ord(a): b for a, b in zip(FOLD_FROM, FOLD_TO)}


def norm_word(w: str) -> str:
    n = w.lower().translate(FOLD).replace(".", "")
    return n if n else w.lower()


def approx_tokens(phrase: str) -> list[str]:
    """Roughly what dyad's tokenizer makes of a phrase (exact matching is done in Rust,
    which runs the real tokenizer over each phrase): whitespace words, a trailing 's
    split off, commas apart."""
    out = []
    for w in phrase.replace(",", " , ").split():
        m = re.match(r"^(.+?)(['’][sS])$", w)
        if m and len(m.group(1)) > 0:
            out += [m.group(1), m.group(2)]
        else:
            out.append(w)
    return out


def key_of(phrase: str) -> str:
    words = [norm_word(w) for w in approx_tokens(phrase)]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- casing
SMALL = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "les", "el", "al",
         "da", "das", "do", "dos", "di", "del", "della", "van", "von", "der", "den", "y", "e", "et", "bin", "ibn",
         "bint", "ul", "ud", "ad", "ar", "as", "ash", "az", "an", "ur", "i", "a", "by", "with", "against",
         "from", "au", "aux", "en", "sur", "und", "im", "am", "zu", "or"}
HYPHEN_SMALL = {"i", "e", "al", "el", "ul", "ud", "ad", "ash", "as", "ar", "at", "an", "az", "ur", "e", "de",
                "la", "le", "du", "sur", "en", "on", "upon", "am", "an", "der", "di"}
VOWELS = set("aeiouyAEIOUYàáâãäåèéêëìíîïòóôõöùúûüýÿ")


def cap_part(p: str) -> str:
    if not p:
        return p
    # O'NEAL -> O'Neal, XI'AN -> Xi'an, D'IVOIRE -> D'Ivoire
    if "'" in p:
        a, _, b = p.partition("'")
        if len(a) == 1:
            return a.upper() + "'" + cap_part(b)
        return cap_part(a) + "'" + b.lower()
    return p[0].upper() + p[1:].lower()


COMMON_ACRONYMS = {"US", "UK", "UN", "EU", "AU", "USA", "UAE", "NATO", "IAEA", "OPEC", "ASEAN", "UNICEF", "UNESCO",
                   "UNHCR", "UNDP", "OSCE", "ECOWAS", "SADC", "IGAD", "OAS", "OIC", "GCC", "WHO", "WTO", "IMF",
                   "ICRC", "CIA", "FBI", "NSA", "KGB", "FSB", "PLO", "PKK", "IRA", "ETA", "FARC", "ELN", "ISIS",
                   "ISIL", "AQAP", "AQIM", "LTTE", "YPG", "SDF", "PYD", "KDP", "PUK", "IDF", "IRGC", "BBC", "CNN"}


def smart_case(words: list[str], acronyms: set[str] = frozenset()) -> str:
    """PETRARCH's all-caps words in ordinary title case, acronyms kept."""
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if w.upper() in acronyms or w.upper() in COMMON_ACRONYMS or any(c.isdigit() for c in w) or \
                re.fullmatch(r"([A-Za-z]\.)+[A-Za-z]?\.?", w):
            out.append(w.upper())
        elif not any(c in VOWELS for c in w) and len(w) <= 5 and w.isalpha() and lw not in ("ltd", "st", "mr", "dr"):
            out.append(w.upper())
        elif i > 0 and lw in SMALL:
            out.append(lw)
        elif "-" in w:
            parts = w.split("-")
            cased = []
            for j, p in enumerate(parts):
                if j > 0 and p.lower() in HYPHEN_SMALL:
                    cased.append(p.lower())
                else:
                    cased.append(cap_part(p))
            out.append("-".join(cased))
        else:
            out.append(cap_part(w))
    return " ".join(out)


# --------------------------------------------------------------------------- entries
@dataclass(frozen=True)
class Entry:
    phrase: str  # natural text, as it would appear in an article
    kind: str
    country: str  # ISO alpha-3 or ""
    canonical: str
    source: str

    @property
    def key(self) -> str:
        return key_of(self.phrase)


class Sink:
    """Collects entries; the first entry for (key, kind, country) wins."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str, str], Entry] = {}
        self.hand_keys: set[str] = set()

    def add(self, e: Entry) -> bool:
        assert e.kind in KINDS, e
        k = e.key
        if not k or not e.phrase.strip():
            return False
        if e.source != "hand" and k in self.hand_keys:
            return False  # the hand files define this phrase
        sig = (k, e.kind, e.country)
        if sig in self.entries:
            return False
        self.entries[sig] = e
        if e.source == "hand":
            self.hand_keys.add(k)
        return True


# --------------------------------------------------------------------------- hand files
def hand_rows(name: str):
    path = os.path.join(HAND, name)
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield ln, line.split("\t")


def split_items(field: str):
    """"A/B/C;D" -> [("A", ["A","B","C"]), ("D", ["D"])]"""
    for item in field.split(";"):
        item = item.strip()
        if not item:
            continue
        names = [n.strip() for n in item.split("/") if n.strip()]
        yield names[0], names


@dataclass
class Country:
    iso: str
    name: str
    aliases: list[str]
    demonyms: list[str]
    capitals: list[str]

    @property
    def names(self) -> list[str]:
        return [self.name] + self.aliases


def load_hand(sink: Sink) -> dict[str, Country]:
    countries: dict[str, Country] = {}
    for ln, cols in hand_rows("countries.tsv"):
        cols += [""] * (5 - len(cols))
        iso, name, aliases, demonyms, capitals = (c.strip() for c in cols[:5])
        if not re.fullmatch(r"[A-Z]{3}", iso):
            sys.exit(f"hand/countries.tsv:{ln}: bad ISO code {iso!r}")
        c = Country(iso, name, [a.strip() for a in aliases.split(";") if a.strip()],
                    [d.strip() for d in demonyms.split(";") if d.strip()],
                    [k.strip() for k in capitals.split(";") if k.strip()])
        countries[iso] = c
        for n in c.names:
            sink.add(Entry(n, "country", iso, name, "hand"))
        for d in c.demonyms:
            sink.add(Entry(d, "demonym", iso, d, "hand"))
        for k in c.capitals:
            sink.add(Entry(k, "city", iso, k, "hand"))
    for ln, cols in hand_rows("places.tsv"):
        if len(cols) != 3 or cols[0] not in ("admin", "city", "geo"):
            sys.exit(f"hand/places.tsv:{ln}: expected kind<TAB>country<TAB>names")
        kind, iso, names = cols
        iso = "" if iso == "-" else iso
        for canonical, alts in split_items(names):
            for n in alts:
                sink.add(Entry(n, kind, iso, canonical, "hand"))
    for ln, cols in hand_rows("norp.tsv"):
        if len(cols) != 2:
            sys.exit(f"hand/norp.tsv:{ln}: expected country<TAB>names")
        iso = "" if cols[0] == "-" else cols[0]
        for canonical, alts in split_items(cols[1]):
            for n in alts:
                sink.add(Entry(n, "demonym", iso, canonical, "hand"))
    return countries


def load_overrides() -> dict[str, tuple[str, str] | None]:
    """hand/petrarch_fixes.tsv: PETRARCH phrase -> None (drop) or (kind, country)."""
    fixes: dict[str, tuple[str, str] | None] = {}
    for ln, cols in hand_rows("petrarch_fixes.tsv"):
        phrase = cols[0].strip()
        action = cols[1].strip() if len(cols) > 1 else ""
        k = key_of(phrase.replace("_", " "))
        if action == "drop":
            fixes[k] = None
        elif action in KINDS:
            iso = cols[2].strip() if len(cols) > 2 else ""
            fixes[k] = (action, "" if iso == "-" else iso)
        else:
            sys.exit(f"hand/petrarch_fixes.tsv:{ln}: action must be drop or a kind, got {action!r}")
    return fixes


# --------------------------------------------------------------------------- PETRARCH
# CAMEO country codes are ISO 3166-1 alpha-3 except these.
CAMEO_TO_ISO = {
    "TMP": "TLS",  # East Timor (CAMEO keeps the pre-2002 ISO code)
    "KSV": "XKX",  # Kosovo (no ISO code; XKX is the user-assigned code in common use)
    "ROM": "ROU",  # Romania (older CAMEO)
    "ZAR": "COD",  # Zaire
    "BUR": "MMR",  # Burma
    "SRB": "SRB",
}
# Former states: kept with their former ISO 3166-1 code (now ISO 3166-3).
FORMER = {"SUN", "YUG", "CSK", "DDR", "SCG", "ANT"}
FICTIONAL = {"KNT"}  # Kinakuta, a test country in the Phoenix file
# Territory suffixes of six-letter place codes (GBRVGB = British Virgin Islands) -> ISO
# code and kind of the place itself.
TERRITORY = {
    "VGB": ("VGB", "country"), "FRO": ("FRO", "country"), "FLK": ("FLK", "country"),
    "ASM": ("ASM", "country"), "PRI": ("PRI", "country"), "GUF": ("GUF", "country"),
    "PYF": ("PYF", "country"), "GIB": ("GIB", "country"), "GRL": ("GRL", "country"),
    "GLP": ("GLP", "country"), "GUM": ("GUM", "country"), "MTQ": ("MTQ", "country"),
    "MSR": ("MSR", "country"), "ANT": ("ANT", "country"), "NCL": ("NCL", "country"),
    "NIU": ("NIU", "country"), "PCN": ("PCN", "country"), "SHN": ("SHN", "country"),
    "TKL": ("TKL", "country"), "VIR": ("VIR", "country"), "WLF": ("WLF", "country"),
    "IMY": ("IMN", "country"), "SRP": ("BIH", "admin"), "GZA": ("PSE", "admin"),
}


@dataclass
class Record:
    file: str
    line: int
    primary: str
    comment: str
    synonyms: list[tuple[str, int]] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date restriction)
    comments: list[str] = field(default_factory=list)

    def phrases(self):
        yield self.primary, self.line
        yield from self.synonyms


CODE_RE = re.compile(r"\[([^\]]*)\]")


def parse_codes(text: str) -> list[tuple[str, str]]:
    out = []
    for m in CODE_RE.finditer(text):
        parts = m.group(1).split(None, 1)
        if parts:
            out.append((parts[0], parts[1].strip() if len(parts) > 1 else ""))
    return out


def read_actors(path: str) -> list[Record]:
    """Reads a PETRARCH .actors file: a primary phrase (optionally with [CODE]s), '+'
    synonym lines, and tab-indented [CODE date] lines; '#' starts a comment."""
    recs: list[Record] = []
    cur: Record | None = None
    name = os.path.basename(path)
    with open(path, encoding="utf-8", errors="replace") as f:
        for ln, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            body, _, comment = line.partition("#")
            if not body.strip():
                continue
            if body[0] in " \t":
                if cur is not None:
                    cur.codes += parse_codes(body)
                continue
            if body.startswith("+"):
                if cur is not None:
                    cur.synonyms.append((CODE_RE.sub(" ", body[1:]).strip(), ln))
                    cur.codes += parse_codes(body)
                    cur.comments.append(comment)
                continue
            m = CODE_RE.search(body)
            phrase = body[: m.start()] if m else body
            cur = Record(name, ln, phrase.strip(), comment, codes=parse_codes(body), comments=[comment])
            recs.append(cur)
    return recs


def petrarch_words(raw: str) -> list[str] | None:
    """PETRARCH phrase -> words, or None when it cannot be a clean phrase."""
    s = raw.strip()
    s = re.sub(r"\([^)]*\)", " ", s)  # "CONGO_(KINSHASA)_" -> "CONGO"
    s = s.replace("_", " ")
    if re.search(r"[()\[\]{}<>/\\|!$%*=:;?\"+~@^]|\ufffd", s):
        return None
    words = approx_tokens(s.replace(",", " , "))
    words = [w for w in words if w not in (",",)] if s.count(",") > 1 else words
    if not words or any(w.startswith(("'", "-")) for w in words):
        return None
    if "," in words:
        return None
    return words


def iso_of_code(code: str) -> str | None:
    c = code[:3]
    if c in FICTIONAL:
        return None
    c = CAMEO_TO_ISO.get(c, c)
    return c if c in VALID_ISO else None


VALID_ISO: set[str] = set()

GEO_WORDS = {"RIVER", "LAKE", "SEA", "GULF", "BAY", "DESERT", "MOUNTAINS", "MOUNTAIN", "MOUNT", "MT.", "FALLS",
             "CANYON", "VALLEY", "PLATEAU", "PENINSULA", "BANDAO", "STRAIT", "STRAITS", "CHANNEL", "CANAL", "OCEAN",
             "RANGE", "HIGHLANDS", "PLAIN", "PLAINS", "ISLAND", "ISLANDS", "ISLE", "ISLES", "ARCHIPELAGO", "REEF",
             "CAPE", "GLACIER", "VOLCANO", "DAM", "BIGHT", "DELTA", "COAST", "HILLS", "HEIGHTS", "FOREST", "BASIN",
             "WALL", "SHAN", "PASS", "OASIS", "LAGOON", "SOUND", "FJORD", "FIORD", "STEPPE", "SQUARE", "ALPS",
             "SHIELD", "PEAK", "GORGE", "PARK", "ATOLL", "POINT", "WATERFALL", "FALL"}
GEO_FIRST_WORDS = {"MOUNT", "MT.", "MT", "LAKE", "GULF", "CAPE", "BAY", "PULAU", "WADI", "JEBEL", "JABAL", "PICO",
                   "NEVADO", "VOLCAN", "GOLFO", "SIERRA", "ISLA", "ILE", "ILES", "LAGO", "MONTE", "RIVER"}
ADMIN_WORDS = {"PROVINCE", "PROVINCES", "GOVERNORATE", "REGION", "DISTRICT", "COUNTY", "OBLAST", "KRAI", "OKRUG",
               "PREFECTURE", "TERRITORY", "TERRITORIES", "DEPARTEMENT", "DEPARTMENT", "CANTON", "MUNICIPALITY",
               "EMIRATE", "STATE", "PARISH", "RAION", "WILAYA", "WILAYAT", "KURDISTAN"}
COUNTRYISH_WORDS = {"REPUBLIC", "REPUBLIK", "REPUBLICA", "REPUBLIQUE", "KINGDOM", "FEDERATION", "EMPIRE",
                    "COMMONWEALTH", "PRINCIPALITY", "SULTANATE", "UNITED", "DEMOCRATIC", "PEOPLE'S", "PEOPLES",
                    "JAMAHIRIYA", "CONFEDERATION", "UNION", "GRAND", "DUCHY", "ISLAMIC", "SOCIALIST"}
# Endings of demonym spellings that PETRARCH lists among a country's names (MORROCAN,
# ISRAELIAN, S.KOREANS). Names end otherwise (-LAND, -IA, -A, -STAN, -EN).
DEMONYM_SUFFIXES = ("IAN", "IANS", "EAN", "EANS", "ESE", "ISH", "ANS", "AN", "OS", "INE", "ITE", "ITES", "IM",
                    "AISE", "OIS", "I", "IS", "ER", "ERS", "ISLANDER", "ISLANDERS")
NOT_DEMONYM_ENDINGS = ("LAND", "IA", "A", "STAN", "EN", "IE", "LANDS")


def _letters(s: str) -> str:
    return re.sub(r"[^A-Z]", "", s.upper())


def _best_ratio(joined: str, names: list[str]) -> float:
    best = 0.0
    for n in names:
        n = _letters(n)
        if n:
            best = max(best, difflib.SequenceMatcher(None, joined, n).ratio())
    return best


REVIEW: list[tuple[str, str, str, str]] = []  # (iso, phrase, kind, reason) for --review


def classify_place_synonym(words: list[str], iso: str, country: Country | None, seen_city: bool,
                           main: bool) -> tuple[str, str]:
    """Kind of a synonym in a PETRARCH place record, and why."""
    up = [w.upper() for w in words]
    joined = "".join(_letters(w) for w in up)
    if any(w in GEO_WORDS for w in up[1:]) or up[0] in GEO_FIRST_WORDS:
        return "geo", "geo word"
    if country is not None:
        demonyms = country.demonyms + [d + "s" for d in country.demonyms]
        r_name = _best_ratio(joined, country.names)
        r_dem = _best_ratio(joined, demonyms) if demonyms else 0.0
        stems = {_letters(n)[:4] for n in country.names + country.demonyms}
        last = up[-1]
        demonym_shaped = last.endswith(DEMONYM_SUFFIXES) and not joined.endswith(NOT_DEMONYM_ENDINGS)
        if r_dem >= 0.8 and r_dem > r_name and demonym_shaped and joined[:3] in {s[:3] for s in stems}:
            return "demonym", f"like demonym {r_dem:.2f}"
        full_names = {_letters(n) for n in country.names}
        for tail in ("WOMEN", "WOMAN", "MEN", "MAN"):
            stem = joined[: -len(tail)]
            if joined.endswith(tail) and len(stem) >= 4 and (stem in full_names or stem.endswith(("ISH", "CH"))):
                return "demonym", "-man demonym"
        if main and r_name >= 0.8:
            return "country", f"like name {r_name:.2f}"
        if main:
            name_words = {w for n in country.names for w in re.findall(r"[A-Z']+", n.upper()) if len(w) > 3}
            name_words -= COUNTRYISH_WORDS | {"SAINT", "NORTH", "SOUTH", "EAST", "WEST", "NEW", "ISLANDS", "STATES",
                                              "ISLAND", "CENTRAL", "ARAB", "GUINEA", "SUDAN", "KOREA"}
            if any(w in COUNTRYISH_WORDS for w in up) and any(w in name_words for w in up):
                return "country", "state word"
        if r_name < 0.8 and len(up) <= 3 and len(last) >= 5 and \
                last.endswith(("IAN", "IANS", "EAN", "EANS", "ESE", "ISH", "ISLANDER", "ISLANDERS")) and \
                joined[:4] in stems and not joined.endswith(NOT_DEMONYM_ENDINGS):
            return "demonym", "demonym suffix"
    if any(w in ADMIN_WORDS for w in up[1:]) or up[0] in {"PROVINCE", "STATE", "REGION"}:
        if "UNITED" not in up:
            return "admin", "admin word"
    if country is not None:
        if main:
            name_words = {w for n in country.names for w in re.findall(r"[A-Z']+", n.upper()) if len(w) > 3}
            name_words -= {"SAINT", "NORTH", "SOUTH", "EAST", "WEST", "NEW", "ISLANDS", "REPUBLIC", "UNITED",
                           "KINGDOM", "STATES", "ISLAND", "CENTRAL", "DEMOCRATIC", "ARAB", "GUINEA", "SUDAN"}
            if any(w in name_words for w in up) and not seen_city:
                return "country", "name word"
    return "city", "default"


# --------------------------------------------------------------------------- persons/orgs
TITLES = {"PRESIDENT", "VICE", "VICE-PRESIDENT", "PRIME", "MINISTER", "SECRETARY", "SECRETARY-GENERAL", "SENATOR",
          "SEN.", "CONGRESSMAN", "CONGRESSWOMAN", "REP.", "GOVERNOR", "GOV.", "GENERAL", "GEN.", "LT.", "LIEUTENANT",
          "COLONEL", "COL.", "MAJOR", "MAJ.", "CAPTAIN", "CAPT.", "ADMIRAL", "ADM.", "MARSHAL", "FIELD", "BRIGADIER",
          "COMMANDER", "KING", "QUEEN", "PRINCE", "PRINCESS", "CROWN", "SHEIKH", "SHAIKH", "SHEIK", "EMIR", "AMIR",
          "SULTAN", "AYATOLLAH", "GRAND", "HOJATOLISLAM", "HOJJATOLESLAM", "MULLAH", "IMAM", "CLERIC", "DR.", "DR",
          "DOCTOR", "PROF.", "PROFESSOR", "SIR", "DAME", "LORD", "LADY", "MR.", "MRS.", "MS.", "MR", "MRS", "MS",
          "FORMER", "EX-PRESIDENT", "EX-SOVIET", "SOVIET", "LEADER", "CHAIRMAN", "CHAIRWOMAN", "PREMIER",
          "CHANCELLOR", "AMBASSADOR", "ENVOY", "JUDGE", "JUSTICE", "REV.", "REVEREND", "FATHER", "POPE", "ARCHBISHOP",
          "BISHOP", "CARDINAL", "RABBI", "HAJI", "HAJJI", "MAULANA", "MAULVI", "SAYYED", "SAYYID", "SEYED", "SEYYED",
          "PASTOR", "DEPUTY", "ACTING", "INTERIM", "NATIONAL", "SECURITY", "ADVISER", "ADVISOR", "U.S.", "US",
          "AMERICAN", "SPEAKER", "MAYOR", "ATTORNEY", "COMMISSIONER", "DIRECTOR", "AMB.", "EMPEROR", "TSAR", "CZAR",
          "GENERALISSIMO", "PRES.", "PM", "CHIEF", "OF", "STAFF", "DEFENSE", "FOREIGN", "STATE", "THE",
          "BARONESS", "BARON", "DUKE", "DUCHESS", "HIS", "HER", "MAJESTY", "HIGHNESS", "EXCELLENCY", "SHEIKHA",
          "PRESIDENT-ELECT", "PM-ELECT", "SENIOR", "JUNIOR", "COMRADE", "MARSHALL", "COMMANDANT", "HRH"}
NAME_PARTICLES = {"AL", "AL-", "EL", "BIN", "BEN", "IBN", "ABU", "ABD", "ABDUL", "ABDEL", "OULD", "DE", "DA", "DI",
                  "DEL", "DOS", "DAS", "DO", "DU", "VAN", "VON", "DER", "DEN", "LA", "LE", "MAC", "MC", "Y", "BINT",
                  "ST.", "SAINT", "UL", "UD", "ED", "AS", "AR", "AD", "ASH", "AZ", "AN", "AT", "ES", "BEL", "BOU"}
FUNCTION_WORDS = {"OF", "THE", "FOR", "AND", "IN", "ON", "TO", "WITH", "AGAINST", "FROM", "AT", "BY", "OR"}
ORG_WORDS = {
    "ORGANIZATION", "ORGANISATION", "ORGANIZATIONS", "UNION", "COUNCIL", "COMMITTEE", "COMMISSION", "AGENCY",
    "BANK", "FUND", "FOUNDATION", "INSTITUTE", "INSTITUTION", "ASSOCIATION", "FEDERATION", "PARTY", "FRONT",
    "MOVEMENT", "ARMY", "ARMIES", "FORCE", "FORCES", "BRIGADE", "BRIGADES", "BATTALION", "BATTALIONS", "CORPS",
    "GUARD", "GUARDS", "MILITIA", "MILITIAS", "GROUP", "GROUPS", "LEAGUE", "ALLIANCE", "COALITION", "MINISTRY",
    "MINISTRIES", "DEPARTMENT", "OFFICE", "BUREAU", "SERVICE", "SERVICES", "ASSEMBLY", "PARLIAMENT", "CONGRESS",
    "SENATE", "COURT", "TRIBUNAL", "POLICE", "NAVY", "AIR", "COMMAND", "AUTHORITY", "ADMINISTRATION", "GOVERNMENT",
    "CABINET", "DIRECTORATE", "SECRETARIAT", "PROGRAM", "PROGRAMME", "CENTER", "CENTRE", "NETWORK", "SOCIETY",
    "TRUST", "CORPORATION", "CORP", "CORP.", "COMPANY", "CO.", "INC", "INC.", "LTD", "LTD.", "LLC", "PLC", "GROUP",
    "HOLDINGS", "INDUSTRIES", "INTERNATIONAL", "SYSTEMS", "TECHNOLOGIES", "ENERGY", "PETROLEUM", "OIL", "GAS",
    "AIRLINES", "AIRWAYS", "MOTORS", "BANCORP", "FINANCIAL", "PARTNERS", "CAPITAL", "MEDIA", "NEWS", "TIMES",
    "POST", "PRESS", "RADIO", "TELEVISION", "BROADCASTING", "UNIVERSITY", "COLLEGE", "ACADEMY", "SCHOOL",
    "HOSPITAL", "CHURCH", "MOSQUE", "CONFERENCE", "FORUM", "CLUB", "BOARD", "CHAMBER", "COMMUNITY", "PACT",
    "TREATY", "INITIATIVE", "MISSION", "RESISTANCE", "JIHAD", "ORGANIZATION", "CELL", "CELLS", "COMMANDOS",
    "MUJAHIDEEN", "JAMAAT", "JAMAA", "JABHAT", "HARAKAT", "TEHRIK", "LASHKAR", "KATAIB", "LIWA", "JAISH",
    "ANSAR", "SARAYA", "FACTION", "REVOLUTIONARY", "LIBERATION", "NATIONAL", "DEMOCRATIC", "ISLAMIC", "PEOPLE'S",
    "PEOPLES", "SOLIDARITY", "WORKERS", "REBELS", "GUERRILLAS", "NUCLEI", "COMMANDO", "SQUAD", "SQUADS",
    "DIVISION", "REGIMENT", "FLEET", "LEGION", "UNIT", "UNITS", "CONSORTIUM", "COOPERATIVE", "RELIEF", "AID",
    "WATCH", "RIGHTS", "AMNESTY", "CROSS", "CRESCENT", "OBSERVATORY", "COMMUNIST", "SOCIALIST", "DEMOCRATS",
    "REPUBLICANS", "HOUSE", "FEDERAL", "RESERVE", "INTELLIGENCE", "PARLIAMENTARY", "DUMA", "KNESSET", "MAJLIS",
}
ROLE_WORDS = {"ENVOY", "SPOKESMAN", "SPOKESWOMAN", "SPOKESPERSON", "OFFICIAL", "OFFICIALS", "MONITOR", "PEACEKEEPER",
              "PEACEKEEPERS", "REPRESENTATIVE", "SECRETARY", "SECRETARY-GENERAL", "MINISTER", "PRESIDENT", "CHAIRMAN",
              "CHAIRWOMAN", "CHAIRPERSON", "CHIEF", "DIRECTOR", "LEADER", "LEADERS", "COMMANDER", "AMBASSADOR",
              "DELEGATE", "SOLDIER", "SOLDIERS", "TROOPS", "ADVISER", "ADVISOR", "JUSTICES", "JUDGE", "VESSEL",
              "MEMBER", "MEMBERS", "STAFF", "WORKER", "CONTINGENT", "RESIDENT", "OBSERVER", "OBSERVERS",
              "INSPECTOR", "INSPECTORS", "OFFICER", "OFFICERS", "AGENT", "AGENTS", "EMPLOYEE", "EMPLOYEES", "HEAD",
              "MILITANT", "MILITANTS", "FIGHTER", "FIGHTERS", "SUPPORTERS", "SPOKESMEN", "GOVERNOR", "MAYOR",
              "SENATOR", "CONGRESSMAN", "PREMIER", "KING", "QUEEN", "PRINCE", "EMIR", "SULTAN", "GENERAL",
              "COLONEL", "CAPTAIN", "ADMIRAL", "ATTORNEY", "PROSECUTOR", "COMMISSIONER", "REPORTER", "CORRESPONDENT",
              "ANALYST", "ANALYSTS", "EXPERT", "EXPERTS", "CITIZEN", "CITIZENS", "TOURIST", "TOURISTS", "STUDENTS",
              "STUDENT", "VICTIM", "VICTIMS", "REFUGEE", "REFUGEES", "SUSPECT", "SUSPECTS", "CHIEFS", "POTUS",
              "SECDEF", "OFFICIALDOM", "BODIES", "PERSONNEL", "DIPLOMAT", "DIPLOMATS", "NEGOTIATOR", "MEDIATOR"}


def person_like(words: list[str], first_names: set[str]) -> list[str] | None:
    """Name words after leading titles, if the phrase reads as a personal name of 2+ words."""
    up = [w.upper() for w in words]
    i = 0
    while i < len(up) - 1 and up[i] in TITLES:
        i += 1
    name = up[i:]
    if len(name) < 2 or len(name) > 6:
        return None
    if any(w in FUNCTION_WORDS or w in ORG_WORDS or w in ROLE_WORDS for w in name):
        return None
    if any(not re.fullmatch(r"[A-Z\u00c0-\u024f][A-Z\u00c0-\u024f'.\-]*", w) for w in name):
        return None
    if all(len(w.rstrip(".")) <= 1 for w in name):
        return None
    return words[i:]


def country_of_codes(codes: list[tuple[str, str]]) -> str:
    """The actor's country: from its default (undated) code, else its most recent code."""
    if not codes:
        return ""
    undated = [c for c, d in codes if not d]
    code = undated[-1] if undated else codes[-1][0]
    if code[:3] in ("IGO", "NGO", "MNC", "IMG"):
        # After these come country, region or religion codes; MUS (Muslim), CAF (Central
        # Africa) and SUN (Sunni) there are not Mauritius, the CAR or the Soviet Union.
        rest = code[3:6]
        if rest in ("MUS", "CAF", "SUN"):
            return ""
        return iso_of_code(rest) or "" if len(rest) == 3 else ""
    return iso_of_code(code) or ""


def record_acronyms(rec: Record) -> set[str]:
    """Words of a record that are the initials of one of its longer phrases (DOJ, ANSF)."""
    phrases = [p for p, _ in rec.phrases()]
    initials = []
    for p in phrases:
        ws = [w for w in re.split(r"[_ ]+", p.upper()) if w]
        if len(ws) >= 2:
            initials.append("".join(w[0] for w in ws))
            initials.append("".join(w[0] for w in ws if w not in FUNCTION_WORDS))
    out = set()
    for p in phrases:
        for w in re.split(r"[_ ]+", p.upper()):
            w = w.strip("()")
            if 2 <= len(w) <= 8 and w.isalpha() and w not in FUNCTION_WORDS and w.lower() not in SMALL and \
                    any(_subseq(w, ini) for ini in initials):
                out.add(w)
    for p in phrases:  # parenthesized acronyms: ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_
        for m in re.finditer(r"\(([A-Z0-9.\-]{2,10})\)", p):
            out.add(m.group(1))
    return out


def _subseq(small: str, big: str) -> bool:
    if len(small) > len(big) or small[0] != big[0]:
        return False
    it = iter(big)
    return all(c in it for c in small)


# --------------------------------------------------------------------------- build
@dataclass
class Stats:
    counts: collections.Counter = field(default_factory=collections.Counter)
    dropped: collections.Counter = field(default_factory=collections.Counter)


def build(petrarch: str, common_words_file: str | None) -> tuple[dict[str, str], Stats]:
    stats = Stats()
    sink = Sink()
    countries = load_hand(sink)
    for (k, kind, _), e in sink.entries.items():
        stats.counts[(kind, "hand")] += 1
    VALID_ISO.clear()
    VALID_ISO.update(countries)
    fixes = load_overrides()
    common = load_common_words(common_words_file) if common_words_file else set()
    agent_words = set()

    used_fixes: set[str] = set()

    def add(e: Entry, why: str = "") -> None:
        k = e.key
        if k in fixes:
            used_fixes.add(k)
            fix = fixes[k]
            if fix is None:
                stats.dropped["petrarch_fixes"] += 1
                return
            e = Entry(e.phrase, fix[0], fix[1], e.canonical if fix[0] == e.kind else e.phrase, e.source)
        if sink.add(e):
            stats.counts[(e.kind, e.source)] += 1
        else:
            stats.dropped["duplicate or defined by hand"] += 1

    # ---- agents: single-word religious groups (Muslim, Christian, Jewish ...) as NORP
    src = "petrarch:agents"
    agents_path = os.path.join(petrarch, "Phoenix.agents.txt")
    religion_codes = ("~BUD", "~CHR", "~HIN", "~JEW", "~MUS", "~SHI", "~SUN", "~SIK", "~ALE", "~DRZ", "~ZRO",
                      "~BAH", "~JAN", "~CON", "~TAO", "~SHN")
    clergy = {"ARCHBISHOP", "ARCHIMANDRITE", "ARCHDIOCESE", "ARCHPRIEST", "BISHOP", "DIOCESE", "HIERARCH",
              "PRELATE", "KANIDURGU", "SADHU", "CANTOR", "RABBI", "IMAM", "MULLAH"}
    with open(agents_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            body = line.split("#", 1)[0]
            m = re.match(r"^([A-Z][A-Z'\-_]*)\s*(\{[^}]*\})?\s*\[(~?[A-Z]+~?)\]", body)
            if not m:
                continue
            word = m.group(1).strip("_")
            for w in re.split(r"[_ ]", word):
                agent_words.add(w)
            if "_" in word or " " in word:
                continue
            if m.group(3).startswith(religion_codes) and word not in clergy:
                canonical = {"MOSLEM": "Muslim", "HASIDIM": "Hasid"}.get(word, smart_case([word]))
                add(Entry(smart_case([word]), "demonym", "", canonical, src))

    # ---- Countries: places, national persons and institutions
    src = "petrarch:countries"
    recs = read_actors(os.path.join(petrarch, "Phoenix.Countries.actors.txt"))
    first_names: set[str] = set()
    person_recs, other_recs, place_recs = [], [], []
    for r in recs:
        codes = [c for c, _ in r.codes]
        if any(c[:3] in FICTIONAL for c in codes):
            stats.dropped["fictional country (Kinakuta)"] += 1
            continue
        three = [c for c in codes if len(c) == 3 and iso_of_code(c)]
        terr = [c for c in codes if len(c) == 6 and c[3:] in TERRITORY]
        if "CountryInfo" in r.comment and not three:
            person_recs.append(r)
        elif three or terr:
            place_recs.append((r, three, terr))
        else:
            other_recs.append(r)
    for r in person_recs:
        ws = petrarch_words(r.primary)
        if ws:
            name = person_like(ws, set())
            if name:
                first_names.add(name[0].upper())
    first_names -= ORG_WORDS | ROLE_WORDS | FUNCTION_WORDS | {"AL", "EL"}

    hand_demonym_keys = {k for (k, kind, _), e in sink.entries.items() if kind == "demonym"}
    hand_city_keys = {k for (k, kind, _), e in sink.entries.items() if kind == "city"}
    for r, three, terr in place_recs:
        if three:
            iso = iso_of_code(three[-1])
            rec_kind = "country"
        else:
            iso, rec_kind = TERRITORY[terr[-1][3:]]
        country = countries.get(iso)
        keys = {key_of(" ".join(petrarch_words(p) or [])) for p, _ in r.phrases()}
        main = country is not None and rec_kind == "country" and any(key_of(n) in keys for n in country.names)
        if not main and country is not None and rec_kind == "country" and len(three) >= 1:
            # A record for a part of a country (IRAQI_KURDISTAN [IRQ], LEIPZIG [DDR/DEU]).
            rec_kind = "admin"
        # Pass 1: type each phrase by its own evidence.
        typed = []  # (phrase, kind, why)
        seen_city = False
        for i, (p, ln) in enumerate(r.phrases()):
            ws = petrarch_words(p)
            if not ws or any(ch.isdigit() for ch in p):
                stats.dropped["unparseable phrase"] += 1
                continue
            phrase = smart_case(ws)
            k = key_of(phrase)
            if k in sink.hand_keys:
                if i > 0 and k in hand_city_keys:
                    seen_city = True
                typed.append((phrase, "hand", "defined by hand"))
                continue
            if i == 0:
                typed.append((phrase, rec_kind if rec_kind != "country" or main else "admin", "record"))
                continue
            if k.endswith("s") and k[:-1] in hand_demonym_keys:
                stats.dropped["plural of a hand demonym"] += 1
                continue
            kind, why = classify_place_synonym(ws, iso, country, seen_city, main)
            if kind == "city" and why == "default" and not seen_city and main:
                why = "before first city"
            typed.append((phrase, kind, why))
        # Pass 2: PETRARCH lists a country's names first, then its cities, provinces and
        # features. An untyped phrase before the first city or before the last phrase that
        # is clearly a name of the country is another name of it (a foreign or old name).
        strong = [j for j, (_, kind, why) in enumerate(typed) if kind == "country" and why.startswith("like name")]
        last_strong = strong[-1] if strong else -1
        geo_phrases = [key_of(ph) for ph, kind, _ in typed if kind == "geo"]
        for j, (phrase, kind, why) in enumerate(typed):
            if kind == "hand":
                stats.dropped["defined by hand"] += 1
                continue
            k = key_of(phrase)
            if kind == "city" and why in ("default", "before first city"):
                if any(g != k and (g.startswith(k + " ") or g.endswith(" " + k)) for g in geo_phrases):
                    kind, why = "geo", "twin of a feature"  # NILE beside NILE_RIVER
                elif main and (why == "before first city" or j < last_strong):
                    kind, why = "country", why if why == "before first city" else "before a name of the country"
            REVIEW.append((iso, phrase, kind, why))
            canonical = country.name if (kind == "country" and country and main) else phrase
            add(Entry(phrase, kind, iso, canonical, src))

    person_ids = {id(r) for r in person_recs}
    for r in person_recs + other_recs:
        add_actor(r, src, add, first_names, common, agent_words, stats, is_person_rec=id(r) in person_ids,
                  national=True)

    # ---- International: IGOs, NGOs, companies and their officials
    src = "petrarch:international"
    for r in read_actors(os.path.join(petrarch, "Phoenix.International.actors.txt")):
        add_actor(r, src, add, first_names, common, agent_words, stats, is_person_rec=False)

    # ---- Military and non-state armed actors
    src = "petrarch:milnonstate"
    for r in read_actors(os.path.join(petrarch, "Phoenix.MilNonState.actors.txt")):
        add_actor(r, src, add, first_names, common, agent_words, stats, is_person_rec=False, org_default=True)

    for k in sorted(set(fixes) - used_fixes):
        print(f"warning: hand/petrarch_fixes.tsv: {k!r} matches no PETRARCH phrase", file=sys.stderr)

    # ---- write
    by_file: dict[str, list[Entry]] = {f: [] for f in FILES}
    for e in sink.entries.values():
        for f, kinds in FILES.items():
            if e.kind in kinds:
                by_file[f].append(e)
    texts = {}
    for f, rows in by_file.items():
        rows.sort(key=lambda e: (e.key, KINDS.index(e.kind), e.country, e.canonical, e.phrase, e.source))
        lines = [
            f"# dyad gazetteer: {f[:-4]} ({', '.join(FILES[f])}). Generated by scripts/build_gazetteers.py from",
            "# PETRARCH2/Phoenix dictionaries (MIT, (c) 2014 Open Event Data Alliance) and the hand-written",
            "# files in models/gazetteers/hand/. Do not edit: edit the sources and regenerate.",
            "# phrase\tkind\tcountry\tcanonical\tsource",
        ]
        for e in rows:
            for v in (e.phrase, e.canonical):
                assert "\t" not in v and "\n" not in v, e
            lines.append("\t".join([e.phrase, e.kind, e.country, e.canonical, e.source]))
        texts[f] = "\n".join(lines) + "\n"
    return texts, stats


def add_actor(r: Record, src: str, add, first_names: set[str], common: set[str], agent_words: set[str],
              stats: Stats, is_person_rec: bool, org_default: bool = False, national: bool = False) -> None:
    """Persons and organizations of one actor record. `org_default`: the file lists armed
    groups (MilNonState), so the record's own name is an organization. `national`: the
    record comes from the Countries file, whose organizations carry a country code."""
    codes = r.codes
    iso = country_of_codes(codes)
    all_comments = " ".join([r.comment] + r.comments)
    dated = any(d for _, d in codes)
    eli = any(c.endswith("ELI") or c == "ELI" for c, _ in codes)
    person_rec = is_person_rec or "IGOrulers" in all_comments or eli
    acronyms = record_acronyms(r)
    mnc = any(c.startswith("MNC") for c, _ in codes)
    pw = petrarch_words(r.primary)
    prim_up = [w.upper() for w in pw] if pw else []
    prim_org_word = any(w in ORG_WORDS for w in prim_up)
    if national:
        rec_is_org = (not person_rec) and bool(codes) and (prim_org_word or not dated)
    else:
        rec_is_org = (not person_rec) and (org_default or prim_org_word or mnc or
                                           any(c[:3] in ("IGO", "NGO") for c, _ in codes))
    prim_person = person_like(pw, first_names) if pw else None
    canon_person = smart_case(prim_person) if (prim_person and not rec_is_org) else None
    prim_is_person = prim_person is not None and not prim_org_word and not (org_default or mnc)
    canon_org = smart_case(pw, acronyms) if (pw and not prim_is_person) else None
    prim_words = {w for w in re.split(r"[_ \-]+", r.primary.upper()) if len(w) >= 4}
    multiword_org_keys = [_letters(p) for p, _ in r.phrases() if len(re.split(r"[_ ]+", p.strip("_ "))) > 1]
    for i, (p, ln) in enumerate(r.phrases()):
        ws = petrarch_words(p)
        if not ws:
            stats.dropped["unparseable phrase"] += 1
            continue
        up = [w.upper() for w in ws]
        has_org_word = any(w in ORG_WORDS for w in up)
        name = person_like(ws, first_names)
        looks_person = name is not None and (
            person_rec or (name[0].upper() in first_names and not mnc) or
            (re.fullmatch(r"[A-Z]\.", name[0].upper()) is not None and not has_org_word) or
            (dated and not rec_is_org))
        if looks_person and not (rec_is_org and has_org_word):
            phrase = smart_case(name)
            add(Entry(phrase, "person", iso, canon_person or phrase, src))
            continue
        if person_rec and not has_org_word:
            stats.dropped["person: not a clean name of 2+ words"] += 1
            continue
        if not (rec_is_org or has_org_word):
            stats.dropped["neither person nor organization"] += 1
            continue
        parts = [x for w in up for x in w.split("-")]
        roles = [j for j, w in enumerate(parts) if w in ROLE_WORDS or w == "COMMANDER-IN-CHIEF"]
        if roles and not any(w in ORG_WORDS for w in parts[roles[-1] + 1:]):
            stats.dropped["org: a role, not an organization"] += 1  # "US Secretary of State"
            continue
        if up[0] in TITLES and up[0] not in ("NATIONAL", "STATE", "FEDERAL", "GRAND", "SECURITY", "DEFENSE",
                                             "FOREIGN", "AMERICAN", "US", "U.S.", "SOVIET", "THE", "CROWN"):
            stats.dropped["org: a role, not an organization"] += 1
            continue
        if i > 0 and len(up) >= 2 and not has_org_word and person_like(ws, set()) is not None and \
                not ({w for x in up for w in x.split("-") if len(w) >= 4} & prim_words):
            stats.dropped["org: name-shaped synonym, may be a person"] += 1  # leaders under their group
            continue
        if any(w in ("OFFICIAL", "SPOKESMAN", "SPOKESWOMAN", "OFFICIALS") for w in up):
            stats.dropped["org: a role, not an organization"] += 1
            continue
        if len(up) == 1:
            w = up[0]
            if w in agent_words or w.lower() in common or len(_letters(w)) < 2:
                stats.dropped["org: single common word"] += 1
                continue
            # A one-word synonym is kept only when it is the record's own name, an acronym
            # of one of its phrases, or a spelling of its name: PETRARCH also lists leaders'
            # surnames (ZAWAHIRI under AL_QAEDA) as synonyms.
            lw = _letters(w)
            if not (i == 0 or w.strip("().") in acronyms or
                    any(difflib.SequenceMatcher(None, lw, k).ratio() >= 0.8 for k in [_letters(r.primary)])):
                stats.dropped["org: one-word synonym that may be a person"] += 1
                continue
        phrase = smart_case(ws, acronyms | ({up[0]} if len(up) == 1 and len(up[0]) <= 4 else set()))
        add(Entry(phrase, "org", iso, canon_org or phrase, src))


def load_common_words(path: str) -> set[str]:
    """Lowercase word forms seen at least twice in a CoNLL-U treebank."""
    counts: collections.Counter = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line or line[0] in "#\n":
                continue
            cols = line.split("\t")
            if len(cols) > 3 and cols[1].islower() and cols[3] != "PROPN":
                counts[cols[1]] += 1
    return {w for w, n in counts.items() if n >= 2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--petrarch", default=os.path.join(ROOT, "..", "shared", "data", "petrarch2"))
    ap.add_argument("--common-words",
                    default=os.path.join(ROOT, "..", "shared", "data", "ud-ewt", "en_ewt-ud-train.rebuilt.conllu"))
    ap.add_argument("--out", default=os.path.join(ROOT, "models", "gazetteers"))
    ap.add_argument("--check", action="store_true", help="exit 1 if the files on disk are not up to date")
    ap.add_argument("--stats", action="store_true", help="print counts by kind and source")
    ap.add_argument("--review", metavar="FILE", help="write how each PETRARCH place synonym was typed, and why")
    args = ap.parse_args()
    common = args.common_words if os.path.exists(args.common_words) else None
    if common is None:
        print(f"note: {args.common_words} not found; single-word names are not filtered", file=sys.stderr)
    texts, stats = build(args.petrarch, common)
    if args.review:
        with open(args.review, "w", encoding="utf-8") as fh:
            for row in REVIEW:
                fh.write("\t".join(row) + "\n")
    stale = []
    for f, text in texts.items():
        path = os.path.join(args.out, f)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            stale.append(f)
            if not args.check:
                with open(path, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(text)
    if args.stats or not args.check:
        by_kind = collections.Counter()
        for (kind, source), n in sorted(stats.counts.items()):
            by_kind[kind] += n
            print(f"{kind:8} {source:24} {n:7}")
        print("total by kind:", dict(sorted(by_kind.items())))
        print("dropped:", dict(sorted(stats.dropped.items())))
        for f, text in texts.items():
            print(f"{f}: {text.count(chr(10)) - 4} rows, {len(text.encode()):,} bytes")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + " (run scripts/build_gazetteers.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
