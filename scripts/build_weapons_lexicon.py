#!/usr/bin/env python3
"""Regenerates models/weapons/weapons.tsv, the WEAPON lexicon of `dyad`.

Sources (see models/weapons/MODEL_CARD.md for licences and attribution):

  1. PETRARCH2 synsets &WEAPON, &WMD and &AIRCRAFT from CAMEO.2.0.txt (MIT,
     Open Event Data Alliance).
  2. Phoenix issue categories from Phoenix.IssueCoding.txt (MIT): LANDMINE, IED,
     DRONE, WMD and the malware part of CYBER_ATTACK give weapons; their event
     phrases (AIRSTRIKE, SUICIDE_ATTACK, cyber attack ...) and `~` exclusions give
     `block` entries where they contain a weapon word.
  3. WordNet 3.0 (Princeton, WordNet licence): every noun under weapon, weaponry,
     armament, ordnance, gun, projectile, missile, bomb, explosive device,
     explosive, weapon of mass destruction, warship, warplane, drone, military
     vehicle, tank, armored vehicle and malevolent program. A single-word lemma is
     kept only when its weapon sense is its first (most frequent) sense; multi-word
     lemmas likewise. Multi-word lemmas ending in a weapon word whose first sense is
     not a weapon ("think tank", "smoking gun", "bullet train") become `block`s.
  4. A hand-written part (HAND_* below): named systems current news needs, modern
     generic terms the older sources lack (hypersonic missile, loitering munition,
     ransomware ...), designator families (Su-##, MQ-#), ambiguous heads that need
     sentence context (mine, tank, virus, worm), head nouns that only extend a
     named system (system, battery, launcher) and the sentence cue words.

Classes come from the WordNet sub-hierarchy of the phrase or of its head word, or
from rules on its words; see classify().

Usage:
  python3 scripts/build_weapons_lexicon.py                 # write models/weapons/weapons.tsv
  python3 scripts/build_weapons_lexicon.py --check         # exit 1 if the committed file differs
  python3 scripts/build_weapons_lexicon.py --stats         # entries by class, kind and source
Options: --wordnet DIR (default /usr/share/wordnet, Debian package wordnet-base),
         --petrarch DIR (default ../shared/data/petrarch2 next to the repository).
"""

import argparse
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "models", "weapons", "weapons.tsv")
DEFAULT_PETRARCH = os.path.join(os.path.dirname(ROOT), "shared", "data", "petrarch2")
DEFAULT_WORDNET = "/usr/share/wordnet"

CLASSES = [
    "missile_rocket", "aircraft_drone", "artillery_armor", "small_arms", "explosive",
    "cbrn_nuclear", "naval", "cyber", "other",
]
M, A, R, S, E, C, N, Y, O = CLASSES

# ---------------------------------------------------------------------------------
# WordNet
# ---------------------------------------------------------------------------------

# Root synsets (WordNet 3.0 noun offsets) and the class of everything under them.
# Listed from general to specific: a synset takes the class of the most specific
# root above it (the deepest in this list order wins).
WN_ROOTS = [
    ("04565375", O),  # weapon, arm, weapon system
    ("04566257", O),  # weaponry, arms, implements of war, munition
    ("02738031", O),  # armament
    ("03799610", O),  # munition, ordnance
    ("02703275", O),  # ammunition, ammo
    ("03624134", O),  # knife (weapon)
    ("03764276", R),  # military vehicle
    ("02740533", R),  # armored vehicle
    ("04389033", R),  # tank, armored combat vehicle
    ("02746365", R),  # artillery, heavy weapon
    ("04190464", R),  # shell (ammunition)
    ("03467984", S),  # gun
    ("03343853", S),  # firearm, small-arm
    ("02916350", S),  # bullet
    ("02971691", S),  # cartridge
    ("04008634", M),  # projectile, missile
    ("03773504", M),  # missile
    ("03647520", R),  # launcher, rocket launcher
    ("03304730", E),  # explosive (substance)
    ("03305522", E),  # explosive device
    ("02866578", E),  # bomb
    ("03768132", E),  # mine (explosive device)
    ("04565963", C),  # weapon of mass destruction
    ("14993378", C),  # poison gas
    ("14960721", C),  # nerve gas, nerve agent
    ("02842303", C),  # biological weapon
    ("04552696", N),  # warship
    ("04456472", N),  # torpedo (armament)
    ("04347754", N),  # submarine
    ("04552348", A),  # warplane, military plane
    ("03245889", A),  # drone, pilotless aircraft
    ("06573020", Y),  # malevolent program
    ("04205759", S),  # shot, pellet (for firearms)
    ("15067877", O),  # tear gas (riot control, not a chemical weapon in the treaty sense)
]
# Sub-trees left out: fireworks, space probes, arsenals (collections, not weapons),
# tear gas (class `other` by the hand part), the old-West "peacekeeper" pistol.
WN_EXCLUDE_SUBTREES = {
    "03348454",  # firework
    "04265668",  # space probe
    "02743426",  # arsenal, armory (the weapons a country has)
    "03171228",  # defense system (the weaponry of a region: abstract)
}
# Lemmas that are first-sense weapons in WordNet but are too general or too often
# something else in news text to tag alone.
WN_STOP_LEMMAS = {
    "arms", "arm", "weapon system", "weapons system", "implements of war", "munition",
    "ordnance store", "hardware", "automatic", "semiautomatic", "repeater", "technical",
    "belt", "dummy", "blank", "cap", "load", "payload", "charge", "round", "shot", "rod",
    "piece", "steel", "brand", "blade", "shaft", "serpent", "tuck", "sticker", "seeker",
    "caisson", "canister", "peacekeeper", "picket", "powder", "grape", "crease", "dart",
    "ball", "slug", "pellet", "banger", "cracker", "maroon", "squib", "burster", "petard",
    "tin can", "whizbang", "partisan", "nautilus", "sub", "flack", "kamikaze", "unit of ammunition",
    "one shot", "ga", "gb", "gd", "hn", "bb", "bar", "seb", "fae", "lgb", "constitution",
    "big blue", "old ironsides", "excalibur", "peacemaker", "colt", "winchester", "luger",
    "mace", "chemical mace", "spandau", "long tom", "forty-five", "twenty-two", "quarrel",
    "sling", "bow", "foil", "pike", "knuckles", "sword", "epee", "lance", "creese", "kris",
    "kiley", "kylie", "broadside", "gunnery", "infernal machine", "burp gun", "tommy gun",
    "whizzbang", "undercharge", "fusil", "panzer", "dreadnaught", "gelly", "plastique",
    "paintball gun", "spitball", "throw stick", "throwing stick", "boomerang", "booby trap",
    "catherine wheel", "fizgig", "pinwheel", "sparkler", "roman candle", "firecracker",
    "cherry bomb", "cannon cracker", "stink bomb", "stench bomb", "smoke bomb", "carrier",
    "interceptor", "fighter", "bomber", "incendiary", "ironclad", "sidewinder", "cruiser",
    "saturday night special", "trojan horse", "virus", "worm", "trojan", "m-1",
    "blockbuster", "shrapnel", "antiaircraft", "rocket fuel", "rocket propellant", "rocket propellent",
    "bacillus anthracis", "anthrax bacillus", "clostridium perfringens", "aflatoxin", "gas gun",
    "tomahawk", "trident",  # archaic weapons in WordNet, missiles in news (hand part)
}
# Multi-word lemmas whose first sense is not under the roots but which are weapons.
WN_NOT_BLOCKS = {"anti-submarine rocket", "joint direct attack munition"}
# Classes the nearest root gets wrong (multiple inheritance in WordNet).
WN_CLASS_OVERRIDE = {
    "high explosive": E, "bursting explosive": E, "disrupting explosive": E, "naval gun": R,
    "naval missile": M, "tracer bullet": S, "canister shot": R, "case shot": R, "light arm": S,
    "cannon ball": R, "cannonball": R, "round shot": R, "shotgun shell": S, "whizbang shell": R,
    "gas shell": C, "gas bomb": C, "cruise missile": M, "warhead": M, "missile defense system": M,
    "missile defence system": M, "pepper spray": O, "anti-aircraft gun": R, "antiaircraft gun": R,
}
# Polysemous words kept despite WordNet's sense order: in news these are weapons first.
WN_KEEP_AMBIGUOUS = {"bomb", "missile", "rocket", "drone", "shell", "grenade"}


