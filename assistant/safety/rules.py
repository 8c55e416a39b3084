"""Red-flag and medication-change phrases, in patients' own words.

Patterns are matched against *normalised* de-identified text (see
`context.normalise`): lower case, apostrophes removed ("can't" -> "cant"),
common typos fixed ("pian" -> "pain"), idioms masked. Each rule has a short
reason code that is stored (never the matched words).

Emergency and urgent matches are then checked clause by clause for negation,
history, hypothetical/education framing (see `context.py`); medication rules are
not, because any personal question about changing a medicine goes to the care
team.
"""

from __future__ import annotations

# --- building blocks -------------------------------------------------------

# Someone whose body part it is: the patient or someone with them.
WHOSE = r"(?:my|his|her|their|the|your|<person>s|moms|dads|wifes|husbands|sons|daughters|babys)"
# Family and other people a patient writes about.
PEOPLE = (
    r"(?:mom|mum|mother|dad|father|husband|wife|son|daughter|baby|child|kid|toddler|"
    r"partner|boyfriend|girlfriend|brother|sister|grandma|grandmother|grandpa|grandfather|"
    r"friend|roommate|aunt|uncle|neighbou?r|<person>)"
)
LIMB = r"(?:arm|leg|hand|foot|side|face)"
WEAK = r"(?:weak|numb|limp|heavy|dead|droopy|drooping|tingly)"
SUDDEN = r"(?:suddenly|all of a sudden|out of nowhere|sudden|just now|right now)"
BREATHE = r"(?:breathe|breath|breathing)"

