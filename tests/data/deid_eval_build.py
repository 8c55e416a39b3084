"""Builds tests/data/deid_eval.jsonl: synthetic, labelled patient chat messages.

Every person, number and place here is invented (names are common given names
and surnames combined at random; numbers come from a seeded generator). Run
`python tests/data/deid_eval_build.py` to rebuild; the output is deterministic.

Each line: {"id", "text", "phi": [{"category", "text"}], "protected": [...]}.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

OUT = Path(__file__).with_name("deid_eval.jsonl")
R = random.Random(20250304)

FIRST = """Maria Tom Sarah Ana John Priya Wei Fatima Olga Tomasz Kwame Aisha Diego Yuki Hamid Ingrid Carlos Mei
Jennifer Michael David Linda Robert Patricia James Barbara Elena Luis Sofia Mateo Chloe Ethan Zoe Noah Olivia
Liam Emma Ava Isabella Lucas Amara Chinedu Oluwaseun Nkechi Rahul Anjali Sanjay Deepa Arjun Kenji Haruto Sakura
Hiroshi Min-jun Seo-yeon Ji-ho Thanh Linh Minh Dmitri Svetlana Agnieszka Katarzyna Bjorn Astrid Siobhan Niamh
Padraig Sean Zainab Omar Layla Yusuf Mustafa Leila Nasrin Jose Guadalupe Ximena Alejandro Beatriz Joao Thiago
Francesca Giulia Marco Luca Hans Jurgen Greta Anneliese Pierre Amelie Camille Antoine Kateryna Bohdan Ifeoma
Tariq Rania Esperanza Mary-Jane Jean-Luc Anne-Marie Jose-Luis""".split()
NON_ASCII_FIRST = ["José", "Zoë", "Siobhán", "Björn", "Łukasz", "Renée", "François", "Søren", "Inés", "Nguyễn", "Zoltán", "Małgorzata"]
WORD_NAMES = ["Hope", "Will", "Grace", "Faith", "Joy", "Rose", "Bill", "Mark", "June", "Iris", "Dawn", "Summer", "Ginger", "Drew", "Chase", "Sunny", "Art", "Frank", "Victor", "Jack", "Pat", "Max", "Holly", "Ivy", "Ruby", "Amber"]
LAST = """Lopez Smith Garcia Nguyen Patel Kowalski Okafor Johansson O'Brien McDonald Schmidt Rossi Tanaka Kim Chen
Haddad Ivanova Mensah Fernandez Dubois Novak Brown Williams Jones Miller Davis Rodriguez Martinez Hernandez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen Wright Scott Torres Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Roberts Kaur Singh Sharma Gupta Yamamoto Suzuki Park Choi Tran Pham Hoang Petrov Sokolov Nowak Wisniewski
Adeyemi Eze Abubakar Khan Hussain Rahman Ahmadi Hosseini Cohen Levi Friedman Murphy Kelly Byrne Gallagher
Fitzgerald Smith-Jones Garcia-Lopez Van der Berg De Souza Al-Masri Ben-David""".split()
# Van der Berg / De Souza were split above; rebuild the few multi-word ones.
LAST = [n for n in LAST if n not in {"Van", "der", "Berg", "De", "Souza"}] + ["Van der Berg", "De Souza", "MacLeod", "D'Angelo"]
DOCTOR_LAST = LAST + ["Lynch", "Graves", "Parkinson", "Hodgkin", "Addison", "Gleason", "Wilson", "Down", "Bell"]
CITIES = ["Springfield", "Boston", "Cleveland", "Fresno", "Tucson", "Albuquerque", "Dayton", "Toledo", "Spokane", "Boise",
          "Des Moines", "Little Rock", "Baton Rouge", "San Antonio", "El Paso", "Santa Fe", "Ann Arbor", "Ithaca", "Duluth",
          "Burlington", "Savannah", "Chattanooga", "Knoxville", "Lubbock", "Provo", "Eugene", "Tacoma", "Flagstaff",
          "Gainesville", "Tallahassee", "Pensacola", "Asheville", "Scranton", "Allentown", "Erie", "Peoria", "Rockford",
          "Green Bay", "Madison", "Kalamazoo", "Lansing", "Akron", "Youngstown", "Wichita", "Topeka", "Omaha", "Lincoln",
          "Fargo", "Billings", "Cheyenne", "Reno", "Modesto", "Bakersfield", "Oxnard", "Pasadena", "Stockton", "Yonkers",
          "Hoboken", "Trenton", "Newark", "Hartford", "Stamford", "Worcester", "Lowell", "Providence", "Portland", "Bangor"]
STATES = ["MA", "OH", "CA", "AZ", "NM", "TX", "WA", "ID", "IA", "AR", "LA", "NY", "MN", "VT", "GA", "TN", "UT", "OR", "FL",
          "NC", "PA", "IL", "WI", "MI", "KS", "NE", "ND", "MT", "WY", "NV", "NJ", "CT", "RI", "ME"]
STREETS = ["Main", "Oak", "Maple", "Elm", "Cedar", "Pine", "Washington", "Lake", "Hill", "Park", "Sunset", "Riverside",
           "Church", "Highland", "Meadow", "Willow", "Chestnut", "Franklin", "Jefferson", "Lincoln", "Birch", "Walnut",
           "Spring", "Mill", "Forest", "Dogwood", "Magnolia", "Cherry", "Prospect", "Union", "3rd", "42nd", "Martin Luther King Jr"]
SUFFIXES = ["Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr",
            "Court", "Ct", "Way", "Place", "Terrace", "Circle", "Parkway", "Highway"]
EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "protonmail.com", "comcast.net", "aol.com", "mail.example.org", "uni-hospital.de"]
RELATIONS = ["son", "daughter", "wife", "husband", "mom", "mother", "dad", "father", "brother", "sister", "grandson",
             "granddaughter", "grandma", "grandpa", "aunt", "uncle", "partner", "niece", "nephew", "cousin", "friend", "neighbor"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MON_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]

# --- protected medical vocabulary used in messages (what must survive) ---
GENES = ["BRCA1", "BRCA2", "MLH1", "MSH2", "MSH6", "PMS2", "APC", "TP53", "PTEN", "CHEK2", "PALB2", "ATM", "CDH1",
         "CYP2C19", "CYP2D6", "CYP2C9", "VKORC1", "SLCO1B1", "TPMT", "DPYD", "UGT1A1", "HLA-B", "MTHFR", "APOE", "KRAS",
         "EGFR", "BRAF", "HER2", "ALK", "JAK2", "HFE", "CFTR", "LDLR", "PCSK9", "F5", "NUDT15", "G6PD"]
VARIANTS = ["CYP2C19*2", "CYP2D6 *4/*4", "HLA-B*57:01", "HLA-B*15:02", "rs4149056", "c.5266dupC", "MTHFR C677T",
            "BRAF V600E", "KRAS G12C", "Factor V Leiden", "APOE e4", "HFE C282Y", "CYP2C19 *1/*17", "rs1801133",
            "c.68_69delAG", "p.Arg175His", "NM_007294.4", "VKORC1 -1639G>A", "SLCO1B1*5", "DPYD*2A", "UGT1A1*28", "TPMT*3A"]
DRUGS = ["warfarin", "clopidogrel", "Plavix", "atorvastatin", "Lipitor", "simvastatin", "rosuvastatin", "metformin",
         "Ozempic", "semaglutide", "tirzepatide", "Mounjaro", "levothyroxine", "Synthroid", "tamoxifen", "codeine",
         "tramadol", "Eliquis", "apixaban", "Xarelto", "lisinopril", "amlodipine", "losartan", "metoprolol",
         "sertraline", "Zoloft", "escitalopram", "abacavir", "carbamazepine", "allopurinol", "ondansetron", "omeprazole",
         "pantoprazole", "Humira", "adalimumab", "Keytruda", "pembrolizumab", "olaparib", "Lynparza", "Jardiance",
         "insulin glargine", "Lantus", "prednisone", "methotrexate", "hydroxychloroquine", "Plaquenil", "gabapentin",
         "ibuprofen", "Tylenol", "acetaminophen", "Entresto", "Farxiga", "Brilinta", "ticagrelor", "azathioprine",
         "mercaptopurine", "fluorouracil", "capecitabine", "irinotecan", "Xeloda", "Allegra", "Celebrex"]
DOSES = ["5 mg", "75 mg daily", "10mg", "20 mg at night", "500 mg twice a day", "0.5 mg", "2.5 mg BID", "1000mg", "81 mg", "40 mg", "100 mcg", "25 mcg"]
EPONYMS = ["Lynch syndrome", "Hashimoto thyroiditis", "Hashimoto's", "Crohn's disease", "Crohn's", "Down syndrome",
           "Apgar score", "Gleason 7", "Gleason score", "Graves' disease", "Parkinson's", "Alzheimer's", "Addison's disease",
           "Cushing's syndrome", "Hodgkin lymphoma", "Sjogren's syndrome", "Raynaud's", "Barrett's esophagus",
           "Bell's palsy", "Wilson disease", "Marfan syndrome", "Huntington's disease", "Tourette syndrome",
           "Guillain-Barre syndrome", "Kawasaki disease", "Meniere's disease", "Epstein-Barr virus", "Ehlers-Danlos syndrome",
           "Li-Fraumeni syndrome", "Cowden syndrome", "Peutz-Jeghers syndrome", "Gilbert syndrome", "Paget's disease",
           "Wolff-Parkinson-White", "Child-Pugh score", "Glasgow Coma Scale", "Wells score", "Bishop score", "Tanner stage"]
LABS = ["LDL 162 mg/dL", "HbA1c 7.2%", "INR 3.4", "TSH 4.5 mIU/L", "eGFR 58", "creatinine 1.3", "ALT 54", "AST 61",
        "PSA 6.3 ng/mL", "ferritin 12", "vitamin D 18 ng/mL", "HDL 38", "triglycerides 240", "A1c 6.8", "hemoglobin 10.9",
        "platelets 150000", "WBC 11.2", "CA-125 48", "CEA 4.1", "BNP 420", "troponin 0.04", "potassium 5.6", "sodium 131",
        "TPO antibodies 350", "free T4 0.7", "LDL-C 130 mg/dl", "Lp(a) 95 nmol/L", "uric acid 8.1", "ANA 1:160", "CRP 12"]
LOINC = ["LOINC 4548-4", "LOINC 2345-7", "LOINC 2093-3", "LOINC 13457-7", "LOINC 718-7"]
STAGES = ["stage 3", "stage IIIA", "type 2", "type 1 diabetes", "grade 2", "stage 2 CKD", "BI-RADS 4", "NYHA class II", "T2N0M0"]


def pick(seq):
    return R.choice(seq)


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def letters(n, alphabet=string.ascii_uppercase):
    return "".join(R.choice(alphabet) for _ in range(n))


def luhn_complete(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return partial + str((10 - total % 10) % 10)


def npi():
    base = "1" + digits(8)
    # NPI check digit: Luhn over "80840" + first nine digits.
    full = luhn_complete("80840" + base)
    return base + full[-1]


def credit_card():
    return luhn_complete(pick(["4", "51", "37"]) + digits(14 if True else 0))[:16] if False else luhn_complete("4" + digits(14))


VIN_VALUES = {**{str(i): i for i in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
              "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin():
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    chars = [R.choice(alphabet) for _ in range(17)]
    chars[9] = R.choice("ABCDEFGHJKLMNPRSTVWXY123456789")
    for i in range(11, 17):
        chars[i] = R.choice(string.digits)
    total = sum(VIN_VALUES[c] * w for c, w in zip(chars, VIN_WEIGHTS))
    check = total % 11
    chars[8] = "X" if check == 10 else str(check)
    return "".join(chars)


def mbi():
    alpha = "ACDEFGHJKMNPQRTUVWXY"
    an = alpha + string.digits
    return (R.choice("123456789") + R.choice(alpha) + R.choice(an) + R.choice(string.digits) + R.choice(alpha)
            + R.choice(an) + R.choice(string.digits) + R.choice(alpha) + R.choice(alpha) + R.choice(string.digits) + R.choice(string.digits))


def phone():
    a, b, c = R.choice("23456789") + digits(2), R.choice("23456789") + digits(2), digits(4)
    return pick([f"{a}-{b}-{c}", f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"{a} {b} {c}", f"{a}{b}{c}",
                 f"1-{a}-{b}-{c}", f"({a}){b}-{c}", f"+1-{a}-{b}-{c}"])


def intl_phone():
    return pick([f"+44 20 {digits(4)} {digits(4)}", f"+49 30 {digits(8)}", f"+33 6 {digits(2)} {digits(2)} {digits(2)} {digits(2)}",
                 f"+91 98{digits(3)} {digits(5)}", f"07{digits(3)} {digits(6)}", f"+61 4{digits(2)} {digits(3)} {digits(3)}"])


def ssn():
    a = R.choice([x for x in range(1, 900) if x != 666])
    return pick([f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}", f"{a:03d} {R.randint(1, 99):02d} {R.randint(1, 9999):04d}",
                 f"{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}"])


def full_name():
    first = pick(FIRST + NON_ASCII_FIRST)
    return f"{first} {pick(LAST)}"


def date_any():
    m, d, y = R.randint(1, 12), R.randint(1, 28), R.randint(1935, 2025)
    mon, ab = MONTHS[m - 1], MON_ABBR[m - 1] if m != 9 else pick(["Sep", "Sept"])
    sfx = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return pick([
        f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{m}-{d}-{y % 100:02d}", f"{m:02d}-{d:02d}-{y}",
        f"{y}-{m:02d}-{d:02d}", f"{mon} {d}", f"{mon} {d}{sfx}", f"{mon} {d}, {y}", f"{ab} {d}", f"{ab}. {d}",
        f"{d} {mon} {y}", f"{d}{sfx} of {mon}", f"the {d}{sfx} of {mon}", f"{mon.lower()} {d}", f"{d}.{m}.{y}",
        f"{m}/{d}", f"{mon} {d}{sfx} {y}", f"{ab} {d} {y}", f"{d}-{ab}-{y}", f"{d} {ab} {y % 100:02d}",
    ])


def typo(word: str) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = R.randrange(1, len(word) - 1)
    return pick([word[:i] + word[i + 1:], word[:i] + word[i] + word[i:], word[:i] + word[i + 1] + word[i] + word[i + 2:]])


def roughen(text: str, phi: list[str], protected: list[str], p_typo: float = 0.08) -> str:
    """Typos in filler words only (never inside a labelled or protected string)."""
    keep = [s for s in phi + protected]
    out = []
    for token in text.split(" "):
        if R.random() < p_typo and not any(token in k or k in token for k in keep) and token.isalpha() and token.islower():
            token = typo(token)
        out.append(token)
    return " ".join(out)


records: list[dict] = []


def add(prefix, text, phi, protected=(), case=None, rough=True):
    phi_texts = [t for _, t in phi]
    protected = list(protected)
    if rough:
        text = roughen(text, phi_texts, protected)
    if case == "lower":
        text, phi, protected = text.lower(), [(c, t.lower()) for c, t in phi], [p.lower() for p in protected]
    elif case == "upper":
        text, phi, protected = text.upper(), [(c, t.upper()) for c, t in phi], [p.upper() for p in protected]
    for c, t in phi:
        assert t in text, (t, text)
    for p in protected:
        assert p in text, (p, text)
    records.append({"id": f"{prefix}-{len(records):04d}", "text": text,
                    "phi": [{"category": c, "text": t} for c, t in phi], "protected": protected})


def med():
    """A random protected term and the list it belongs to."""
    kind = R.random()
    if kind < 0.2:
        return pick(GENES)
    if kind < 0.4:
        return pick(VARIANTS)
    if kind < 0.6:
        return pick(DRUGS)
    if kind < 0.8:
        return pick(EPONYMS)
    return pick(LABS)


def question_about(term):
    return pick([f"what does {term} mean for me?", f"is {term} something to worry about?", f"can you explain {term}?",
                 f"should I ask about {term}?", f"how serious is {term}?", f"my results mention {term}, help", f"is {term} normal?"])


# ------------------------------------------------------------------- NAME
for i in range(70):
    first, last = pick(FIRST + NON_ASCII_FIRST), pick(LAST)
    rel, term = pick(RELATIONS), med()
    word_name = pick(WORD_NAMES)
    dr = pick(DOCTOR_LAST)
    variants = [
        (f"Hi, I'm {first} {last}. {question_about(term).capitalize()}", [("NAME", first), ("NAME", last)]),
        (f"my {rel} {first} was just told about {term}. what now?", [("NAME", first)]),
        (f"My {rel}, {first} {last}, takes {pick(DRUGS)} {pick(DOSES)}. Is {term} related?", [("NAME", first), ("NAME", last)]),
        (f"Dr. {dr} said my {term} result is fine but I'm not sure", [("NAME", dr)]),
        (f"saw dr {dr.lower()} today about {term}", [("NAME", dr.lower())]),
        (f"This is {first} writing for my {rel}. {question_about(term).capitalize()}", [("NAME", first)]),
        (f"{question_about(term).capitalize()}\n- {first}", [("NAME", first)]),
        (f"{question_about(term).capitalize()} Thanks, {first}", [("NAME", first)]),
        (f"Thank you!\n{first} {last}", [("NAME", first), ("NAME", last)]),
        (f"my daughter {word_name} has {term}. is it genetic?", [("NAME", word_name)]),
        (f"{word_name} called me and said her {term} came back", [("NAME", word_name)]),
        (f"My name is {first} {last} and I have {term}", [("NAME", first), ("NAME", last)]),
        (f"Nurse {last} told me to ask here about {term}", [("NAME", last)]),
        (f"{first} {last} here, {question_about(term)}", [("NAME", first), ("NAME", last)]),
        (f"I'm asking for {first}, my {rel}. {question_about(term).capitalize()}", [("NAME", first)]),
        (f"my {rel} {first.lower()} takes {pick(DRUGS)}, {question_about(term)}", [("NAME", first.lower())]),
        (f"Mrs. {last} at the front desk said to message you", [("NAME", last)]),
        (f"I went with {first} {last} to the clinic. {question_about(term).capitalize()}", [("NAME", first), ("NAME", last)]),
        (f"Dr. {dr} said my {dr} syndrome test was negative", [("NAME", dr)]) if dr in {"Lynch", "Down"} else
        (f"Dr. {dr} ordered a {pick(GENES)} test", [("NAME", dr)]),
        (f"cheers,\n{first}", [("NAME", first)]),
        (f"{question_about(term)} -{first.lower()}", [("NAME", first.lower())]),
        (f"Can {first} {last} pick up my {pick(DRUGS)} refill?", [("NAME", first), ("NAME", last)]),
        (f"{word_name} and I are worried about my {term}", [("NAME", word_name)]) if word_name not in {"Will", "May", "June"} else
        (f"{word_name} said I should ask about {term}", [("NAME", word_name)]),
    ]
    text, phi = variants[i % len(variants)]
    protected = [term] if term in text else []
    for p in [d for d in DRUGS if d in text]:
        protected.append(p)
    for g in [g for g in GENES if f" {g} " in text]:
        protected.append(g)
    if f"{dr} syndrome" in text:
        protected.append(f"{dr} syndrome")
    case = "upper" if i % 11 == 5 else None
    add("name", text, phi, sorted(set(protected)), case=case)

# all-caps and lowercase full names
for i in range(14):
    first, last = pick(FIRST), pick(LAST)
    term = pick(EPONYMS + GENES)
    if i % 2:
        add("name", f"MY NAME IS {first.upper()} {last.upper()} AND I HAVE {term.upper()}", [("NAME", first.upper()), ("NAME", last.upper())], [term.upper()], rough=False)
    else:
        add("name", f"hi its {first.lower()} {last.lower()}, does {term} run in families?", [("NAME", first.lower()), ("NAME", last.lower())], [term], rough=False)

# ------------------------------------------------------------------- DATE
for i in range(45):
    d, term = date_any(), med()
    tmpl = pick([
        "DOB {d}. {q}", "I was born on {d}, {q}", "my appointment is {d}, {q}", "surgery was on {d} and now {q}",
        "had my colonoscopy {d}. {q}", "Date of birth: {d}", "started {drug} on {d}, {q}", "my {rel} passed away {d}",
        "the lab drew blood on {d}. {q}", "next visit {d}?", "admitted {d}, discharged two days later. {q}",
        "dob {d} - {q}", "results from {d} say {term}",
    ])
    text = tmpl.format(d=d, q=question_about(term), drug=pick(DRUGS), rel=pick(RELATIONS), term=term)
    add("date", text, [("DATE", d)], [term] if term in text else [], case="upper" if i % 13 == 7 else None)
add("date", "DOB 3-4-62", [("DATE", "3-4-62")], rough=False)
add("date", "my appointment is March 4th", [("DATE", "March 4th")], rough=False)
add("date", "DOB 03/04/1962, is my LDL 162 mg/dL bad?", [("DATE", "03/04/1962")], ["LDL 162 mg/dL"], rough=False)

# ------------------------------------------------------------------- AGE > 89
for i in range(22):
    age = R.randint(90, 108)
    term = med()
    tmpl = pick(["my grandmother is {a} and takes {drug}", "I am {a} years old, {q}", "my dad is {a}yo, {q}",
                 "she's a {a}-year-old with {term}", "Patient age: {a}", "my {a} year old mom was told about {term}",
                 "he turned {a} last week, {q}", "aged {a}, is {term} still a concern?", "I'm {a} y/o and {q}"])
    text = tmpl.format(a=age, drug=pick(DRUGS), q=question_about(term), term=term)
    add("age", text, [("AGE", str(age))], [term] if term in text else [])
add("age", "my grandfather is ninety-three and has Parkinson's", [("AGE", "ninety-three")], ["Parkinson's"], rough=False)
add("age", "Mom is ninety four, can she take Eliquis?", [("AGE", "ninety four")], ["Eliquis"], rough=False)

# ------------------------------------------------------------------- ADDRESS / CITY / ZIP
for i in range(40):
    num = str(R.randint(1, 99999))
    street = f"{num} {pick(STREETS)} {pick(SUFFIXES)}"
    city, st, z = pick(CITIES), pick(STATES), f"{R.randint(1000, 99999):05d}"
    unit = pick(["", f", Apt {R.randint(1, 40)}{pick(['', 'B', 'C'])}", f" Unit {R.randint(1, 300)}", f" #{R.randint(1, 30)}"])
    form = i % 8
    if form == 0:
        add("addr", f"I live at {street}{unit}, {city}, {st} {z}. Can the clinic mail my {pick(DRUGS)}?",
            [("ADDRESS", street), ("CITY", city), ("ZIP", z)])
    elif form == 1:
        add("addr", f"send the kit to {street.lower()}{unit.lower()}, {city.lower()} {st.lower()} {z}",
            [("ADDRESS", street.lower()), ("CITY", city.lower()), ("ZIP", z)], rough=False)
    elif form == 2:
        add("addr", f"My address is {street}, {city} {st} {z}", [("ADDRESS", street), ("CITY", city), ("ZIP", z)])
    elif form == 3:
        add("addr", f"we moved to {city} last year, is there a {pick(GENES)} clinic near me?", [("CITY", city)])
    elif form == 4:
        add("addr", f"zip code {z}, which lab is closest for {pick(LABS).split()[0]}?", [("ZIP", z)])
    elif form == 5:
        add("addr", f"I'm in {city}, {st} and my {pick(RELATIONS)} lives on {pick(STREETS)} {pick(['Street', 'Avenue', 'Road'])}",
            [("CITY", city)])
    elif form == 6:
        box = str(R.randint(10, 9999))
        add("addr", f"Mailing address: PO Box {box}, {city}, {st} {z}", [("ADDRESS", f"PO Box {box}"), ("CITY", city), ("ZIP", z)])
    else:
        add("addr", f"my mom lives near {city} and has {pick(EPONYMS)}", [("CITY", city)])

# ------------------------------------------------------------------- PHONE / FAX
for i in range(28):
    p = phone() if i % 5 else intl_phone()
    tmpl = pick(["call me at {p}", "my cell is {p}, text me the {t} results", "Phone: {p}", "you can reach my daughter on {p}",
                 "{p} is my number if the pharmacist needs it", "pls ring {p} after 5", "my new number: {p}", "CALL {p} ASAP"])
    t = pick(GENES)
    add("phone", tmpl.format(p=p, t=t), [("PHONE", p)], [t] if "{t}" in tmpl else [])
for i in range(14):
    p = phone()
    tmpl = pick(["fax the {t} report to {p}", "Fax: {p}", "their fax number is {p}", "please fax {p} attn records", "fax# {p}"])
    t = pick(GENES)
    add("fax", tmpl.format(p=p, t=t), [("FAX", p)], [t] if "{t}" in tmpl else [])

# ------------------------------------------------------------------- EMAIL / URL / IP
for i in range(20):
    first, last = pick(FIRST).lower(), pick(LAST).lower().replace("'", "").replace(" ", "")
    e = pick([f"{first}.{last}@{pick(EMAIL_DOMAINS)}", f"{first}{R.randint(1, 99)}@{pick(EMAIL_DOMAINS)}", f"{first[0]}{last}@{pick(EMAIL_DOMAINS)}"])
    if i % 6 == 0:
        e = e.upper()
    add("email", pick([f"email me at {e}", f"my email is {e} - can you send the {pick(GENES)} info?", f"{e} is best", f"Contact: {e}"]),
        [("EMAIL", e)])
for i in range(16):
    first, last = pick(FIRST).lower(), pick(LAST).lower().replace("'", "").replace(" ", "")
    u = pick([f"https://www.facebook.com/{first}.{last}", f"http://{first}{last}.blogspot.com", f"www.{last}family.net/photos",
              f"https://portal.example-health.org/patient/{digits(7)}", f"instagram.com/{first}_{last}{R.randint(1, 99)}",
              f"https://mychart.example.com/u/{first}{last}"])
    add("url", pick([f"my blog is {u}", f"see my page {u}", f"I posted my results at {u}", f"link: {u}"]), [("URL", u)])
for i in range(12):
    ip = pick([f"{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}", f"2001:db8:{R.randint(1, 9999):x}::{R.randint(1, 999):x}"])
    add("ip", pick([f"my IP is {ip}", f"the portal blocked {ip}", f"login failed from {ip} again", f"ip address {ip}, can't log in"]), [("IP", ip)])

# ------------------------------------------------------------------- SSN / MRN / plan / account / claim / accession
for i in range(16):
    s = ssn()
    add("ssn", pick([f"SSN {s}", f"my social is {s}", f"social security number: {s}", f"ssn# {s} for the insurance form",
                     f"the form wants my SS# {s}"]), [("SSN", s)])
for i in range(20):
    m = pick([digits(8), digits(7), f"{letters(1)}{digits(7)}", f"MR{digits(6)}", f"{digits(3)}-{digits(3)}-{digits(3)}", digits(10)])
    add("mrn", pick([f"MRN {m}", f"my medical record number is {m}", f"MR# {m}, {question_about(pick(LABS))}",
                     f"chart number {m}", f"my patient id {m}", f"hospital number: {m}", f"record # {m}",
                     f"my number at the clinic is {m}", f"they gave me the number {m} at registration"]), [("MRN", m)])
for i in range(24):
    if i % 3 == 0:
        h = mbi()
        text = pick([f"Medicare number {h}", f"my MBI is {h}", f"medicare beneficiary id: {h}", f"my new medicare card says {h}"])
    else:
        h = pick([f"{letters(3)}{digits(9)}", f"W{digits(9)}", f"{letters(2)}{digits(7)}-{digits(2)}", f"{digits(3)}{letters(2)}{digits(5)}", f"ZGP{digits(8)}"])
        text = pick([f"member ID: {h}", f"my insurance id is {h}", f"subscriber # {h}", f"policy number {h}", f"my BCBS id {h}, does it cover {pick(GENES)} testing?",
                     f"aetna {h}", f"group {digits(6)} id {h}", f"medicaid id {h}", f"id on my card is {h}"])
    phi = [("HEALTH_PLAN", h)]
    if text.startswith("group "):
        phi.append(("HEALTH_PLAN", text.split()[1]))
    add("plan", text, phi, [g for g in GENES if f" {g} " in text], rough=False)
for i in range(12):
    a = pick([digits(10), digits(12), f"{digits(4)}-{digits(4)}-{digits(4)}", f"ACCT-{digits(7)}", credit_card()])
    add("acct", pick([f"account number {a}", f"billing acct {a} was charged twice", f"my card {a} was declined at the pharmacy",
                      f"acct #{a}", f"they charged card {a}"]), [("ACCOUNT", a)])
for i in range(12):
    c = pick([f"{digits(2)}{letters(1)}{digits(8)}", f"CLM-{digits(8)}", f"{digits(13)}", f"E{digits(9)}", f"{digits(4)}-{digits(6)}-{digits(2)}"])
    add("claim", pick([f"claim number {c} was denied", f"my claim # {c}", f"they denied claim {c} for the {pick(GENES)} panel",
                       f"reference {c} on the EOB", f"Claim: {c}"]), [("CLAIM", c)], rough=False)
for i in range(12):
    a = pick([f"S{digits(2)}-{digits(5)}", f"{letters(2)}{digits(2)}-{digits(6)}", f"A{digits(9)}", f"{digits(2)}-{letters(3)}-{digits(5)}"])
    add("accession", pick([f"accession number {a}", f"the lab slip says accession # {a}", f"specimen ID {a}",
                           f"my pathology report {a} mentions {pick(EPONYMS)}", f"requisition {a}", f"acc# {a}"]), [("ACCESSION", a)], rough=False)

# ------------------------------------------------------------------- LICENCE / VEHICLE / DEVICE / OTHER
for i in range(16):
    if i % 4 == 0:
        n = npi()
        text = pick([f"my doctor's NPI is {n}", f"NPI {n}", f"the provider NPI: {n}"])
    elif i % 4 == 1:
        n = f"{pick(['A', 'B', 'F', 'M'])}{letters(1)}{digits(7)}"
        text = pick([f"DEA number {n}", f"his DEA # {n}"])
    else:
        n = pick([f"{letters(1)}{digits(7)}", f"{letters(1)}{digits(3)}-{digits(4)}-{digits(4)}", f"{digits(9)}", f"MD{digits(6)}", f"RN{digits(7)}"])
        text = pick([f"driver's license {n}", f"my DL # {n}", f"license number {n}", f"her nursing licence {n}", f"my drivers lic is {n}",
                     f"certificate # {n}", f"birth certificate no. {n}"])
    add("license", text, [("LICENSE", n)], rough=False)
for i in range(18):
    if i % 2 == 0:
        v = vin()
        text = pick([f"VIN {v}", f"my car's VIN is {v}", f"the accident report lists vehicle {v}", f"vin: {v.lower()}"])
        v = v.lower() if "vin: " in text else v
    else:
        v = pick([f"{R.randint(1, 9)}{letters(3)}{digits(3)}", f"{letters(3)}-{digits(4)}", f"{letters(3)} {digits(3)}", f"{letters(2)}{digits(2)} {letters(3)}"])
        text = pick([f"license plate {v}", f"my plate is {v}", f"plate # {v}, blue Honda", f"tag number {v} in the handicap spot",
                     f"my car ({v}) is in lot B"])
    add("vehicle", text, [("VEHICLE", v)], rough=False)
for i in range(20):
    s = pick([f"{letters(3)}{digits(6)}{letters(1)}", f"PT-{digits(5)}-{letters(1)}", f"{digits(1)}{letters(2)}{digits(6)}",
              f"SN{digits(8)}", f"{letters(2)}{digits(3)}-{digits(4)}", f"(01)0{digits(13)}(21){letters(2)}{digits(5)}"])
    dev = pick(["insulin pump", "pacemaker", "CGM", "Dexcom receiver", "CPAP machine", "hearing aid", "defibrillator", "Omnipod"])
    add("device", pick([f"my {dev} serial number is {s}", f"{dev} SN: {s} keeps alarming", f"serial # {s} on my {dev}",
                        f"the {dev} (serial {s}) was recalled?", f"device ID {s}", f"UDI {s}"]), [("DEVICE", s)], rough=False)
for i in range(10):
    o = pick([f"@{pick(FIRST).lower()}_{pick(LAST).lower().replace(' ', '').replace(chr(39), '')}{R.randint(1, 99)}",
              f"{digits(8)}", f"{letters(2)}{digits(6)}"])
    text = pick([f"my twitter is {o}", f"the confirmation code {o}", f"my employee id is {o}", f"passport {o}",
                 f"my student ID {o} for the campus clinic"]) if not o.startswith("@") else pick([f"dm me {o}", f"my handle is {o}"])
    add("other", text, [("OTHER_ID", o)], rough=False)

# ------------------------------------------------------------------- mixed, longer messages
for i in range(30):
    first, last, rel = pick(FIRST + NON_ASCII_FIRST), pick(LAST), pick(RELATIONS)
    d, p, term, drug, lab = date_any(), phone(), pick(EPONYMS), pick(DRUGS), pick(LABS)
    e = f"{first.lower()}.{last.lower().replace(' ', '').replace(chr(39), '')}@{pick(EMAIL_DOMAINS)}"
    city = pick(CITIES)
    form = i % 5
    if form == 0:
        text = (f"Hello, my name is {first} {last} (DOB {d}). I was diagnosed with {term} and my {lab}. "
                f"I take {drug}. Please call me at {p} or email {e}. Thanks")
        phi = [("NAME", first), ("NAME", last), ("DATE", d), ("PHONE", p), ("EMAIL", e)]
    elif form == 1:
        text = f"my {rel} {first} lives in {city} and just had a {pick(GENES)} test on {d}. result says {pick(VARIANTS)}. what should she do?"
        phi = [("NAME", first), ("CITY", city), ("DATE", d)]
    elif form == 2:
        text = f"Dr. {last} wants me on {drug}, but my {lab}. Is that ok with {term}? - {first}"
        phi = [("NAME", last), ("NAME", first)]
    elif form == 3:
        text = f"I'm {first}, {R.randint(91, 99)} years old, in {city}. my {lab}, and I've had {term} since {d}."
        age = text.split(", ")[1].split()[0]
        phi = [("NAME", first), ("AGE", age), ("CITY", city), ("DATE", d)]
    else:
        m = digits(8)
        text = f"{first} {last}, MRN {m}, seen {d} for {term}; {lab}; on {drug} {pick(DOSES)}. Callback {p}."
        phi = [("NAME", first), ("NAME", last), ("MRN", m), ("DATE", d), ("PHONE", p)]
    prot = [t for t in [term, drug, lab] if t in text]
    add("mixed", text, phi, prot, rough=False)

# ------------------------------------------------------------------- PHI-free, medical-dense
PHI_FREE_TEMPLATES = [
    "I have {ep} and my {lab}. Should I change my {drug} dose?",
    "My {gene} test showed {var}. Does that affect {drug}?",
    "is {var} a problem if I take {drug} {dose}?",
    "{ep} runs in my family. Should I get {gene} testing?",
    "My {lab} and {lab2}, is that bad with {ep}?",
    "what does {var} mean? my doctor mentioned {gene} and {drug}",
    "I was diagnosed with {stage} {cancer} in 2019, {gene} negative, on {drug}",
    "can {drug} and {drug2} be taken together? I have {ep}",
    "{lab}, {lab2}. I'm on {drug} {dose}. Any concerns?",
    "Does {ep} raise my risk of {cancer}? My {gene} was fine.",
    "MY {LAB} IS THAT OK?? ON {DRUG}",
    "why would they check {loinc} and {lab}?",
    "after starting {drug} my {lab}. also have {ep}.",
    "The report says {var} ({gene}), pathogenic. What about {drug}?",
    "pharmacist said {gene} poor metabolizer means {drug} may not work, is that true?",
    "my baby's Apgar score was 8 and 9, is that fine? she has {ep}",
    "Gleason 7 (3+4), PSA 6.3 ng/mL, stage 2. options?",
    "my {lab} went up after {drug}; also {var} on my {gene} report",
    "I'm 45 years old with {stage} and {ep}, should I take {drug}?",
    "how does {drug} {dose} interact with {drug2}?",
    "does the {ep2} make {ep} worse? my {lab}",
    "Tested positive for {var}. My mom had {ep}. What now",
]
CANCERS = ["breast cancer", "colon cancer", "ovarian cancer", "prostate cancer", "melanoma", "endometrial cancer", "lung cancer"]
for i in range(130):
    tmpl = PHI_FREE_TEMPLATES[i % len(PHI_FREE_TEMPLATES)]
    vals = {"ep": pick(EPONYMS), "ep2": pick(EPONYMS), "lab": pick(LABS), "lab2": pick(LABS), "drug": pick(DRUGS),
            "drug2": pick(DRUGS), "gene": pick(GENES), "var": pick(VARIANTS), "dose": pick(DOSES), "stage": pick(STAGES),
            "cancer": pick(CANCERS), "loinc": pick(LOINC)}
    vals.update({k.upper(): v.upper() for k, v in vals.items()})
    text = tmpl.format(**vals)
    prot = [v for k, v in vals.items() if k.islower() and k not in {"dose", "cancer"} and v in text and ("{" + k + "}") in tmpl]
    prot += [v for k, v in vals.items() if k.isupper() and k.lower() not in {"dose", "cancer"} and ("{" + k + "}") in tmpl]
    if "Gleason 7" in text:
        prot.append("Gleason 7")
    if "Apgar score" in text:
        prot.append("Apgar score")
    add("free", text, [], sorted(set(prot)), case="lower" if i % 9 == 4 else None)

# ------------------------------------------------------------------- held-out batch (hand-written, fixed)
# Written before the recognizers were changed for them, in the style of failures seen in spot checks: lower-case
# full names, relation + lower-case name, a lower-case surname after a given name, greeting/vocative names that
# are everyday words, ages over 89 said about a person; plus PHI-free messages of the same shapes. No RNG here,
# so the ids and texts above stay as they were. (NAME/AGE/... labels; protected terms where present.)
HELD_OUT = [
    # lower-case full names, introductions
    ("hi this is marcus whitfield, can i get my refill moved up", [("NAME", "marcus"), ("NAME", "whitfield")], []),
    ("its dolores finch again, question about my statin", [("NAME", "dolores"), ("NAME", "finch")], []),
    ("my name is kevin oyelaran and i need help reading my report", [("NAME", "kevin"), ("NAME", "oyelaran")], []),
    ("hello im tanya brightwater, the pharmacy lost my script", [("NAME", "tanya"), ("NAME", "brightwater")], []),
    ("this is gregory pemberton calling about my dad", [("NAME", "gregory"), ("NAME", "pemberton")], []),
    ("name: ursula kettering, dob is on file", [("NAME", "ursula"), ("NAME", "kettering")], []),
    ("hi, jasmine okonkwo here. did my results come back?", [("NAME", "jasmine"), ("NAME", "okonkwo")], []),
    ("so sorry to bother you, its harold vance", [("NAME", "harold"), ("NAME", "vance")], []),
    ("patricia delacroix wants to know if she can fly after surgery", [("NAME", "patricia"), ("NAME", "delacroix")], []),
    ("can you tell leon marchetti his labs are in", [("NAME", "leon"), ("NAME", "marchetti")], []),
    # capitalised given name, lower-case surname
    ("Hi I'm Rebecca hollis, new patient here", [("NAME", "Rebecca"), ("NAME", "hollis")], []),
    ("This is Daniel fairbanks, my INR 3.4 came back", [("NAME", "Daniel"), ("NAME", "fairbanks")], ["INR 3.4"]),
    ("my wife Sandra mcallister has a question about metformin", [("NAME", "Sandra"), ("NAME", "mcallister")], ["metformin"]),
    ("Appointment for Michael brennan on thursday?", [("NAME", "Michael"), ("NAME", "brennan")], []),
    # relation word + lower-case name
    ("my mom gladys has been dizzy since tuesday", [("NAME", "gladys")], []),
    ("my husband raj keeps forgetting his metformin", [("NAME", "raj")], ["metformin"]),
    ("my daughter ivy has a rash on her arms", [("NAME", "ivy")], []),
    ("my son eli has a fever of 102", [("NAME", "eli")], []),
    ("our grandson thaddeus is allergic to penicillin", [("NAME", "thaddeus")], []),
    ("my wife meera is pregnant and taking levothyroxine", [("NAME", "meera")], ["levothyroxine"]),
    ("my dad otis fell last night", [("NAME", "otis")], []),
    ("my sister bernadette has Crohn's disease", [("NAME", "bernadette")], ["Crohn's disease"]),
    ("my brother, kofi, needs a new inhaler", [("NAME", "kofi")], []),
    ("my aunt philomena is on warfarin", [("NAME", "philomena")], ["warfarin"]),
    ("my friend dashiell drove me to the ER", [("NAME", "dashiell")], []),
    ("my nephew bodhi has asthma", [("NAME", "bodhi")], []),
    ("her husband lorenzo called the office", [("NAME", "lorenzo")], []),
    ("my mom rose is in the hospital", [("NAME", "rose")], []),
    ("my daughter hope starts chemo monday", [("NAME", "hope")], []),
    ("my son jax broke his wrist", [("NAME", "jax")], []),
    ("my partner fern gets migraines", [("NAME", "fern")], []),
    ("my stepdad clyde is on oxygen now", [("NAME", "clyde")], []),
    # greeting / vocative names that are everyday words
    ("Thanks, Will. See you Friday.", [("NAME", "Will")], []),
    ("Hi Grace, quick question about my appointment", [("NAME", "Grace")], []),
    ("ok Faith, I'll bring the forms", [("NAME", "Faith")], []),
    ("Hi Hope, can you resend the link?", [("NAME", "Hope")], []),
    ("Hey Mark, is the clinic open saturday?", [("NAME", "Mark")], []),
    ("Morning Dawn, my BP was 150/90 today", [("NAME", "Dawn")], []),
    ("Thanks Bill, that helps a lot", [("NAME", "Bill")], []),
    ("Hello Frank, I got your voicemail", [("NAME", "Frank")], []),
    ("Sorry Sunny, I missed the call", [("NAME", "Sunny")], []),
    ("Good morning, Iris. Is Dr. Patel in today?", [("NAME", "Iris"), ("NAME", "Patel")], []),
    ("Hi Summer! could you check my referral", [("NAME", "Summer")], []),
    ("ok Chase, see you at 3", [("NAME", "Chase")], []),
    ("Dear Ruby, thank you for the help last week", [("NAME", "Ruby")], []),
    ("Hi Drew - is my prescription ready?", [("NAME", "Drew")], []),
    ("Got it, Amber, thanks", [("NAME", "Amber")], []),
    ("Will, can you call me back?", [("NAME", "Will")], []),
    # ages over 89 said about a person
    ("she is 91 and still drives", [("AGE", "91")], []),
    ("dad turned 94 last week", [("AGE", "94")], []),
    ("my 92 year old gran has pneumonia", [("AGE", "92")], []),
    ("grandpa, aged 90, takes Eliquis", [("AGE", "90")], ["Eliquis"]),
    ("my mom gladys is 91 and lives alone", [("NAME", "gladys"), ("AGE", "91")], []),
    ("my grandfather will be 96 in june", [("AGE", "96")], []),
    ("Uncle Ray is 93 and on warfarin", [("NAME", "Ray"), ("AGE", "93")], ["warfarin"]),
    ("nana's 97 and refuses the walker", [("AGE", "97")], []),
    ("my father-in-law is 92", [("AGE", "92")], []),
    ("my grandmother who is 95 needs a walker", [("AGE", "95")], []),
    ("gran is 98 this year", [("AGE", "98")], []),
    ("my mother (93) lives alone", [("AGE", "93")], []),
    ("Harold is 90 and takes Eliquis", [("NAME", "Harold"), ("AGE", "90")], ["Eliquis"]),
    ("dad, 94, has afib", [("AGE", "94")], []),
    ("my 96yo grandma keeps falling", [("AGE", "96")], []),
    ("my great aunt is 102", [("AGE", "102")], []),
    ("my grandma edna is 94 and sharp as a tack", [("NAME", "edna"), ("AGE", "94")], []),
]
HELD_OUT_FREE = [
    "my mom is 61 and has high blood pressure", "thanks, will do", "I hope my LDL is ok", "my daughter is healthy",
    "grace period on my insurance ends soon", "I will ask the pharmacist", "mark my words, this cough is getting worse",
    "the bill is due friday", "I had surgery in 1990", "Thanks, will try that", "ok, will call tomorrow",
    "Hi, hope you are well", "Thanks, hope to hear back soon", "my husband is diabetic", "my son has a fever",
    "my dad turned 64 last week", "my 72 year old mother has afib", "her O2 is 91% on room air", "my grandma is 89",
    "my sister may come with me", "my husband and I are worried", "my daughter just started college",
    "Hi there, is the clinic open?", "Thanks, doctor", "my wife said the pharmacy called", "We have faith in the treatment",
    "he is 95 kg now", "my 90 day supply ran out", "I walked 95 minutes today", "Morning, quick question about my refill",
    "the nurse drew blood twice", "ok, mark it as urgent please", "Hi team, will the lab be open Saturday?",
    "my mom rose from her chair and fell", "Sorry, will the results be ready?", "my son usually takes the bus",
]
for text, phi, prot in HELD_OUT:
    add("heldout", text, phi, prot, rough=False)
for text in HELD_OUT_FREE:
    add("heldout-free", text, [], [], rough=False)

OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
print(f"{len(records)} records, {sum(1 for r in records if not r['phi'])} PHI-free -> {OUT}")