class WordNet:
    def __init__(self, directory):
        self.syn = {}
        with open(os.path.join(directory, "data.noun"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                head = line.split(" | ")[0].split()
                off, wcnt = head[0], int(head[3], 16)
                words = [head[4 + 2 * i] for i in range(wcnt)]
                i = 4 + 2 * wcnt
                pcnt = int(head[i])
                i += 1
                ptrs = []
                for _ in range(pcnt):
                    ptrs.append((head[i], head[i + 1], head[i + 2]))
                    i += 4
                self.syn[off] = (words, ptrs)
        self.index = {}
        with open(os.path.join(directory, "index.noun"), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fld = line.split()
                p = int(fld[3])
                self.index[fld[0]] = fld[4 + p + 2:]
        # Irregular plurals: plural -> singular.
        self.exc = collections.defaultdict(list)
        with open(os.path.join(directory, "noun.exc"), encoding="latin-1") as f:
            for line in f:
                fld = line.split()
                if len(fld) >= 2:
                    self.exc[fld[1]].append(fld[0])

    def hyponyms(self, off):
        return [t for s, t, pos in self.syn[off][1] if s in ("~", "~i") and pos == "n"]

    def hypernyms(self, off):
        return [t for s, t, pos in self.syn[off][1] if s in ("@", "@i") and pos == "n"]

    def closure(self):
        """synset offset -> class, for every synset under a root; the nearest root above
        a synset (fewest hypernym steps) gives its class, a later root winning a tie."""
        roots = {r: (i, c) for i, (r, c) in enumerate(WN_ROOTS)}
        members = set()
        for root in roots:
            stack = [root]
            while stack:
                o = stack.pop()
                if o in members or o in WN_EXCLUDE_SUBTREES:
                    continue
                members.add(o)
                stack.extend(self.hyponyms(o))
        cls = {}
        for o in members:
            frontier, dist, best = [o], 0, None
            seen = set()
            while frontier and best is None:
                hits = [roots[f] for f in frontier if f in roots]
                if hits:
                    best = max(hits)[1]
                    break
                seen.update(frontier)
                frontier = [h for f in frontier for h in self.hypernyms(f) if h not in seen and h in members]
                dist += 1
            if best is not None:
                cls[o] = best
        return cls

    def senses(self, lemma):
        return self.index.get(lemma.lower().replace(" ", "_"), [])


def wordnet_entries(wn, closure):
    """(phrase, class, kind) from WordNet, and block phrases."""
    out = {}
    for off, c in closure.items():
        for word in wn.syn[off][0]:
            lemma = re.sub(r"\(.*\)$", "", word).replace("_", " ")
            low = lemma.lower()
            if low in WN_STOP_LEMMAS or len(re.sub(r"[^a-z]", "", low)) < 3:
                continue
            senses = wn.senses(lemma)
            if not senses:
                continue
            first = senses[0]
            if first not in closure and low not in WN_KEEP_AMBIGUOUS:
                continue  # the weapon sense is not the usual one
            c_first = closure.get(first, c)
            kind = "generic"
            if re.match(r"[A-Z][a-z]{2,}", lemma):
                # Kalashnikov, Stinger, Uzi: a name that is also a word or a person's
                # name needs a head noun; "Gatling gun" already has one.
                kind = "name_head" if " " not in lemma else "name"
            words = low.split()
            if low in WN_CLASS_OVERRIDE:
                c_first = WN_CLASS_OVERRIDE[low]
            elif any(w in CBRN_WORDS for w in re.split(r"[ -]", low)) and words[-1] != "submarine":
                c_first = C
            elif words[-1] in ("ship", "boat", "troopship", "vessel"):
                c_first = N
            elif words[-1] in ("plane", "aircraft", "bomber"):
                c_first = A
            out.setdefault(lemma if kind != "generic" or re.search(r"[A-Z]{2}", lemma) else low, (c_first, kind))
    return out


def wordnet_blocks(wn, closure, weapon_words, context_words):
    """Multi-word lemmas ending in a weapon word whose first sense is not a weapon."""
    blocks = set()
    for lemma, senses in wn.index.items():
        if "_" not in lemma or not senses:
            continue
        last = lemma.split("_")[-1]
        if last not in weapon_words:
            continue
        if senses[0] in closure or last in context_words or lemma.replace("_", " ") in WN_NOT_BLOCKS:
            continue  # a weapon, or a head that is tagged only with a cue anyway
        blocks.add(lemma.replace("_", " "))
    return blocks


# ---------------------------------------------------------------------------------
# Classification of phrases from PETRARCH2 and Phoenix
# ---------------------------------------------------------------------------------

CBRN_WORDS = {
    "nuclear", "atomic", "thermonuclear", "wmd", "nuke", "sarin", "vx", "mustard", "nerve",
    "chemical", "biological", "bacteriological", "bioweapon", "cyclosarin", "blister",
    "radiological", "dirty", "anthrax", "smallpox", "ebola", "nonconventional", "mass",
    "fission", "fusion", "neutron", "plutonium", "megaton", "a", "h", "hydrogen", "atom",
}


def singular(word):
    for suf, rep in (("ies", "y"), ("ves", "fe"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("s", "")):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            return word[: -len(suf)] + rep
    return word


def classify(phrase, wn, closure, default=None):
    words = phrase.lower().split()
    if any(w.strip("-") in CBRN_WORDS for w in words[:-1]) or words[-1] in CBRN_WORDS:
        return C
    if any(w.startswith("cyber") for w in words):
        return Y
    for cand in (phrase.lower(), singular(phrase.lower())):
        if cand in WN_CLASS_OVERRIDE:
            return WN_CLASS_OVERRIDE[cand]
        senses = wn.senses(cand)
        if senses and senses[0] in closure:
            return closure[senses[0]]
    head = words[-1]
    for cand in (head, singular(head)):
        senses = wn.senses(cand)
        for s in senses[:1]:
            if s in closure:
                return closure[s]
    return default


def petrarch_synsets(path):
    """{synset name: [phrases]} for the & synsets of CAMEO.2.0.txt."""
    sets = collections.OrderedDict()
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.split("#")[0].rstrip()
            if line.startswith("&"):
                cur = line[1:].strip()
                sets[cur] = []
            elif line.startswith("+") and cur:
                sets[cur].append(line[1:].strip())
            elif not line.strip():
                cur = None
    return sets


PETRARCH_ACRONYMS = {"RPG", "IED", "VBIED", "WMD", "MRAP", "MANPAD", "UZI", "RPV", "MIG"}
# &AIRCRAFT is all aircraft; civilian ones are not weapons. These need a military cue
# in the sentence (kind `context`) or are left out.
PETRARCH_AIRCRAFT_CONTEXT = {"jet", "helicopter", "chopper"}
PETRARCH_AIRCRAFT_DROP = {"aircraft", "plane", "airplane", "airliner", "airship", "dirigible", "glider", "skyhook", "jumbojet", "jumbo jet", "jetliner", "turbojet"}
PETRARCH_DROP = {
    "vx stockpile",       # a stockpile, not a weapon (sarin/vx are kept)
    "chemical warfare",   # an activity
    "knife", "knives",    # kept from WordNet (knife, weapon sense)
    "semiautomatic",      # an adjective alone
    "switchblade",        # in current news the Switchblade loitering munition (hand part, with a head noun)
    "mig",                # covered by the designator family MiG-## and the hand part
}
PETRARCH_CLASS = {  # items whose class the rules cannot find
    "kalashnikov": S, "uzi": S, "ak-47": S, "ak-74": S, "m16": S, "m14": S, "50-caliber": S,
    "carbine": S, "rpg": S, "rocket propelled grenade": S, "manpad": M, "mrap": R,
    "armament": O, "ammunition": O, "tear gas": O, "billy club": O, "brass knuckles": O,
    "switchblade": O, "slingshot": O, "sabers": O, "machete": O, "hunting knife": O,
    "bow and arrow": O, "sword": O, "swords": O, "spear": O, "dagger": O,
    "precision guided munition": M, "armor piercing roadside bomb": E, "borne ied": E,
    "improvised explosive": E, "improvised explosive devise": E, "vbied": E, "ied": E,
    "rpv": A, "super hornet": A, "harrier jet": A, "mirage-2000": A, "fighting falcon": A,
    "eurofighter typhoon": A, "apache gunship": A, "f/a-18e/f super hornet": A,
    "antiaircraft missile batteries": M, "arleigh burke-class destroyer": N,
    "aircraft carrier": N, "frigate": N, "s565s panther": A, "as-532 cougar": A,
    "nh-90 nfh": A, "a-129c mangusta": A, "mi-24vm/hind": A, "rf 4c": A,
    "wmd": C, "weapon of mass destruction": C, "weapons of mass destruction": C,
    "cyclosarin": C, "sarin": C, "vx nerve agent": C, "vx nerve gas": C, "blister agent": C,
    "armored personnel carrier": R, "armoured personnel carrier": R, "infantry fighting vehicle": R,
    "battle tank": R, "m1a1 abrams": R, "m1 abrams": R, "bradley fighting vehicle": R, "m2 bradley": R,
    "recoilless rifle": R, "howitzer": R, "artillery": R, "cannon": R, "cannons": R,
    "semiautomatic": S, "firearm": S, "attack helicopters": A, "apache attack helicopter": A,
    "bazooka": S, "tow missile": M, "hellfire missile": M, "sidewinder missile": M, "rocket": M, "unguided rocket": M,
}


def petrarch_entries(path, wn, closure):
    out = {}
    sets = petrarch_synsets(path)
    aircraft = set()
    missing = []
    for name in ("AIRCRAFT", "WEAPON", "WMD"):
        for raw in sets.get(name, []):
            item = raw.rstrip("_").replace("_", " ").strip()
            low = item.lower()
            if name == "AIRCRAFT":
                aircraft.add(low)
            if low in PETRARCH_DROP or low in PETRARCH_AIRCRAFT_DROP:
                continue
            kind = "generic"
            if low in PETRARCH_AIRCRAFT_CONTEXT:
                kind = "context"
            if low in PETRARCH_CLASS:
                c = PETRARCH_CLASS[low]
            elif low in aircraft:
                c = A
            elif name == "WMD":
                c = C
            else:
                c = classify(low, wn, closure)
            if c is None:
                missing.append(raw)
                continue
            out.setdefault(display_form(item), (c, kind))
    if missing:
        raise SystemExit(f"{path}: no class for PETRARCH2 items {missing}: add them to PETRARCH_CLASS")
    return out


def display_form(item):
    """Lower case for common words, upper case kept for acronyms and designators."""
    words = []
    for w in item.split():
        if w.upper() in PETRARCH_ACRONYMS and w.isupper():
            words.append(w.upper())
        elif re.search(r"\d", w):
            words.append(w.upper() if w.isupper() else w)
        else:
            words.append(w.lower())
    return " ".join(words)


# Phoenix issue categories: which ones give weapons, with their class.
PHOENIX_WEAPON_CATEGORIES = {"LANDMINE": E, "IED": E, "DRONE": A}
PHOENIX_WMD_HEADS = {"weapon", "bomb", "missile", "warhead", "munition", "device", "gas", "icbm", "wmd", "arm", "smallpox", "ebola"}
PHOENIX_MALWARE_SKIP = {"victim's machine", "zero day attack", "a zero day", "keylogging", "keystroke logging", "key stroke logging", "clandestine remote access"}  # events, fragments
PHOENIX_CYBER_WEAPONS = {"botnet", "botnets", "bootkit", "cyberarms", "cyber arm", "cyber weapon", "cyberweapon", "cyberweapons", "cyber weaponry", "cyberweaponry", "cyber tool"}
PHOENIX_DROP = {"unmanned aerial", "nuclear armed", "nuclear tipped", "use of poison gas"}  # fragments, adjectives


def phoenix_expand(expr):
    """Phoenix `n:` (noun; the matcher adds plurals), `v:` (verb: skipped), `+` (space or hyphen)."""
    forms = [[]]
    for tok in expr.split():
        if "v:" in tok:
            return []
        part = tok.replace("n:", "")
        alts = [part.replace("+", " "), part.replace("+", "-")] if "+" in part else [part]
        forms = [f + [a] for f in forms for a in alts]
    return [" ".join(f) for f in forms]


# Categories whose `~` exclusions are about weapon words ("~office drone").
PHOENIX_WEAPON_SCOPE = {"LANDMINE", "IED", "DRONE", "WMD", "CYBER_ATTACK", "TERROR", "VIOLENT_UNREST"}


def phoenix_entries(path, weapon_words):
    """Weapons and blocks from the Phoenix issue categories.

    LANDMINE, IED, DRONE: every noun phrase is a weapon of the category's class.
    WMD: phrases headed by a weapon noun (nuclear bomb, chemical weapon, ICBM); the rest
      (nuclear war, bioterrorism) are topics, not weapons.
    CYBER_ATTACK: the MALWARE phrases and the cyber-weapon words; its attack phrases
      become blocks (a cyber attack is an event).
    TERROR, VIOLENT_UNREST: phrases headed by a weapon word (car bomb, suicide vest;
      water cannon, rubber bullet) are weapons (explosive; other).
    SUICIDE_ATTACK, AIRSTRIKE: phrases headed by a weapon word (suicide bomber: a person)
      become blocks.
    `~phrase` exclusions of the weapon categories headed by a weapon word become blocks.
    """
    out, blocks = {}, set()
    cat = None

    def headed_by_weapon(low):
        last = low.replace("-", " ").split()[-1]
        return last in weapon_words or singular(last) in weapon_words

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.split("#")[0].strip()
            m = re.match(r'<ISSUE CATEGORY="([^"]+)"', line)
            if m:
                cat = m.group(1)
                continue
            if line.startswith("</ISSUE") or not line or cat is None:
                continue
            if line.startswith("~"):
                if not line.startswith("~~") and cat in PHOENIX_WEAPON_SCOPE:
                    for form in phoenix_expand(line.lstrip("~")):
                        if headed_by_weapon(form.lower()):
                            blocks.add(form.lower())
                continue
            m = re.match(r"(.*?)\s*\[([A-Z_]+)\]", line)
            if not m:
                continue
            expr, code = m.group(1), m.group(2)
            for form in phoenix_expand(expr):
                low = form.lower()
                if low in PHOENIX_DROP:
                    continue
                if cat in PHOENIX_WEAPON_CATEGORIES:
                    if low.endswith(("bombing", "bombed")):
                        continue  # events
                    key = low.upper().rstrip("S") if low in {"ied", "ieds", "uav", "uavs"} else low
                    out.setdefault(key, (PHOENIX_WEAPON_CATEGORIES[cat], "generic"))
                elif cat == "WMD":
                    words = low.split()
                    head = singular(words[-1])
                    if head in PHOENIX_WMD_HEADS or words[-1] in PHOENIX_WMD_HEADS:
                        c = M if head in {"missile", "icbm"} and not any(w in CBRN_WORDS for w in words) else C
                        key = low.upper().rstrip("S") if low in {"wmd", "wmds", "icbm", "icbms"} else low
                        out.setdefault(key, (c, "generic"))
                elif cat == "CYBER_ATTACK":
                    if code == "MALWARE" and low.replace("-", " ") not in PHOENIX_MALWARE_SKIP:
                        out.setdefault(low, (Y, "generic"))
                    elif low in PHOENIX_CYBER_WEAPONS:
                        out.setdefault(low, (Y, "generic"))
                    elif low.endswith("attack") or low.endswith("attacks"):
                        blocks.add(low)  # "cyber attack" is an event, never a weapon
                elif code in ("TERROR", "VIOLENT_UNREST"):
                    if "n:" in expr and headed_by_weapon(low):
                        out.setdefault(low, (E if code == "TERROR" else O, "generic"))
                elif code in ("SUICIDE_ATTACK", "AIRSTRIKE"):
                    if headed_by_weapon(low):
                        blocks.add(low)
    return out, blocks


# ---------------------------------------------------------------------------------
# Hand-written part
# ---------------------------------------------------------------------------------
# Named systems in current news. `name`: safe alone ("Stuxnet", "S-400");
# `name_head`: the name is also a common word or a person's name, so it is tagged
# only with a following head noun ("Patriot missiles", "Reaper drone").

HAND_NAMES = {
    # One name per whitespace-separated item; `_` stands for a space inside a name;
    # `|h` marks a `name_head` (tagged only with a following head noun): names that are
    # also words, places or people's names (Patriot, Lancet, Dezful, Prithvi, Petya).
    # Vulnerabilities (Log4Shell, Heartbleed) are not weapons; exploits and implants are.
    M: """
        S-300 S-400 S-500 Iskander Iskander-M Kalibr Kinzhal Kh-101 Kh-555 Kh-22 Kh-47M2 Onyx|h Oniks|h
        Avangard|h Sarmat Burevestnik Yars Topol|h Topol-M Bulava Tochka Tochka-U Buk Buk-M1 Buk-M2 Buk-M3 Pantsir Pantsir-S1 Tor-M1 Tor-M2
        Tsirkon Kh-59 Kh-31 P-800 Bastion|h Smerch Uragan|h
        Tomahawk|h Patriot|h Javelin|h Stinger|h NLAW Hellfire|h Harpoon|h Trident|h Minuteman|h Sentinel|h
        ATACMS GMLRS JASSM JASSM-ER LRASM AMRAAM AIM-120 AIM-9 SM-3 SM-6
        Storm_Shadow SCALP|h SCALP-EG Taurus|h NASAMS IRIS-T THAAD Aegis|h Maverick|h
        Iron_Dome David's_Sling Arrow_2 Arrow_3 Iron_Beam Spike|h Tamir|h
        Scud Shahab|h Shahab-3 Fateh-110 Fateh-313 Zolfaghar|h Dezful|h Khorramshahr|h Sejjil Emad|h Ghadr Kheibar_Shekan Fattah|h
        Qiam Qiam-1 Zelzal Fajr-5 Fajr-3 Burkan|h Burkan-2 Toufan|h Quds-1 Soumar Hoveyzeh|h Paveh|h Raad|h Noor|h Qader|h Samad|h Quds|h
        Hwasong Hwasong-14 Hwasong-15 Hwasong-17 Hwasong-18 Hwasong-19 KN-23 KN-24 KN-25 Nodong Taepodong Musudan Pukguksong Haeil|h
        DF-21 DF-21D DF-26 DF-41 DF-17 DF-5 DF-31 YJ-12 YJ-18 YJ-21 HQ-9 HQ-16 CJ-10 JL-2 JL-3 PL-12 PL-15 PL-17
        Agni|h Agni-V Agni-IV Agni-III Agni-Prime Prithvi|h BrahMos Nirbhay|h Akash|h Shaheen|h Shaheen-III Ghauri|h Babur|h Ababeel|h Nasr|h Fatah|h
        Qassam|h Katyusha Grad|h Kornet Konkurs Metis|h Strela Igla Igla-S Verba|h Neptune|h Vilkha Hrim|h
        Exocet Meteor|h Brimstone|h Martlet|h Starstreak Sky_Sabre Nulka
        Sea_Sparrow ESSM Standard_Missile Trident_II Trident_D5 Paveway JDAM-ER
        Sidewinder|h Sparrow|h Zircon|h Poseidon|h Sentinel_ICBM Minuteman_III
    """,
    A: """
        Global_Hawk MQ-9_Reaper MQ-1_Predator RQ-4_Global_Hawk MQ-1C_Gray_Eagle Gray_Eagle|h MQ-25_Stingray
        Predator|h Reaper|h Bayraktar Bayraktar_TB2 Bayraktar_TB3 TB2|h Akinci|h Bayraktar_Akinci Anka|h
        Shahed|h Shahed-136 Shahed-131 Shahed-129 Shahed-149 Shahed-238 Geran|h Geran-2 Geran-1 Mohajer|h Mohajer-6 Mohajer-10 Ababil|h Arash|h
        Lancet|h Lancet-3 Orlan|h Orlan-10 Orlan-30 Zala|h Forpost Eleron|h Kub-BLA Switchblade|h Switchblade_300 Switchblade_600
        Phoenix_Ghost Harop Harpy|h Hermes_450 Hermes_900 Heron|h Wing_Loong Samad-3 Qasef Qasef-2K
        F-35 F-35A F-35B F-35C F-16 F-15 F-15E F-15EX F-22 F-22_Raptor F-18 F/A-18 F/A-18E F-14 F-4 F-5 F-117 A-10 A-10_Warthog
        B-52 B-1 B-1B B-2 B-2_Spirit B-21 B-21_Raider AC-130 C-130 C-17 KC-135 KC-46 E-3_Sentry E-7_Wedgetail P-8 P-8_Poseidon
        Eurofighter|h Eurofighter_Typhoon Typhoon|h Rafale Gripen Tornado|h Harrier|h Mirage|h Mirage_2000 Mirage_III Tejas|h
        JF-17 J-10 J-10C J-11 J-15 J-16 J-20 J-35 J-31 H-6 H-6K H-20 KJ-500
        Su-24 Su-25 Su-27 Su-30 Su-30SM Su-34 Su-35 Su-57 Su-75 MiG-21 MiG-23 MiG-25 MiG-29 MiG-31 MiG-31K Tu-22M3 Tu-95 Tu-95MS Tu-160 Tu-142 Il-76 A-50 Beriev_A-50
        Ka-52 Ka-50 Mi-8 Mi-17 Mi-24 Mi-28 Mi-35 Mi-26 Apache|h AH-64 AH-64_Apache Black_Hawk|h UH-60 UH-60_Black_Hawk Chinook|h CH-47 CH-53
        Osprey|h V-22 V-22_Osprey MV-22 Cobra|h AH-1 AH-1Z Viper|h Tiger|h Lynx|h Wildcat|h Merlin|h
        Super_Hornet Hornet|h Raptor|h Lightning_II Spitfire|h Stuka|h
    """,
    R: """
        HIMARS M142 MLRS M270 M270A1 M777 M109 M109A6 M109A7 Paladin|h Caesar|h PzH_2000 Panzerhaubitze_2000 Krab|h Archer|h Zuzana|h Bohdana|h
        Msta-S Msta|h 2S19 2S7 Pion|h Malka|h Gvozdika Akatsiya Tornado-S TOS-1 TOS-1A Solntsepyok BM-21 BM-27 BM-30
        Abrams|h M1_Abrams M1A1 M1A2 M1A2_Abrams Leopard|h Leopard_1 Leopard_2 Leopard_2A4 Leopard_2A6 Leopard_2A7 Challenger|h Challenger_2 Challenger_3
        Merkava Merkava_Mark_4 Leclerc|h Ariete|h K2_Black_Panther K9_Thunder T-14_Armata Armata
        T-54 T-55 T-62 T-64 T-72 T-72B3 T-80 T-80BVM T-90 T-90M T-84 PT-91 BMP-1 BMP-2 BMP-3 BMD-2 BMD-4 BTR-80 BTR-82A BTR-4 MT-LB
        Bradley|h Bradley_Fighting_Vehicle M2_Bradley Stryker|h Marder|h Puma|h CV90 Boxer|h Warrior|h
        Humvee MaxxPro Kozak|h Bushmaster|h Namer|h Eitan|h Terminator|h
    """,
    S: """
        AK-47 AK-74 AK-12 AKM Kalashnikov M16 M16A4 M4_carbine M249 M240 M2_Browning Browning_machine_gun AR-15 AR-15-style_rifle
        Glock|h Uzi|h SCAR|h FN_SCAR HK416 G36 SA80 L85 Dragunov SVD PKM PK_machine_gun DShK RPK Barrett|h Barrett_M82
        RPG-7 RPG-29 RPG-22 RPG-26 RPG-18 Carl_Gustaf|h AT4 M72_LAW Panzerfaust SIG_Sauer|h Beretta|h Makarov|h Tokarev|h
        Mauser|h Lee-Enfield Thompson|h Sten_gun
    """,
    E: """
        JDAM GBU-57 GBU-39 GBU-31 GBU-43 MOAB Mk-82 Mk-84 Mk_82 Mk_84 FAB-500 FAB-1500 FAB-3000 KAB-500 UMPK ODAB-1500 RBK-500
        Semtex C-4 TATP ANFO PETN
    """,
    C: """
        Novichok VX sarin tabun soman Zyklon_B Tsar_Bomba Little_Boy|h Fat_Man|h B61 B61-12 W76 W88
    """,
    N: """
        Moskva|h Admiral_Kuznetsov|h Admiral_Gorshkov|h Admiral_Makarov|h Nimitz|h Gerald_R._Ford|h Queen_Elizabeth|h Prince_of_Wales|h
        Liaoning|h Shandong|h Fujian|h Vikrant|h Vikramaditya|h Charles_de_Gaulle|h
        Arleigh_Burke|h Ticonderoga|h Zumwalt|h Type_45 Type_26 Type_23 Type_31 Type_055 Type_052D Type_054A Type_075 Type_076 Type_093 Type_094 Type_096
        Ohio|h Virginia|h Columbia|h Seawolf|h Astute|h Vanguard|h Dreadnought|h Borei|h Yasen|h Kilo|h Lada|h Akula|h Oscar|h
        Los_Angeles|h Sovremenny|h Slava|h Kirov|h Gremyashchiy|h Karakurt|h Buyan|h Buyan-M Steregushchiy|h
        Poseidon_torpedo Mark_48|h Spearfish|h Shkval
    """,
    Y: """
        Stuxnet NotPetya Petya|h WannaCry WannaCrypt Shamoon Shamoon_2 Duqu Duqu_2.0 Flame|h Gauss|h Conficker Mirai|h BlackEnergy Industroyer Industroyer2 CrashOverride
        Triton|h Trisis Havex Olympic_Destroyer HermeticWiper WhisperGate AcidRain CaddyWiper IsaacWiper Prestige|h
        Pegasus|h Predator_spyware Candiru|h FinFisher FinSpy Hermit|h Emotet TrickBot QakBot Qbot Dridex Zeus|h GameOver_Zeus Ryuk Conti|h
        LockBit REvil Sodinokibi DarkSide BlackCat ALPHV Clop|h Cl0p Maze|h Hive|h BlackBasta Black_Basta Royal|h Akira|h Play|h Rhysida
        Sunburst|h Sunspot|h Cobalt_Strike PlugX ShadowPad X-Agent Sofacy|h Snake|h Uroburos Turla|h Regin DanderSpritz EternalBlue EternalRomance DoublePulsar
        Agent.BTZ Mimikatz Code_Red|h ILOVEYOU Slammer|h Sasser|h Blaster|h Bad_Rabbit WhiteCrystal|h
        Disttrack StoneDrill Dustman ZeroCleare VPNFilter Cyclops_Blink Pipedream Incontroller FrostyGoop
    """,
    O: """
        Taser|h
    """,
}

# Modern or news-specific generic terms the 2006/2015 sources lack.
HAND_GENERIC = {
    M: """hypersonic missile|hypersonic glide vehicle|glide vehicle|loitering missile|anti-ship missile|anti-ship cruise missile
          anti-tank missile|anti-tank guided missile|ATGM|anti-aircraft missile|anti-radiation missile|air-to-air missile|air-to-surface missile
          surface-to-air missile|surface-to-surface missile|ground-to-air missile|ship-to-ship missile|submarine-launched ballistic missile|SLBM
          shoulder-fired missile|shoulder-launched missile|MANPADS|man-portable air-defense system|man-portable air defence system
          air defence system|air defense system|air-defence system|air-defense system|missile defence system|missile defense system
          air defence missile|air defense missile|interceptor missile|interceptor|ballistic missile|cruise missile|guided missile|laser-guided missile
          intercontinental ballistic missile|ICBM|IRBM|MRBM|SRBM|ALCM
          precision-guided munition|guided rocket|unguided rocket|artillery rocket|rocket|rocket salvo|missile|warhead|SAM|rocket-assisted projectile""",
    A: """drone|UAV|UAS|UCAV|unmanned aerial vehicle|unmanned aircraft|unmanned aircraft system|unmanned aerial system|unmanned combat aerial vehicle
          attack drone|suicide drone|kamikaze drone|one-way attack drone|loitering munition|FPV drone|first-person-view drone|surveillance drone
          reconnaissance drone|spy drone|combat drone|armed drone|military drone|interceptor drone|quadcopter
          fighter jet|jet fighter|fighter plane|fighter aircraft|fighter-bomber|warplane|war plane|military aircraft|military plane|military jet
          military helicopter|attack helicopter|helicopter gunship|gunship|combat helicopter|stealth fighter|stealth bomber
          bomber|spy plane|reconnaissance plane|surveillance plane|AWACS|early-warning aircraft|tanker aircraft|transport plane|military transport plane
          interceptor jet|combat aircraft|combat jet|ground-attack aircraft""",
    R: """main battle tank|battle tank|armored vehicle|armoured vehicle|armored personnel carrier|armoured personnel carrier|APC|IFV
          infantry fighting vehicle|armored car|armoured car|MRAP|howitzer|self-propelled howitzer|self-propelled gun|artillery|artillery piece
          field gun|mortar|mortar shell|mortar round|mortar bomb|artillery shell|artillery round|tank shell|tank round
          multiple rocket launcher|multiple-launch rocket system|multiple launch rocket system|rocket launcher|Grad launcher
          anti-aircraft gun|anti-tank gun|armored bulldozer|military vehicle|armoured fighting vehicle|armored fighting vehicle""",
    S: """assault rifle|rifle|sniper rifle|machine gun|heavy machine gun|submachine gun|pistol|handgun|gun|firearm|shotgun|revolver|carbine
          ghost gun|bullet|RPG|rocket-propelled grenade|grenade launcher|small arms|light weapons|semi-automatic rifle|automatic rifle
          semi-automatic weapon|automatic weapon|assault weapon|AR-style rifle|hunting rifle|air rifle|bazooka|anti-tank weapon""",
    E: """bomb|car bomb|truck bomb|roadside bomb|pipe bomb|nail bomb|letter bomb|parcel bomb|barrel bomb|cluster bomb|cluster munition
          glide bomb|guided bomb|gravity bomb|bunker buster|bunker-buster bomb|bunker-busting bomb|thermobaric bomb|vacuum bomb|incendiary bomb
          IED|VBIED|SVBIED|improvised explosive device|explosive device|explosives|suicide vest|suicide belt|explosive vest|explosive belt
          landmine|land mine|anti-tank mine|anti-personnel mine|naval mine|sea mine|limpet mine|grenade|hand grenade|stun grenade|Molotov cocktail
          petrol bomb|firebomb|booby-trap|detonator|dynamite|TNT|plastic explosive|ammonium nitrate bomb|white phosphorus|napalm""",
    C: """nuclear weapon|nuclear bomb|atomic bomb|atom bomb|hydrogen bomb|nuclear warhead|nuclear device|nuclear missile
          dirty bomb|chemical weapon|biological weapon|bioweapon|nerve agent|nerve gas|sarin gas|chlorine gas|chlorine bomb|mustard gas|VX nerve agent
          poison gas|toxic gas|ricin|weapon of mass destruction|WMD|radiological weapon|nuke""",
    N: """warship|destroyer|frigate|corvette|cruiser|battleship|aircraft carrier|carrier strike group|submarine|nuclear submarine|attack submarine
          ballistic missile submarine|midget submarine|mini-submarine|patrol boat|gunboat|fast attack craft|missile boat|landing ship|amphibious assault ship
          minesweeper|minehunter|torpedo|naval drone|sea drone|unmanned surface vessel|drone boat|uncrewed surface vessel|guided-missile destroyer|guided-missile cruiser
          guided-missile frigate|naval vessel|war vessel|U-boat|flagship""",
    Y: """malware|ransomware|spyware|wiper|wiper malware|data wiper|computer virus|computer worm|trojan|banking trojan|remote access trojan
          RAT|botnet|rootkit|bootkit|keylogger|backdoor|logic bomb|zero-day exploit|exploit kit|cyber weapon|cyberweapon|hacking tool|malicious software
          malicious code|malicious program|infostealer|stalkerware|cryptominer|cryptojacker|dropper|loader malware|ransomware strain|malware strain""",
    O: """weapon|weaponry|munitions|ammunition|ammo|knife|machete|axe|sword|tear gas|pepper spray|rubber bullet|water cannon|baton|stun gun|Taser
          sound cannon|crossbow|flamethrower|directed-energy weapon|laser weapon""",
}

# Generic words whose weapon sense is not the usual one: tagged alone only when the
# sentence has a cue for the class (or another weapon), always as a head after a name.
HAND_CONTEXT = {
    A: "jet|helicopter|chopper",
    E: "mine|explosive",
    R: "tank|shell|cannon",
    N: "carrier",
    C: "anthrax",
    Y: "virus|worm|trojan|trojan horse",
}
# Left out as too often something else in news: plane, airplane, aircraft (civilian
# flights, hijackings: they extend names as heads and "military aircraft" is generic),
# fighter(s) (militants), ship,
# boat, vessel (merchant shipping), bug (a software flaw is not a weapon), exploit (verb),
# arms (guideline: bare "arms" is a policy topic: arms race, arms control).
# Words that only extend a preceding named system ("S-400 launchers", "Patriot battery").
HAND_HEADS = {
    M: "battery|missile battery|launcher|interceptor",
    A: "aircraft|plane|jet|fighter|bomber|helicopter|gunship|chopper",
    R: "fighting vehicle|gun",
    Y: "malware|virus|worm|wiper|trojan|ransomware|spyware|botnet|backdoor|implant",
    S: "rifle|pistol|carbine",
}
# Weaker heads extend only a `name` ("Iron Dome system", "Kalibr variant"), never a
# `name_head`: "Royal family" is not the Royal ransomware.
HAND_WEAK_HEADS = {
    M: "system|missile system|variant|unit|complex|round",
    A: "platform|airframe",
    R: "vehicle|system",
    N: "class|vessel|ship|boat",
    Y: "strain|variant|tool|toolkit|family|exploit|code",
}
# Designator families: PREFIX, an optional or required hyphen, at least as many
# digits as `#`, then any suffix (Su-35, Su-30SM, MQ-9, AK-47s, DF-21D).
HAND_DESIGNATORS = {
    A: "Su-## MiG-## Tu-## Mi-# Ka-## Il-## Yak-## An-## F-## B-## C-### MQ-# RQ-# AH-# UH-# CH-## HH-# KC-### EA-## AC-### J-## JF-## KJ-### TB# Shahed-### Geran-# Mohajer-# Orlan-## Ababil-# Samad-#",
    M: "S-### DF-# DF## KN-## KN## Kh-## AGM-## AIM-# BGM-### RIM-### MIM-### SM-# HQ-# YJ-## CJ-## RS-## R-## SS-## SA-## Hwasong-# Shahab-# Fateh-### Zelzal-# Qiam-# Quds-# Fajr-# Burkan-# Sejjil-# Agni-# Prithvi-# Ghauri-# Shaheen-# Nasr-# Babur-# Kheibar-# Emad-# Ghadr-# Toufan-# JL-#",
    R: "T-## BMP-# BMD-# BTR-## BM-## TOS-#",
    S: "AK-## AK## AR-## RPG-# HK### SA##",
    E: "GBU-## FAB-### KAB-### ODAB-### RBK-### Mk-## CBU-## BLU-###",
    N: "SSN-### DDG-### CVN-##",
}
# Designator shapes left out on purpose: M## (UK motorways: M25), G# (G7, G20), K## (K-12),
# PL-## (PL-480 food aid),
# H-# (H-1B visas), B-# (vitamin B-12), Y-##, 2S## (digits first): the named ones are in HAND_NAMES.
# Explicit blocks: multi-word expressions that contain a weapon word and are not weapons.
HAND_BLOCKS = """think tank|fuel tank|oil tank|water tank|storage tank|fish tank|septic tank|gas tank|shark tank|tank top|tank car
    smoking gun|big guns|top gun|jump the gun|nail gun|glue gun|spray gun|radar gun|starting gun|staple gun|hired gun
    bullet point|bullet train|magic bullet|silver bullet|bite the bullet|bullet journal
    time bomb|ticking time bomb|demographic time bomb|bomb cyclone|bath bomb|love bomb|F-bomb|photo bomb|sex bomb|box-office bomb
    gold mine|coal mine|goldmine|copper mine|diamond mine|iron mine|salt mine|lithium mine|open-pit mine|mine shaft|mine worker|land mine of information
    rocket science|rocket scientist|rocket salad|rocket fuel|space rocket|SpaceX rocket|Falcon 9 rocket|Saturn V rocket|rocket launch pad
    loose cannon|cannon fodder|water pistol|starter pistol|nerf gun|toy gun|glue stick|drone on|office drone|worker drone|low drone of|talks drone
    cyber attack|cyberattack|cyber-attack|digital attack|ransomware attack|charm offensive|trade war|price war|war of words|war chest
    shell company|shell companies|Royal Dutch Shell|Shell plc|shell shock|egg shell|sea shell|seashell|tortoise shell|in a nutshell
    flu virus|cold virus|coronavirus|Zika virus|Ebola virus|HIV virus|Nipah virus|West Nile virus|bird flu virus|virus outbreak|virus infection
    can of worms|worm's-eye view|book worm|bookworm|earthworm|silk worm|silkworm|trojan horse for
    carrier pigeon|mail carrier|air carrier|airline carrier|wireless carrier|mobile carrier|carrier bag|flag carrier|low-cost carrier|budget carrier
    fighter pilot|freedom fighter|foreign fighter|prize fighter|firefighter|fire fighter|crime fighter
    suicide bomber|shoe bomber|marathon bomber|Unabomber|bomber jacket
    jet lag|jet stream|jet fuel|jet ski|private jet|jet set|jet engine|jumbo jet|passenger jet|business jet
    ship of state|friendship|cargo ship|container ship|cruise ship|passenger ship|fishing boat|boat people|the boat|vessel of
    missile crisis|arms race|arms control|arms embargo|arms dealer|arms trade|arms deal|arms sales|open arms|coat of arms|up in arms|arm in arm|brothers in arms
    bug bounty|stomach bug|bug fix|mine clearance
    gun control|gun-control|gun law|gun lobby|gun rights|weapons inspector|weapons inspection|arms inspector"""

# Sentence cue words (kind `cue`): military cues (class `other`) support `context`
# entries of every class but cyber; cyber cues support cyber `context` entries. Veto
# words (kind `veto`) with a class count against the cues of that class (disease words
# against "virus", mining words against "mine", fuel words against "tank"); class `-`
# marks a sentence about another domain (sport, film, music, space flight, food), where
# generic and context entries are not tagged unless a named system is. The music words
# are the Phoenix `~~` exclusions.
HAND_CUES = {
    "other": """troop troops soldier soldiers army armies military militaries militia militias militant militants rebel rebels
        insurgent insurgents fighter fighters jihadist jihadists war wars wartime battle battles battlefield front frontline offensive
        shelling shelled artillery airstrike airstrikes strike strikes struck attack attacks attacked fire fired firing
        launched launch launches shot downed intercepted intercept interception killed wounded destroyed destroy deployed
        deploy deployment defence defense pentagon ministry navy naval warship warships marines combat
        armed armour armor armored armoured weapons weapon missile missiles rocket rockets drone drones bomb bombs bombed bombing
        explosive explosives exploded explosion blast blew detonated detonation minefield demining landmines sappers sapper
        laid planted clearing cleared sweep swept scrambled sortie sorties squadron regiment brigade battalion division convoy
        patrol patrols ceasefire truce hostilities invasion invaded occupation occupied siege enemy ammunition arsenal
        nato idf irgc hezbollah hamas houthi houthis taliban isis jihadi kremlin nuclear tank tanks howitzer howitzers
        mortar mortars gunship gunships radar airspace interceptors""",
    "cyber": """computer computers network networks malware hack hacks hacked hacker hackers hacking cyber cybersecurity cyberattack
        cyberattacks software server servers data email emails file files encrypt encrypted encrypting encryption ransom
        antivirus code exploit exploits vulnerability vulnerabilities flaw flaws patch patched download downloaded downloads
        app apps android ios windows microsoft linux password passwords install installed internet online website websites
        router routers botnet spyware ransomware device devices machine machines systems phishing credentials firmware
        backdoor payload attacker attackers""",
}
HAND_VETOES = {
    "cyber": """covid covid-19 coronavirus pandemic epidemic outbreak vaccine vaccines vaccinated vaccination patient patients
        disease diseases flu influenza symptoms symptom cases hospitalised hospitalized ebola hiv measles mpox zika respiratory
        virologist virologists infectious contagious health nurse nurses doctors mosquito mosquitoes bird animal animals farm""",
    "explosive": """copper gold coal mining miner miners ore ores diamond diamonds lithium nickel zinc silver platinum
        bauxite quarry shaft codelco tonnes ounces""",
    "artillery_armor": """fuel petrol gasoline diesel aquarium storage septic oxygen""",
    "aircraft_drone": """crash crashed crashes crashing airline airlines airliner passenger passengers flight flights charter
        executive private civilian commercial airport tourist tourists medical rescue ambulance""",
    "-": """striker strikers goalkeeper midfielder touchdown touchdowns quarterback pitcher wicket innings tennis cricket
        football soccer basketball baseball rugby olympic olympics athlete athletes
        album albums song songs singer guitar guitarist grammy concert film films movie movies box-office actress reviewer
        spacex nasa astronaut astronauts spacecraft lunar starlink launchpad
        salad recipe parmesan chef restaurant arugula
        bee bees hive beekeeper honey""",
}


def split_list(text, sep=None):
    items = text.split(sep) if sep else text.split()
    return [i.strip() for i in items if i.strip()]


def hand_entries():
    named, generic, context, heads, designators, blocks, cues = {}, {}, {}, {}, {}, set(), {}
    for c, text in HAND_NAMES.items():
        for item in text.split():
            kind = "name"
            if item.endswith("|h"):
                item, kind = item[:-2], "name_head"
            named[item.replace("_", " ")] = (c, kind)
    for c, text in HAND_GENERIC.items():
        for p in split_list(text.replace("\n", "|"), "|"):
            generic[p if p.isupper() or re.search(r"[A-Z]", p) else p.lower()] = (c, "generic")
    for c, text in HAND_CONTEXT.items():
        for p in split_list(text, "|"):
            context[p] = (c, "context")
    for c, text in HAND_HEADS.items():
        for p in split_list(text, "|"):
            heads.setdefault(p, (c, "head"))
    for c, text in HAND_WEAK_HEADS.items():
        for p in split_list(text, "|"):
            heads.setdefault(p, (c, "weak_head"))
    for c, text in HAND_DESIGNATORS.items():
        for p in text.split():
            designators[p] = (c, "designator")
    for p in split_list(HAND_BLOCKS.replace("\n", "|"), "|"):
        blocks.add(p)
    for c, text in HAND_CUES.items():
        for w in text.split():
            cues[w.lower()] = (c, "cue")
    vetoes = {}
    for c, text in HAND_VETOES.items():
        for w in text.split():
            vetoes[w.lower()] = (c, "veto")
    return named, generic, context, heads, designators, blocks, cues, vetoes


# ---------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------

def norm_key(phrase):
    """The matcher's key: lower case, hyphens dropped, one space between words."""
    return " ".join(w.replace("-", "").replace("\u2019", "'") for w in phrase.lower().split())


def build(petrarch_dir, wordnet_dir):
    wn = WordNet(wordnet_dir)
    closure = wn.closure()
    named, generic, context, heads, designators, hand_blocks, cues, vetoes = hand_entries()

    petrarch = petrarch_entries(os.path.join(petrarch_dir, "CAMEO.2.0.txt"), wn, closure)
    wordnet = wordnet_entries(wn, closure)
    # Words tagged on their own: a multi-word expression ending in one of them that is
    # not a weapon must be blocked, or the word alone would be tagged inside it.
    weapon_words = set()
    for table in (petrarch, wordnet, generic, context):
        for p in table:
            if len(p.split()) == 1:
                weapon_words.add(p.lower())
                weapon_words.add(singular(p.lower()))
    phoenix, phoenix_blocks = phoenix_entries(os.path.join(petrarch_dir, "Phoenix.IssueCoding.txt"), weapon_words)
    wn_blocks = wordnet_blocks(wn, closure, weapon_words, {p for p in context})

    # Sections in priority order: an entry is written once, in the first section that has it.
    # Sections in priority order: an entry is written once, in the first section that
    # has it. Hand corrections (context words, blocks) come first; then the open sources,
    # so that what they cover is credited to them; then the hand-written additions.
    sections = [
        ("hand-context", "hand-written: ambiguous heads, tagged alone only with a sentence cue", context),
        ("hand-block", "hand-written: expressions with a weapon word that are not weapons", {b: ("-", "block") for b in sorted(hand_blocks)}),
        ("petrarch2", "PETRARCH2 CAMEO.2.0.txt synsets &WEAPON, &WMD, &AIRCRAFT (MIT)", petrarch),
        ("phoenix", "Phoenix.IssueCoding.txt categories LANDMINE, IED, DRONE, WMD, CYBER_ATTACK, TERROR, VIOLENT_UNREST (MIT)", phoenix),
        ("wordnet", "WordNet 3.0 hyponyms of weapon, explosive, projectile, warship, warplane ... (WordNet licence)", wordnet),
        ("hand-named", "hand-written: named systems (current news)", named),
        ("hand-generic", "hand-written: modern generic terms the older sources lack", generic),
        ("hand-head", "hand-written: head nouns that only extend a preceding named system (weak_head: only a `name`)", heads),
        ("hand-designator", "hand-written: designator families (PREFIX, hyphen, # = digit)", designators),
        ("phoenix-block", "Phoenix: event phrases headed by a weapon word and `~` exclusions of the weapon categories", {b: ("-", "block") for b in sorted(phoenix_blocks)}),
        ("wordnet-block", "WordNet: multi-word lemmas ending in a weapon word whose first sense is not a weapon", {b: ("-", "block") for b in sorted(wn_blocks)}),
        ("hand-cue", "hand-written: sentence cue words for `context` entries (class other = military cue, cyber = cyber cue)", cues),
        ("hand-veto", "hand-written: sentence veto words (a class: counter-cue for that class; - = another domain: sport, music, space, food)", vetoes),
    ]
    seen = set()
    first_class = {}
    conflicts = []
    out_sections = []
    for sid, title, table in sections:
        rows = []
        for phrase, (c, kind) in table.items():
            if kind in ("cue", "veto"):
                key = (kind, norm_key(phrase))
            elif kind == "designator":
                key = ("designator", phrase.lower())
            elif kind in ("head", "weak_head"):
                key = ("head", norm_key(phrase))
            else:
                key = ("phrase", norm_key(phrase))
            # A plural form of an entry already present is redundant (the matcher singularizes).
            plural_dupe = kind not in ("cue", "veto", "designator") and ("phrase", norm_key(singular_phrase(phrase))) in seen and singular_phrase(phrase) != phrase
            if key in seen or plural_dupe:
                if key in first_class and first_class[key][0] != c and kind not in ("block",):
                    conflicts.append((phrase, sid, c, first_class[key]))
                continue
            first_class[key] = (c, sid)
            # A block must not hide a weapon with exactly the same words.
            if kind == "block" and ("phrase", norm_key(phrase)) in seen:
                continue
            seen.add(key)
            rows.append((phrase, c, kind))
        # Irregular plurals (knives, ...) the matcher's singularizer cannot undo.
        extra = []
        if sid in ("hand-generic", "petrarch2", "phoenix", "wordnet"):
            for phrase, c, kind in rows:
                last = phrase.split()[-1].lower()
                for plural in irregular_plurals(last, wn):
                    p2 = " ".join(phrase.split()[:-1] + [plural])
                    k2 = ("phrase", norm_key(p2))
                    if k2 not in seen:
                        seen.add(k2)
                        extra.append((p2, c, kind))
        rows.extend(extra)
        rows.sort(key=lambda r: (CLASSES.index(r[1]) if r[1] in CLASSES else 99, r[2], r[0].lower()))
        out_sections.append((sid, title, rows))
    if os.environ.get("WEAPONS_CONFLICTS"):
        for phrase, sid, c, (c0, sid0) in conflicts:
            print(f"class conflict: {phrase!r}: {sid} says {c}, {sid0} (kept) says {c0}", file=sys.stderr)
    return out_sections


_IRREGULAR_CACHE = None


def irregular_plurals(word, wn):
    global _IRREGULAR_CACHE
    if _IRREGULAR_CACHE is None:
        _IRREGULAR_CACHE = collections.defaultdict(set)
        for plural, singulars in wn.exc.items():
            for s in singulars:
                _IRREGULAR_CACHE[s].add(plural)
    out = []
    for p in sorted(_IRREGULAR_CACHE.get(word, ())):
        # Only forms the matcher's singularizer cannot undo (knives -> knife, ...).
        if word not in singular_rust(p):
            out.append(p)
    return out


def singular_rust(word):
    """The singular forms the Rust matcher tries (mirror of `singulars` in weapons.rs)."""
    out = []
    for suf, rep in (("ies", "y"), ("ves", "f"), ("ves", "fe"), ("es", ""), ("s", "")):
        if len(word) > len(suf) + 1 and word.endswith(suf) and not word.endswith("ss"):
            if suf == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
                continue
            out.append(word[: -len(suf)] + rep)
    return out


def singular_phrase(phrase):
    words = phrase.split()
    return " ".join(words[:-1] + [singular(words[-1].lower()) if not words[-1].isupper() else words[-1]])


HEADER = """# dyad WEAPON lexicon, generated by scripts/build_weapons_lexicon.py: edit the script, not this file.
# Format: phrase<TAB>class[<TAB>kind]; `#` starts a comment line; `#@source NAME` names the section's source.
# class: missile_rocket aircraft_drone artillery_armor small_arms explosive cbrn_nuclear naval cyber other
#        (`-` for block and veto lines that apply to every class)
# kind:  generic (default) | name | name_head | context | head | weak_head | designator | block | cue | veto
#        see models/weapons/MODEL_CARD.md for what each kind does.
#
# Sources: the sections petrarch2 and phoenix are derived from the PETRARCH2 dictionaries
# CAMEO.2.0.txt and Phoenix.IssueCoding.txt; the section wordnet from WordNet 3.0; the
# sections hand-* were written for dyad (MIT, like dyad).
#
# PETRARCH2 dictionaries:
#   The MIT License (MIT)
#   Copyright (c) 2014 Open Event Data; Copyright (c) 2015 Open Event Data Alliance
#   Permission is hereby granted, free of charge, to any person obtaining a copy of
#   this software and associated documentation files (the "Software"), to deal in
#   the Software without restriction, including without limitation the rights to
#   use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
#   the Software, and to permit persons to whom the Software is furnished to do so,
#   subject to the following conditions:
#   The above copyright notice and this permission notice shall be included in all
#   copies or substantial portions of the Software.
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
#   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
#   FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
#   COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
#   IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
#   CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
#
# WordNet 3.0 (license "WordNet 3.0"):
#   This software and database is being provided to you, the LICENSEE, by
#   Princeton University under the following license.  By obtaining, using
#   and/or copying this software and database, you agree that you have
#   read, understood, and will comply with these terms and conditions.:
#   Permission to use, copy, modify and distribute this software and
#   database and its documentation for any purpose and without fee or
#   royalty is hereby granted, provided that you agree to comply with
#   the following copyright notice and statements, including the disclaimer,
#   and that the same appear on ALL copies of the software, database and
#   documentation, including modifications that you make for internal
#   use or for distribution.
#   WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.
#   THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
#   UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
#   IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
#   UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
#   ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
#   OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
#   INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
#   OTHER RIGHTS.
#   The name of Princeton University or Princeton may not be used in
#   advertising or publicity pertaining to distribution of the software
#   and/or database.  Title to copyright in this software, database and
#   any associated documentation shall at all times remain with
#   Princeton University and LICENSEE agrees to preserve same.
"""


def render(sections):
    lines = [HEADER]
    for sid, title, rows in sections:
        lines.append(f"\n#@source {sid}\n# {title}: {len(rows)} lines\n")
        for phrase, c, kind in rows:
            if "\t" in phrase or not phrase.strip():
                raise SystemExit(f"bad phrase {phrase!r}")
            lines.append(f"{phrase}\t{c}\t{kind}\n" if kind != "generic" else f"{phrase}\t{c}\n")
    return "".join(lines)


def stats(sections):
    """Weapon entries (generic, name, name_head, context) by source and class, other kinds by source."""
    by = collections.Counter()
    total = collections.Counter()
    for sid, _, rows in sections:
        for _, c, kind in rows:
            if kind in ("generic", "name", "name_head", "context"):
                by[(sid, c)] += 1
                total[c] += 1
            else:
                by[(sid, kind)] += 1
    return by, total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--petrarch", default=DEFAULT_PETRARCH)
    ap.add_argument("--wordnet", default=DEFAULT_WORDNET)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    ap.add_argument("--stats", action="store_true", help="print entries by source, class and kind")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.wordnet, "data.noun")):
        sys.exit(f"WordNet not found in {args.wordnet}: apt-get install -y wordnet-base (or pass --wordnet DIR)")
    sections = build(args.petrarch, args.wordnet)
    text = render(sections)
    if args.stats:
        by, total = stats(sections)
        for (sid, k), n in sorted(by.items()):
            print(f"{sid:16} {k:16} {n}")
        print("weapon entries by class:", dict(total), "total", sum(total.values()))
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{args.out} is out of date: run scripts/build_weapons_lexicon.py")
        print(f"{args.out} is up to date")
        return
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.out}: {sum(len(r) for _, _, r in sections)} lines")


if __name__ == "__main__":
    main()