EMERGENCY_RULES: dict[str, str] = {
    "chest_pain": "|".join(
        [
            r"\bchest (?:pain|pains|pressure|tightness|heaviness|discomfort|hurts?|is hurting|(?:is |feels )?(?:really |so |very )?(?:tight|heavy))",
            rf"\b(?:pain|pains|pressure|squeez\w*|tight\w*|heaviness|crushing|burning|weight|hurts?|band|vice|vise|ache)(?: \w+){{0,5}}? (?:in|on|across|around) (?:the middle of )?{WHOSE} chest",
            r"\b(?:tight|heavy|crushing|squeezing) chest",
            r"\bchest (?:\w+ ){0,3}?(?:aches?|aching|hurting|squeez\w*|crush\w*|burning|tight|heavy)\b",
            rf"\bclutching {WHOSE} chest",
            r"\bsitting on (?:my|his|her) chest",
            r"\bheart attack",
        ]
    ),
    "stroke_signs": "|".join(
        [
            r"\b(?:face|mouth|smile|lip) (?:is |looks |went |feels |has gone )?(?:\w+ )?(?:drooping|droopy|droops|drooped|crooked|uneven|lopsided|sagging|numb)",
            rf"\bcant (?:lift|move|raise|feel|use) {WHOSE} (?:left |right )?(?:arm|leg|hand|side)",
            rf"\b(?:left|right|one|half|other) (?:side of )?(?:{WHOSE} )?(?:{LIMB}|body)(?: \w+){{0,2}}? (?:is |feels |went |has gone |are |)(?:\w+ )?{WEAK}",
            rf"\b{LIMB} (?:is |feels |went |has gone )?(?:\w+ )?(?:{WEAK}) {SUDDEN}",
            rf"\b{SUDDEN} (?:\w+ ){{0,4}}?{WEAK}",
            r"\b(?:slurr\w*|speech is slurred|garbled speech)",
            r"\bcant (?:talk|speak) (?:properly|right|clearly|normally)",
            r"\b(?:words|speech|talking) (?:are |is |keep |keeps )?(?:coming out |sounds? |sounding )?(?:weird|funny|wrong|garbled|jumbled|off|hard|strange)",
            r"\btalking (?:funny|weird|strange|gibberish|nonsense)",
            r"\b(?:face|arm|leg|hand|side)(?: \w+){0,2}? (?:isnt|is not|not|wont|doesnt|cant|stopped) (?:moving|move|working)",
            r"\b(?:keeps?|keep on) dropping (?:things|stuff|everything)",
            r"\b(?:speech|words|talking|voice) (?:\w+ ){0,3}?(?:mumbled|garbled|jumbled|gibberish|nonsense|mixed up|all wrong|slurr\w*)",
            r"\b(?:arm|leg|hand) (?:\w+ ){0,2}?(?:limp|hanging|useless|wont move|not moving|gave out)",
            r"\bcant find (?:his|her|my|their) words",
            r"\btrouble (?:speaking|talking|finding (?:the )?words)",
            rf"\b{SUDDEN} (?:\w+ )?cant (?:see|speak|talk)",
            r"\bcant see out of",
            r"\blost (?:the |my |his |her )?vision",
            r"\b(?:having|had|is|think its|think it is|might be) (?:a |another )?stroke",
        ]
    ),
    "trouble_breathing": "|".join(
        [
            rf"\bcant (?:{BREATHE}|get (?:enough |any )?air|catch {WHOSE} breath)",
            rf"\b(?:trouble|difficulty|hard time|struggling|struggle|hard|harder|problems?) (?:to )?{BREATHE}",
            r"\bbreathing (?:is )?(?:really |very |so )?(?:hard|difficult|labou?red|fast|rapid)",
            rf"\bshort(?:ness)? of {BREATHE}",
            r"\bout of breath (?:\w+ )?(?:talking|sitting|at rest|resting|lying)",
            r"\bgasping",
            r"\b(?:barely|hardly) (?:able to )?(?:breathe|breath|breathing|get air)|\bbreathless (?:\w+ ){0,3}?(?:sitting|resting|at rest|lying|talking|doing nothing|here|now)",
            r"\bchoking\b",
            r"\bwheez\w* (?:really |very |so )?(?:bad|badly|hard)|\binhaler (?:isnt|is not|not|doesnt|does not) (?:working|helping|help)",
            r"\b(?:lips|face|skin) (?:look |are |is |turning |went )?(?:blue|gr[ae]y)|\bturning (?:blue|gr[ae]y)",
            r"\bribs (?:are )?sucking in",
            r"\bcant (?:talk|speak|finish) (?:in )?(?:full |a |whole )?sentences?|\btoo (?:breathless|out of breath) to|\basthma attack|\basthma (?:is )?(?:really |very |so )?bad",
            rf"\b(?:breathing through a straw|sit up to {BREATHE})",
        ]
    ),
    "severe_allergic_reaction": "|".join(
        [
            r"\bthroat (?:is |feels |keeps )?(?:\w+ ){0,3}?(?:closing|swelling|swollen|tight|closing up)",
            r"\b(?:lips?|tongue|face|eyes?|mouth)(?: \w+){0,2}? (?:swelling|swollen|swell|swelled|puffing|puffy|thick)",
            r"\bswelling (?:in|of) (?:my|his|her|the) (?:throat|lips?|tongue|face)",
            r"\banaphyla\w*",
            r"\bepi ?pen",
            r"\bsevere allergic reaction",
        ]
    ),
    "heavy_bleeding": "|".join(
        [
            r"\b(?:wont|cant|doesnt|does not|will not|not|hasnt|has not) stop(?:ped)? bleeding",
            r"\bbleeding (?:\w+ ){0,2}?(?:wont|will not|doesnt|hasnt|has not|cant) stop",
            r"(?<!gums )(?<!gum )\b(?:still|keeps?) bleeding",
            r"\bbleeding (?:really |very |so )?(?:heavily|heavy|a lot|badly|everywhere|through)",
            r"\bheavy bleeding",
            r"\b(?:vomiting|throwing up|coughing(?: up)?|spitting(?: up)?|puking) (?:up )?blood",
            r"\bblood (?:is )?everywhere",
            r"\b(?:blood|bleeding)(?: \w+){0,4}? (?:wont|will not|doesnt|isnt going to|cant) stop|\bbleeding (?:\w+ )?non ?stop",
            r"\b(?:spurting|pouring|gushing|squirting|pumping) (?:out )?blood|\bblood (?:is )?(?:spurting|pouring|gushing|squirting|pumping)",
            r"\b(?:a lot of|lots of|so much|gushing) blood",
            r"\b(?:black|tarry|bloody) (?:and tarry )?(?:stool|stools|poop)|\b(?:poop|stool) (?:is |was )?(?:black|tarry)",
            r"\bcoffee grounds",
            r"\bblood\b(?: \w+){0,5}? cough\w*|\bcough\w*(?: \w+){0,3}? blood\b",
            r"\bwhole bowl is red|\bsoaked through",
            r"\bblood in (?:my|the|his|her) (?:stool|vomit|poop)",
        ]
    ),
    "fainting": "|".join(
        [
            r"\bfaint(?:ed|ing)?\b",
            r"\b(?:passed|passing|pass) out\b",
            r"\bblack(?:ed|ing)? out\b",
            r"\bcollaps(?:ed|ing|es)\b",
            r"\b(?:lost|losing|loses) consciousness|\bunconscious|\bunresponsive|\bnot responding",
            r"\b(?:isnt|not|wont|is not|will not|cant) (?:waking up|wake up|wake (?:him|her|them) up)|\bcant wake (?:him|her|them)",
            r"\b(?:wont|isnt|is not|not|doesnt|cant get (?:him|her|them) to) respond\w*|\bwent limp|\bgone limp",
            r"\bwoke up on the floor|\bdont know how i got there|\bjust came to\b",
        ]
    ),
    "suicidal_thoughts": "|".join(
        [
            r"\b(?:kill|hurt|harm|cut|cutting|hurting|harming|killing) (?:my ?self|himself|herself|themselves)",
            r"\bsuicid\w*",
            r"\bend(?:ing)? (?:my|his|her|their) (?:own )?life|\bend(?:ing)? it all",
            r"\bwants? to die\b|\bwanna die\b|\bwish i (?:was|were) dead",
            r"\bdont want to (?:live|be alive|be here|wake up|go on)",
            r"\b(?:no|not any|whats the) (?:point|reason) (?:in |of )?(?:living|going on|to live|being alive)",
            r"\bbetter off (?:without me|dead|if i (?:was|were)(?:nt| not) (?:here|around|alive))",
            r"\bself ?harm\w*",
            r"\bwant to disappear|\bcant go on\b|\bcant take (?:it|this|life) anymore|\bdont want to exist|\bwish i (?:didnt exist|could sleep forever|wouldnt wake up|was never born)",
            r"\bso i (?:dont|never) wake up",
            r"\b(?:no|dont see (?:a|any)|cant see (?:a|any)|cant find (?:a|any)|not any) (?:reason|point) (?:to |in |of )?(?:keep |keeping |go on |going on )?(?:living|going on|live|be alive|being alive|being here|be here)",
            r"\b(?:saved up|stockpil\w+|hoard\w*) (?:\w+ ){0,2}?(?:pills|meds|tablets)|\b(?:pills|meds|tablets) saved up",
        ]
    ),
    "overdose": "|".join(
        [
            r"\boverdos\w*",
            r"\btook (?:too many|too much|way too (?:much|many)|a (?:whole )?bunch of|a handful of|a whole bottle|all (?:of )?(?:my|his|her|their|the) (?:\w+ ){0,2}?(?:pills|meds|tablets|medicine|at once)|all \w+ (?:of )?(?:my|his|her) (?:\w+ ){0,2}?pills|\d{2,} (?!minutes|mins|hours|hrs|days|weeks|months|years|mg|mcg|units)\w+)",
            r"\btook all (?:my|his|her) \w+ at once",
            r"\b(?:took|taken|injected|gave|give) (?:\w+ ){0,2}?(?:double|extra|too much|twice|two doses of)(?: \w+){0,2}? insulin",
            r"\boverdid it|\btook (?:like |about |around |maybe |over )?\d{2,}\b(?! (?:minutes|mins|hours|hrs|days|weeks|months|years|mg|mcg|units))",
            r"\btook (?:\w+ ){0,3}?(?:[3-9]|three|four|five|six) times|\b(?:triple|quadruple) (?:dose|doses)",
            r"\bswallowed (?:a |the )?(?:whole )?(?:bottle|some|all|a bunch)",
            r"\bgot into (?:my|the|his|her) (?:pill|pills|medicine|meds|medication)",
            r"\bdrank (?:a |the )?(?:whole )?bottle of",
            r"\btak(?:e|ing) all (?:of )?my (?:pills|meds)",
        ]
    ),
    "seizure": r"\bseizures?\b|\bseizing|\bconvuls\w*|\bhaving a fit\b|\bshaking all over",
}

URGENT_RULES: dict[str, str] = {
    "high_fever": "|".join(
        [
            r"\b(?:fever|temp|temperature)(?: \w+){0,2}? (?:of |is |was |at |reading )?(?:10[2-9]|39\.[5-9]|4[0-2](?:\.\d)?)\b",
            r"\b(?:high|very high|really high) (?:fever|temp|temperature)",
            r"\bfever (?:\w+ ){0,3}?(?:and |with )?(?:shaking )?chills|\bshaking chills|\bchills and (?:a )?fever",
            r"\bfever (?:\w+ ){0,4}?for (?:\d+|two|three|four|five|several) days",
        ]
    ),
    "blood_in_urine": r"\bblood in (?:my |his |her |the )?(?:urine|pee)|\bpee(?:ing)? blood|\b(?:urine|pee) (?:is |looks )?(?:red|bloody|pink)",
    "critical_lab_value": "|".join(
        [
            r"\binr (?:is |of |was |came back |at |reading |just )*(?:[5-9]|\d{2})(?:\.\d+)?\b",
            r"\bcritical(?:ly)?\b(?! illness)",
            r"\b(?:blood sugar|glucose|sugar|sugars|bg)(?: \w+){0,2}? (?:is |of |was |at |over |above |reading |readings )*(?:[3-9]\d\d)\b",
            r"\b(?:1[89]\d|2\d\d) ?(?:/|over) ?\d{2,3}\b|\b\d{2,3} ?(?:/|over) ?(?:1[1-9]\d)\b",
        ]
    ),
    "cant_keep_down": "|".join(
        [
            r"\bcant keep (?:\w+ ){1,4}?down",
            r"\b(?:unable|not able) to keep (?:\w+ ){1,3}?down",
            r"\b(?:vomiting|throwing up|diarrh?ea|puking)(?: \w+){0,3}? (?:for (?:\d+|two|three|several) days|all day|since (?:this morning|last night|yesterday)|\d+ times)",
        ]
    ),
    "allergic_rash": r"\brash(?: \w+){0,6}? spreading|\bspreading (?:\w+ )?(?:rash|redness|hives)|\bhives\b|\b(?:new|itchy) rash",
    "severe_pain": "|".join(
        [
            r"\b(?:severe|unbearable|worst|excruciating|really bad|very bad|terrible|awful|sudden|intense|agonizing|sharp) (?:\w+ ){0,3}?(?:pain|headache|toothache|migraine)",
            r"\breally painful|\bvery painful",
            r"\b(?:headache|migraine)(?: \w+){0,3}? (?:not going away|wont go away)",
        ]
    ),
    "possible_clot": r"\bcalf (?:is |feels )?(?:\w+ ){0,2}?(?:swollen|swelling|red|hurts|painful|warm)",
    "infection_or_wound": "|".join(
        [
            r"\b(?:incision|wound|cut|stitches|scar|surgical site)(?: \w+){0,4}? (?:pus|oozing|infected|hot|came open|opened|split|came apart)",
            r"\b(?:redness|red|warm)(?: \w+){0,3}? (?:around|near) (?:a |the |my )?(?:bite|bug bite|wound|cut|incision)",
            r"\bbit(?:ten)? by (?:a |my |the )?(?:dog|cat|animal|spider)",
            r"\bshingles(?: \w+){0,6}? eye",
        ]
    ),
    "urinary_infection_signs": r"\b(?:pain|burning|burns|hurts|stings) (?:when|while) (?:i |he |she )?(?:pee|urinate)",
    "cant_pee": r"\bcant pee\b|\b(?:unable|not able) to (?:pee|urinate)",
    "injury": r"\bcant (?:bend|straighten|walk on|move) (?:it|my \w+)|\b(?:very|really|badly|super) swollen|\bcant (?:put|bear) (?:any )?weight|\bburn(?:ed|t)?(?: \w+){0,8}? blister\w*",
    "bleeding_on_anticoagulant": r"\b(?:gums?|nose) (?:\w+ ){0,2}?bleed\w*|\bnose ?bleeds?|\b(?:new |big |huge |large )+bruises",
    "eye_pain_vision": r"\beye (?:is )?(?:\w+ ){0,3}?(?:painful|pain)\b|\bvision (?:is )?(?:suddenly )?(?:blurry|blurred)",
    "new_confusion": r"\b(?:confused|confusion) (?:all of a sudden|suddenly)|\bsuddenly confused",
}

# Reasons that need a second condition in the same message.
ANTICOAGULANT = (
    r"\b(?:warfarin|coumadin|jantoven|eliquis|apixaban|xarelto|rivaroxaban|pradaxa|dabigatran|"
    r"heparin|lovenox|enoxaparin|clopidogrel|plavix|brilinta|ticagrelor|prasugrel|blood thinners?)\b"
)
URGENT_REQUIRES: dict[str, str] = {
    "bleeding_on_anticoagulant": ANTICOAGULANT,
    # burning on peeing is same-day only with fever or back/side pain (possible kidney infection)
    "urinary_infection_signs": r"\b(?:fever|chills|back|side|flank)\b",
}

# --- medication change -----------------------------------------------------

DRUG = (
    r"\b(?:meds?|medicines?|medications?|pills?|tablets?|capsules?|doses?|dosage|prescriptions?|rx|"
    r"\d+ ?(?:mg|mcg|units)|mg|mcg|statins?|blood thinners?|antibiotics?|antidepressants?|insulin|"
    r"supplements?|vitamins?(?: [a-z]\d*)?|fish oil|iron|aspirin|tylenol|advil|motrin|aleve|ibuprofen|acetaminophen|"
    r"naproxen|warfarin|coumadin|jantoven|eliquis|apixaban|xarelto|rivaroxaban|pradaxa|dabigatran|"
    r"heparin|lovenox|enoxaparin|clopidogrel|plavix|brilinta|ticagrelor|prasugrel|metformin|"
    r"glipizide|ozempic|semaglutide|levothyroxine|synthroid|prednisone|codeine|tramadol|oxycodone|"
    r"tamoxifen|lasix|furosemide|red yeast rice|melatonin|calcium|lisinopril|amlodipine|metoprolol|"
    r"losartan|sertraline|zoloft|citalopram|escitalopram|lexapro|prozac|fluoxetine|xanax|omeprazole|"
    r"lipitor|crestor|zocor|zetia|ezetimibe|allopurinol|digoxin|hctz|hydrochlorothiazide|"
    r"\w+(?:statin|pril|sartan|olol|dipine|xaban|grel|formin|thyroxine|oxetine|pram|cillin|mycin|"
    r"cycline|floxacin|prazole|azepam|zolam|tidine))\b"
)
_CHANGE_VERB = (
    r"(?:stop|start|quit|skip|halt|discontinue|come off|go off|get off|be off|switch|change|restart|"
    r"resume|pause|hold|drop|cut|halve|double|increase|decrease|lower|raise|reduce|taper|wean|go up|"
    r"go down|bump|go back on|keep taking|keep on|continue|finish|take|be taking|be on|give|try|use|"
    r"wait|miss|not take|ditch)"
)
_CHANGE_ING = (
    r"(?:stopping|starting|quitting|skipping|discontinuing|coming off|going off|getting off|switching|"
    r"changing|restarting|pausing|holding|dropping|cutting|halving|doubling|increasing|decreasing|"
    r"lowering|reducing|tapering|weaning|trying|taking|ditching)"
)
_SUBJECT = rf"(?:i|we|he|she|they|my \w+|<person>|{PEOPLE})"

MEDICATION_CHANGE_RULES: dict[str, str] = {
    # "should I stop", "can my dad stop", "do I still need to take", "is it ok to skip"
    "stop_or_start": "|".join(
        [
            rf"\b(?:should|can|could|may|must|do|does|shall|would|will|if) {_SUBJECT}(?: \w+){{0,3}}? {_CHANGE_VERB}\b",
            rf"\b(?:ok|okay|safe|fine|alright|allowed|bad|dangerous|wise|possible|smart|better|necessary|worth it)(?: for (?:me|him|her|them))? (?:to|if i|if we) (?:just |still |not )?{_CHANGE_VERB}\b",
            rf"\bdoes it matter if (?:i|he|she) {_CHANGE_VERB}\b",
            rf"\b{_SUBJECT} (?:should|could|can|must|need to|have to|ought to|is supposed to|am supposed to)(?: still| just| not| really)? {_CHANGE_VERB}\b",
        ]
    ),
    # "I'm going to stop", "thinking about quitting", "I stopped taking", "ran out of"
    "stop_intent": "|".join(
        [
            rf"\b(?:i|im|i am|{_SUBJECT}|{_SUBJECT} is) (?:wants? to|needs? to|plans? to|planning to|going to|would like to|wish(?:es)? to|d like to|trying to) {_CHANGE_VERB}\b",
            rf"\b(?:thinking|thought) (?:of|about) {_CHANGE_ING}\b",
            rf"\b(?:want|wants|wanting|need|needs|trying|plan|planning) to {_CHANGE_VERB}\b",
            r"\bi (?:stopped|quit|skipped|missed|forgot|ran out of|doubled|halved|cut back)\b",
            r"\b(?:ran|run|running) out of\b",
        ]
    ),
    # "double up", "cut in half", "every other day", "my dose of X is wrong"
    "dose_change": "|".join(
        [
            r"\b(?:increase|decrease|double|halve|lower|raise|up|cut|reduce|adjust|bump)\s+(?:up\s+)?(?:my|the|his|her)?\s*(?:dose|dosage|medicine|medication|meds|pills?|tablets?|insulin)\b",
            r"\bdouble up\b|\bin half\b|\bhalf (?:a|her|his|my|the) (?:\w+ )?(?:dose|pill|tablet)",
            r"\btak(?:e|ing)\s+(?:more|less|extra|half|double|two|2|an extra)\b",
            r"\bevery other day\b|\b(?:my|his|her|the|old|new) dose\b|\bdose of \w+ is\b",
        ]
    ),
    "dose_question": r"\btoo (?:much|many|strong|high|low|little)\b|\bhow (?:much|many) (?:\w+ ){0,3}?(?:should|can|do|does) (?:i|he|she|we|my \w+) (?:take|give|be on|use)\b|\bhow much\b(?!(?: \w+){0,4}? (?:cost|copay|charge|pay|price))|\bhow many (?:mg|mcg|units|pills|tablets)\b|\b(?:what|which|right|correct|max|maximum|safe) dose\b",
    # "instead of my statin", "with my warfarin together", "which one do I follow"
    "switch_or_combine": r"\b(?:a |an )?(?:different|alternative|another|other|new) (?:kind of |type of |brand of )?(?:\w+ ){0,2}?(?:med|meds|medicine|medication|drug|statin|blood thinner|pill|dose|brand|generic)\b|\binstead of\b|\binstead\b|\btogether\b|\bat the same time\b|\bempty stomach\b|\bwhich (?:one|drug|medicine|med) (?:do|should) i (?:follow|take|use|trust)\b",
}
# Medication reasons that only count when a medicine is named in the message.
MEDICATION_NEEDS_DRUG = {"stop_or_start", "stop_intent", "dose_question", "switch_or_combine", "dose_change"}
