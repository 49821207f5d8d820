"""Risky-claim rules: every word list, phrase template and explanation used by
``articles.claims.engine``. The engine compiles this file once, at import time.

The linter *flags*; the medical reviewer *decides*. The categories come from
section 5 of ``shared/design/health-content-standards.md``.

How to add a phrase (for medical editors)
=========================================

1. Find the category in ``CATEGORIES`` below and add a line to its
   ``"patterns"`` list, written as a *template*. Then run
   ``python bench/claims_eval.py`` and ``pytest tests/test_claims.py``.
2. If a new word belongs to an existing vocabulary (a new drug, a new
   condition, a new unit), add it to that list instead. Every template that
   uses the list picks it up.

Templates are words separated by single spaces. Matching is case-insensitive.

``word``
    A literal word. A hyphen inside a word matches a hyphen, a space or
    nothing, so ``non-addictive`` also finds "non addictive" and
    "nonaddictive". An apostrophe is optional and may be curly: ``can't``
    finds "can't", "can’t" and "cant".
``word*``
    Any word starting with ``word`` (``pregnan*`` finds "pregnant",
    "pregnancy").
``a|b|c``
    One of these words.
``{name}``
    Any entry of the vocabulary list ``name``. Lists in ``VERBS`` match every
    inflection ("treat" also finds treats/treated/treating); lists in
    ``NOUNS`` match singular and plural ("receptor", "receptors"); lists in
    ``WORDS`` match exactly as written. Multi-word entries are allowed.
``[word]`` / ``[a|b]`` / ``[{name}]``
    An optional word.
``<3>`` / ``<1-3>``
    Up to 3 (or between 1 and 3) arbitrary words. Gaps never cross a full
    stop, a semicolon, or a negation word ("not", "no", "never", "n't"),
    so "FDA has *not* approved" does not match ``{agency} <0-3> approved``.
``a~b``
    Joins two parts with optional space or hyphen: ``{amount}~{dose_unit}``
    finds "2.5g", "2.5 g" and "2.5-gram".
``(a b|c d)`` / ``[a b|c d]``
    A (optional) choice between multi-word alternatives, each itself a
    template: ``(will not|won't) overdose``.
``re:...``
    Escape hatch: the rest is a raw Python regular expression. As a whole
    pattern it should be written as a dict with ``"keys"`` (see below),
    otherwise it is searched the slow way over the whole text.

Words are separated by spaces or punctuation other than . ! ? ; and line
breaks. So a template never spans two sentences.

Two special tokens come from the engine: ``{amount}`` (a number, number word,
fraction or range: "2", "2.5", "one", "1-3", "1–3", "1 to 3",
"one to four", "between one and four", "half a", "a quarter") and
``{percent}`` ("90%", "ninety percent").

Negation and qualification (ConText-style)
==========================================

Each category has a ``negation`` mode:

``"any"``
    A risky *assertion*. It is dropped when a negation or doubt cue
    (``NEGATION_CUES`` or ``EVIDENCE_CUES``) occurs up to
    ``NEGATION_WINDOW_WORDS`` words before the match in the same clause,
    or a ``POST_NEGATION_CUES`` phrase follows it in the same clause.
    Examples: "kratom is *not* non-addictive", "*no evidence* it cures
    anxiety", "the claim that it is clinically proven *is untrue*".
``"evidence"``
    Only evidence-denial cues (``EVIDENCE_CUES``, ``POST_NEGATION_CUES``)
    suppress. "*No evidence* kratom helps opioid withdrawal" is not flagged,
    but the caution "do *not* stop your medication" is, because a reviewer
    must check that it is complete.
``"never"``
    Always flagged, even when negated. A negated interaction ("does not
    interact with SSRIs"), a warning to pregnant women, or "you can't
    overdose" are exactly what a reviewer must see.

Clauses end at ; : — and at "but", "however", "although", "though", "yet",
"whereas". ``PSEUDO_NEGATIONS`` ("no longer", "not only", "don't worry") are
not treated as negation.

Three more rules apply to assertions (round 3):

* ``HEDGE_CUES`` act like ``NEGATION_CUES`` (``"any"`` mode only):
  research framing with a weak verb ("studies *suggest*", "early research
  *hints*", "ask your doctor *whether*") reports rather than asserts.
  Strong verbs ("studies show/prove") are efficacy claims, and "is said to"
  / "is thought to" pass a claim on, so neither is a hedge.
* ``SENTENCE_QUALIFIERS`` are searched in the *rest of the sentence*, even
  across "but"/";": "Fans say it cures insomnia, but the evidence is thin."
  They suppress ``"any"`` and ``"evidence"`` categories like
  ``EVIDENCE_CUES``.
* A yes/no question (first word in ``QUESTION_WORDS``, ends with "?")
  does not assert: "Is kava safe?" is not an absolute-safety claim. Topic
  categories still fire ("Can I take it with my SSRI?" is an interaction).

Cautionary categories (``"never"``) ignore all three. The sentence splitter
keeps a short verbless question fragment with its answer ("Side effects?
None." is one sentence), so the pair can be matched as one claim.

A ``"patterns"`` entry is either a template string or a dict::

    {"template": "...",
     "requires_context": ["substance"],   # optional, see below
     "agent_exclusions": "lifestyle_agent",  # optional, see below
     "negation": "any",                   # optional, overrides the category
     "keys": ["under"]}                   # only for re: templates

``"keys"`` lists the (lower-case) words a raw-regex match can start with
("#" = any number). The engine indexes every template by its possible first
word and only tries it where such a word occurs; for normal templates it
works the keys out itself.

``"negatable_patterns"`` is a second list whose matches are suppressed by
any negation even when the category is ``"never"`` (dose talk without
numbers: "there is no recommended dose").

Categories (and dict patterns) may also have:

``"vetoes"``
    Templates that cancel a match they overlap ("opioid receptors" is not an
    interaction; "15 g of carbohydrate" is not a dose).
``"requires_context"``
    Vocabulary lists of which at least one entry must occur somewhere in
    the sentence ("children" alone is ordinary health text; "children" with
    "syrup", "safe" or "kratom" is a vulnerable-group claim). The entry may
    lie inside the match ("turn to *kratom* for pain") but may not be the
    whole match. ``interaction_context`` turns "X and Y" from a list
    ("ibuprofen and naproxen are NSAIDs") into a combination ("kava and
    alcohol are a dangerous duo").
``"agent_exclusions"``
    If the clause before the match names one of these (exercise, sleep,
    stretching...) and no substance, the match is dropped: lifestyle advice
    is not a product disease claim.

How to extend (round 3 vocabularies): most generalisation lives in word
lists, so an editor rarely needs a new template. ``benign_reference``
("about as dangerous as *a cup of coffee*"), ``side_effect_adj`` ("won't
leave you *groggy*"), ``benefit_adj`` ("as *strong* as morphine"),
``success_word`` ("8 in 10 users *report* ..."), ``interaction_context``,
``condition`` (incl. colloquial and misspelt forms: "fibro", "arthiritis"),
``named_drug``, ``co_substance``, ``mech_target``, ``agency``,
``vulnerable``, ``harm`` and the dose units (``dose_unit_noun``,
``DOSE_UNITS``, ``SPOON_UNITS`` for "a gram or two", "a pinch", "a scoop")
are all plain lists. Add the word, run ``python bench/claims_eval.py`` and
the tests.

Labelling policy behind the rules (the evaluation set follows it):

* ``dosage`` = an amount of a substance (number, number word or fraction with
  a dose unit or a count of capsules/drops), a dosing frequency ("twice
  daily", "every 4 hours"), or titration advice ("start low", "increase the
  dose"). Lab values (mg/dL), body weight (kg), distance (km), durations and
  food nutrient contents are not doses.
* ``withdrawal_stopping_medication`` needs explicit withdrawal, detox, taper,
  wean or stop/quit/come off + a drug; "replace your meds" alone is
  ``drug_substitution``.
* ``emergency`` fires on any mention of an emergency symptom, including
  "you can't overdose" (which is also ``absolute_safety``).
"""

# --------------------------------------------------------------------------
# Shared vocabulary
# --------------------------------------------------------------------------

#: Lists whose entries are verbs: the engine adds -s/-ed/-ing forms (and the
#: irregular forms in ``IRREGULAR_VERBS``). Multi-word verbs inflect the first
#: word ("help with" -> "helps with", "helped with", "helping with").
VERBS = {
    "treat_verb": [
        "treat", "self-treat", "cure", "heal", "relieve", "ease", "alleviate",
        "soothe", "remedy", "prevent", "fight", "combat", "reverse", "manage",
        "beat", "banish", "eliminate", "knock out", "get rid of", "tackle",
        "lift", "calm", "mitigate", "reduce", "lessen", "clear up", "stop",
        "conquer", "overcome", "help with", "work wonders for", "slow",
        "shrink", "kill", "quiet", "silence", "tame", "settle", "subdue",
        "dull", "numb", "melt away", "wipe out", "put an end to", "resolve",
        "erase", "take away", "chase away", "ward off", "stave off",
        "do away with", "keep away", "shake off", "heal up",
        "take the edge off", "take the sting out of", "sort out", "sort",
        "fix", "cut short", "help", "improve", "support", "target", "address",
        "counter", "counteract", "protect against", "guard against",
        "defend against", "shield against", "battle", "crush", "zap", "nix",
        "squash",
        "control", "lower",
        "bring down", "repair", "break up",
        "destroy", "starve", "quell", "curb", "keep under control",
        "keep in check", "get a handle on",
        "knock on the head",
    ],
    "show_verb": [
        "show", "prove", "confirm", "demonstrate", "establish", "reveal",
        "verify",
        "validate", "back up",
    ],
    "improve_verb": [
        "improve", "reduce", "boost", "enhance", "increase", "lower", "speed",
        "speed up", "accelerate", "cut", "relieve", "ease", "raise", "lift",
        "shorten", "strengthen", "transform", "sharpen", "slash",
    ],
    "mech_verb": [
        "stimulate", "boost", "increase", "raise", "lower", "activate", "bind",
        "block", "inhibit", "modulate", "regulate", "trigger", "release",
        "enhance", "balance", "influence", "act on", "act at", "interact with",
        "work on", "target", "suppress", "elevate", "upregulate",
        "downregulate", "switch off", "turn off", "switch on", "turn on",
        "support", "strengthen", "restore", "reset", "flood", "mimic", "soothe",
        "affect", "dampen", "calm", "quiet", "rewire", "detoxify", "flush",
        "flush out", "cleanse", "purify", "spike", "latch onto", "latch on to",
        "attach to", "dock", "plug into", "hook into", "fit into", "shift",
        "alter", "tweak", "optimise", "optimize", "normalise", "normalize",
        "reprogram", "mop up", "neutralise", "neutralize", "scavenge",
        "destroy", "tone down", "ramp up", "amplify",
        "hijack", "nudge", "tone", "supercharge", "rebalance", "recalibrate",
        "reboot", "prime", "awaken", "unlock", "fuel", "nourish", "feed",
        "repair", "regenerate", "protect", "shield", "relax",
        "dilate", "open up", "widen", "lock onto", "lock on to", "cross",
        "convert into", "turn into", "signal",
        "wake up", "dial down", "dial up", "crank up",
        "kick-start", "jump-start", "reduce", "decrease", "curb", "quell",
        "promote", "excite", "energise", "energize", "oxygenate",
        "sensitise", "sensitize", "resensitise", "resensitize",
        "sweep", "scrub", "clear out", "bring down",
        "push", "tone up", "top up", "replenish", "deplete",
        "starve", "work directly on", "act directly on", "heal", "switch",
        "silence", "cool", "cool down", "quieten", "quiet down", "rev up",
        "speed up", "slow down", "kickstart", "jumpstart", "reawaken",
        "re-balance", "bind to", "attach", "tell", "instruct",
        "hit",
        "improve",
        "tame", "clear",
    ],
    "combine_verb": [
        "combine", "mix", "stack", "pair", "interact", "co-use", "clash",
        "interfere",
        "wash down", "chase", "co-administer", "double up",
    ],
    "take_verb": [
        "take", "use", "dose", "swallow", "drink", "consume", "add", "try",
        "give",
    ],
    "stop_verb": [
        "stop", "quit", "discontinue", "come off", "get off", "go off",
        "kick", "cut back on", "cut down on", "give up", "ditch",
        "wean off", "withdraw from", "cease", "abandon", "halt", "suspend",
        "come off of", "get off of", "stay off", "keep off",
        "cut down", "cut back", "step down from", "come down off",
        "come down from", "taper off", "wean yourself off", "get clean from",
        "get clean off", "kick the habit of", "break free from",
        "break free of", "get free of", "walk away from",
    ],
    "replace_verb": [
        "replace", "swap", "ditch", "trade", "substitute", "switch from",
        "stand in for", "supplant", "swap in for", "trade in",
        "skip", "drop", "swap out", "phase out", "exchange",
    ],
    "titrate_verb": [
        "increase", "raise", "adjust", "double", "work up",
        "build up", "step up", "bump up", "reduce", "lower", "decrease",
        "cut", "halve", "titrate",
        "step down", "taper", "bump down", "scale back", "scale up",
        "ramp up", "ease up",
    ],
    "approve_verb": [
        "approve", "clear", "certify", "authorise", "authorize", "endorse",
        "register", "license", "recognise", "recognize", "sanction",
        "sign off on", "okay", "rubber-stamp", "greenlight", "green-light",
        "bless", "vet", "accredit", "permit", "allow", "validate",
    ],
}

#: Irregular verb forms (added to the regular ones).
IRREGULAR_VERBS = {
    "get": ["got", "gotten", "getting"],
    "bind": ["bound"],
    "fight": ["fought"],
    "take": ["took", "taken"],
    "give": ["gave", "given"],
    "go": ["went", "gone"],
    "come": ["came"],
    "quit": ["quitting"],
    "cut": ["cutting"],
    "beat": ["beaten"],
    "stand": ["stood"],
    "drink": ["drank", "drunk"],
    "show": ["shown"],
    "prove": ["proven"],
    "break": ["broke", "broken"],
    "up": ["ups", "upped", "upping"],
    "withdraw": ["withdrew", "withdrawn"],
    "build": ["built"],
    "kill": [],
    "shrink": ["shrank", "shrunk"],
    "spike": [],
    "rid": [],
}

#: Lists whose entries are nouns: the engine adds the plural of the last word.
NOUNS = {
    # Named diseases, disorders and their characteristic symptoms
    # (disease claims under 21 CFR 101.93(g)).
    "condition": [
        "pain", "chronic pain", "back pain", "nerve pain", "joint pain",
        "arthritis", "osteoarthritis", "rheumatoid arthritis", "fibromyalgia",
        "insomnia", "sleep disorder", "depression", "anxiety", "anxiety disorder",
        "panic attack", "panic disorder", "inflammation", "cancer", "tumour",
        "tumor", "cancer cell", "diabetes", "blood sugar", "high blood pressure",
        "hypertension", "PTSD", "ADHD", "migraine", "headache", "ulcer",
        "sciatica", "restless legs", "restless leg syndrome", "neuropathy",
        "infection", "wound", "epilepsy", "seizure", "asthma", "psoriasis",
        "eczema", "cold", "flu", "influenza", "covid", "IBS",
        "irritable bowel syndrome", "crohn's disease", "colitis", "gout",
        "alzheimer's", "dementia", "parkinson's", "heart disease",
        "opioid use disorder", "addiction", "alcoholism", "muscle soreness",
        "soreness", "stiffness", "cramp", "muscle spasm", "tendonitis",
        "bursitis", "disease", "disorder", "syndrome", "illness",
        "chronic fatigue", "OCD", "bipolar disorder", "schizophrenia",
        "lupus", "multiple sclerosis", "endometriosis", "menstrual pain",
        "period pain", "cholesterol", "type 1 diabetes", "type 2 diabetes",
        "diarrhoea", "diarrhea", "constipation", "chemotherapy", "chemo",
        "acne", "hair loss", "erectile dysfunction", "obesity", "allergy",
        "sinusitis", "bronchitis", "kidney stone", "PMS", "menopause symptom",
        "hot flash", "hot flush", "tinnitus", "vertigo", "gastritis",
        "acid reflux", "heartburn", "indigestion", "cough", "fever",
        "flare-up", "autoimmune disease", "thyroid disease",
        "osteoporosis", "anemia", "anaemia", "glaucoma", "cataract",
        "long covid", "herpes", "shingles", "hepatitis", "HIV",
        "arthritic joint", "arthritic knee", "arthritic hand",
        "arthritic hip", "inflamed joint", "inflamed skin", "inflamed gut",
        "swollen joint", "aching joint", "achy joint", "sore joint",
        "sore muscle", "aching muscle", "aching back", "achy back",
        "bad back", "stiff joint", "joint ache", "muscle ache", "muscle pain",
        "tummy ache", "stomach ache", "stomachache", "toothache",
        "earache", "sore throat", "bloating", "digestive problem",
        "digestive issue", "stomach problem", "gut problem", "skin condition",
        "skin problem", "sleep problem", "sleep issue", "trouble sleeping",
        "sleeplessness", "poor sleep",
        "mood disorder", "mental illness", "nerve damage",
        "memory loss", "cognitive decline", "fibro", "flare", "flare up",
        "attack", "crohn's", "IBD", "irritable bowel", "GERD", "GORD",
        "reflux", "UTI", "urinary tract infection", "yeast infection",
        "candida", "thrush", "cold sore", "wart", "fungal infection",
        "athlete's foot", "tuberculosis", "pneumonia", "measles",
        "strep throat", "viral infection", "virus", "PCOS", "hypothyroidism",
        "hyperthyroidism", "thyroid problem", "fatty liver", "liver disease",
        "kidney disease", "gallstone", "blood clot", "heart failure",
        "atrial fibrillation", "arrhythmia", "angina", "varicose vein",
        "hemorrhoid", "haemorrhoid", "gingivitis", "tooth decay", "rosacea",
        "dermatitis", "hives", "hay fever", "congestion", "COPD", "emphysema",
        "sleep apnea", "sleep apnoea", "narcolepsy", "RLS", "GAD", "autism",
        "sunburn", "bruise", "sprain", "tendinitis", "carpal tunnel",
        "plantar fasciitis", "colic", "croup", "nerves",
        "social anxiety", "nerve problem", "joint problem", "back problem",
        "cluster headache", "tension headache",
        "arthiritis", "artritis", "insomina", "anxeity", "depresion",
        "fibromialgia", "diabetis", "migrane", "exzema", "excema", "psorisis",
        "inflamation", "cholestrol", "hypertention", "nueropathy", "diarhea",
        "alzheimers", "parkinsons",
        "MS", "cold symptom", "flu symptom", "pain nerve",
    ],
    # Nouns naming a treatment outcome: "relief from X", "X relief".
    "relief_noun": [
        "relief", "reduction", "treatment", "cure", "remedy", "healing",
        "prevention", "therapy", "control", "management", "reliever",
        "solution", "help",
        "answer", "fix", "antidote", "aid", "lifesaver", "life-saver",
        "godsend", "weapon", "saviour", "savior", "go-to",
        "support",
    ],
    # Harms whose absence is promised ("no side effects", "without grogginess").
    "harm": [
        "side effect", "side-effect", "adverse effect", "negative effect",
        "bad effect", "risk", "danger", "downside", "drawback",
        "drowsiness", "grogginess", "hangover", "crash", "comedown",
        "addiction", "dependence", "dependency", "withdrawal",
        "withdrawal symptom", "toxicity", "overdose", "harmful effect",
        "health risk", "safety concern", "safety issue",
        "side affect", "side efect", "side-affect", "threat", "bad reaction",
        "adverse event", "adverse reaction", "allergic reaction", "hazard",
        "harm", "baggage", "brain fog", "fog", "jitter", "death", "fatality",
        "tolerance", "tolerance build-up", "abuse potential",
        "addictive potential", "harmful chemical", "harmful substance",
        "harmful ingredient", "toxic chemical", "addictive compound",
        "addictive substance", "nasty surprise", "health hazard",
        "long-term effect", "lasting damage", "liver damage", "damage",
        "rebound", "dependence risk", "addiction risk", "complication",
        "after-effect", "aftereffect", "ill effect", "ill-effect", "nasty",
        "nasties", "concern", "worry",
        "shakes", "the shakes", "jitters", "bad experience", "bad trip",
        "side affects", "side-affects", "addiciton", "dependancy",
        "dependance", "withdrawl", "withdrawls",
    ],
    # Medicines and drug classes a product may be compared with or combined
    # with.
    # Specific medicines and drug classes.
    "named_drug": [
        "opioid", "opiate", "painkiller", "pain killer", "pain pill",
        "pain medication", "pain medicine", "pain reliever", "sleeping pill",
        "sleeping tablet", "sleeping aid", "sleep aid", "sleep medication",
        "antidepressant", "benzodiazepine", "benzo", "morphine", "oxycodone",
        "oxycontin", "hydrocodone", "vicodin", "tramadol", "codeine",
        "fentanyl", "methadone", "buprenorphine", "suboxone", "heroin",
        "ibuprofen", "aspirin", "acetaminophen", "paracetamol", "tylenol",
        "advil", "NSAID", "xanax", "alprazolam", "valium", "diazepam",
        "klonopin", "ambien", "zolpidem", "gabapentin", "pregabalin",
        "lyrica", "SSRI", "SNRI", "MAOI", "MAO inhibitor",
        "monoamine oxidase inhibitor", "anxiolytic", "sedative",
        "tranquilizer", "tranquilliser", "muscle relaxant", "prozac",
        "zoloft", "lexapro", "sertraline", "fluoxetine", "antihistamine",
        "blood thinner", "anticoagulant", "warfarin", "statin", "insulin",
        "metformin", "antipsychotic", "stimulant", "adderall", "beta blocker",
        "steroid", "narcotic", "analgesic", "anti-anxiety pill",
        "anti-anxiety medication", "anti-anxiety med", "anti-anxiety drug",
        "sleeping medication", "opioid medication", "opioid painkiller",
        "seizure medicine", "seizure medication", "blood pressure medicine",
        "blood pressure medication", "anticonvulsant", "antiepileptic",
        "depressant", "barbiturate",
        "ozempic", "semaglutide", "wegovy", "citalopram", "escitalopram",
        "paroxetine", "paxil", "venlafaxine", "effexor", "duloxetine",
        "cymbalta", "bupropion", "wellbutrin", "trazodone", "mirtazapine",
        "amitriptyline", "lorazepam", "ativan", "clonazepam", "temazepam",
        "zopiclone", "eszopiclone", "lunesta", "quetiapine", "seroquel",
        "lamotrigine", "levothyroxine", "synthroid", "lisinopril",
        "amlodipine", "atorvastatin", "lipitor", "simvastatin", "omeprazole",
        "PPI", "antacid", "naproxen", "aleve", "celecoxib", "diclofenac",
        "prednisone", "prednisolone", "cortisone", "hydroxyzine", "benadryl",
        "diphenhydramine", "modafinil", "ritalin", "methylphenidate",
        "vyvanse", "naltrexone", "percocet", "dilaudid", "hydromorphone",
        "oxy", "norco", "kpin", "xan", "antibiotic", "antiviral", "laxative",
        "decongestant", "blood pressure pill", "blood pressure tablet",
        "thyroid medication", "thyroid medicine", "thyroid pill",
        "birth control", "birth control pill", "contraceptive",
        "contraceptive pill", "oral contraceptive",
        "anti-inflammatory drug", "anti-inflammatory", "NSAIDs", "pain med",
        "anxiety med", "anxiety medication", "anxiety pill", "sleep med",
        "sleeping med", "mood stabiliser", "mood stabilizer",
        "antiepileptic drug", "epilepsy drug", "epilepsy medication",
        "seizure drug", "chemotherapy drug", "immunosuppressant", "z-drug",
        "motrin", "excedrin", "nurofen", "panadol", "co-codamol",
        "dihydrocodeine",
        "ibuprofin", "ibuprophen", "paracetemol", "acetominophen",
        "benzodiazapine", "oxycodon", "antidepressent", "anti-depressant",
    ],
    # Generic words for medicines.
    "generic_drug": [
        "prescription", "prescription drug", "prescription medication",
        "prescription medicine", "medication", "medicine", "med",
        "pharmaceutical", "drug", "pill", "tablet",
        "script", "Rx", "over-the-counter drug", "over-the-counter medicine",
        "OTC medicine", "OTC drug", "pharmaceutical drug", "painkilling drug",
        "prescribed medication", "prescribed medicine", "pharma drug",
        "pharmacy drug", "synthetic drug", "synthetic pill", "chemical drug",
        "pill bottle", "medicine cabinet", "pharmacy shelf",
        "perscription", "presciption", "prescripton", "medecine", "medicin",
        "medicaton",
    ],
    # Other substances that matter for interactions.
    "co_substance": [
        "alcohol", "beer", "wine", "liquor", "spirit", "booze", "CBD",
        "cannabis", "marijuana", "weed", "THC", "caffeine", "coffee",
        "energy drink", "kava", "kratom", "phenibut", "tianeptine",
        "grapefruit", "grapefruit juice", "st. john's wort", "melatonin",
        "valerian", "supplement", "other substance", "nicotine", "cocaine",
        "methamphetamine", "ketamine", "GHB", "7-OH",
        "cocktail", "vodka", "whisky", "whiskey", "gin", "rum",
        "sake", "alcoholic drink", "red bull", "espresso", "delta-8",
        "delta 8", "delta-9", "edible", "pot", "psilocybin", "magic mushroom",
        "LSD", "MDMA", "molly", "ecstasy", "ashwagandha", "ginkgo", "ginseng",
        "turmeric", "curcumin", "5-HTP", "SAMe", "tryptophan", "L-theanine",
        "vitamin K", "tobacco", "vape", "herb", "herbal remedy",
        "herbal supplement", "sedating herb", "poppy tea", "kratom tea",
        "kava tea", "hemp",
        "gabapentin", "berberine", "red yeast rice", "valerian root",
        "passionflower", "chamomile", "hops", "lemon balm", "licorice",
        "liquorice", "garlic", "fish oil", "vitamin E", "magnesium", "iron",
        "calcium", "zinc", "pint", "shot of vodka", "glass of wine", "drinks",
        "alchohol", "alcohal", "marihuana", "kratum",
    ],
    # Physiological targets of mechanism claims.
    "mech_target": [
        "prolactin", "dopamine", "serotonin", "endorphin", "receptor",
        "opioid receptor", "mu-opioid receptor", "testosterone", "cortisol",
        "GABA", "neurotransmitter", "hormone", "growth hormone", "melatonin",
        "oxytocin", "adrenaline", "noradrenaline", "norepinephrine",
        "nitric oxide", "immune system", "immunity", "nervous system",
        "central nervous system", "endocannabinoid system", "brain chemistry",
        "enzyme", "gene", "inflammatory gene", "inflammatory marker",
        "inflammatory pathway", "cytokine", "white blood cell",
        "pain signal", "NMDA", "metabolism", "toxin", "cell",
        "mitochondria", "blood flow", "circulation", "brain wave",
        "neuron", "synapse", "pathway", "estrogen", "oestrogen",
        "insulin sensitivity", "stem cell", "collagen", "free radical",
        "painkilling chemical", "feel-good chemical", "happy hormone",
        "brain chemical", "chemical messenger", "immune response",
        "immune cell", "immune function", "nerve cell", "thyroid hormone",
        "stress hormone", "adenosine", "glutamate", "histamine",
        "acetylcholine", "BDNF", "vagus nerve", "gut microbiome",
        "microbiome", "HPA axis", "cannabinoid receptor", "kappa receptor",
        "reward circuitry", "reward system", "reward pathway",
        "reward centre", "reward center", "amygdala", "hippocampus",
        "prefrontal cortex", "adrenal gland", "adrenals", "adrenal fatigue",
        "thyroid", "thyroid gland", "pituitary", "hypothalamus",
        "blood vessel", "artery", "arteries", "nerve growth factor", "NGF",
        "neurogenesis", "brain tissue", "mTOR", "NF-kB",
        "NF-κB", "Nrf2", "COX-2", "COX enzyme", "inflammatory enzyme",
        "inflammation pathway", "oxidative stress", "mitochondrial function",
        "mitochondrial energy", "ATP", "energy production", "cellular energy",
        "insulin", "leptin", "ghrelin", "fat burning", "thermogenesis",
        "ketone", "gut bacteria", "gut flora", "gut lining",
        "circadian rhythm",
        "sleep-wake cycle", "alpha wave", "delta wave",
        "fight-or-flight response", "stress response", "relaxation response",
        "T cell", "NK cell", "natural killer cell", "antibody", "antibodies",
        "lymphatic system", "detox pathway", "detox organ", "bloodstream",
        "blood-brain barrier", "nerve ending", "pain receptor", "mu receptor",
        "mu-opioid", "delta receptor", "sigma receptor",
        "adrenergic receptor", "alpha-2 receptor", "5-HT", "5-HT2A",
        "serotonin receptor", "GABA receptor", "GABA-A", "CB1", "CB2",
        "TRPV1", "opioid system", "endorphin system", "endogenous opioid",
        "brain's chemistry", "neuroplasticity", "myelin", "telomere", "DNA",
        "gene expression", "cell membrane", "oxidative damage", "heavy metal",
        "lactic acid", "uric acid", "prostaglandin", "IgE", "elastin",
        "hair follicle", "HGH", "hormonal balance", "hormone level",
        "neurochemistry", "brain chemicals", "cortisol level",
        "serotonin level", "dopamine level", "GABA activity",
        "pain pathway",
        "pain perception", "nerve signal", "spinal cord", "liver cell",
        "liver enzyme", "detox enzyme", "mitochondrion", "cellular level",
        "immune defence", "immune defense", "immune defences", "killer cell",
        "reward chemical", "happy chemical", "feel-good neurotransmitter",
        "endocrine system", "metabolic rate",
        "fat cell", "glucose uptake", "blood sugar level",
        "neural pathway", "brain circuit", "brain circuitry",
        "neurotransmission",
        "anandamide", "bliss molecule", "endocannabinoid", "opioid receptors",
        "natural painkillers", "brain's natural painkillers",
        "body's natural painkillers", "own painkillers", "brain",
        "gene level",
        "pain nerve", "overactive nerve", "stress hormone cortisol",
    ],
    # Regulators and certifying bodies.
    "agency": [
        "FDA", "the FDA", "food and drug administration", "USDA", "FTC",
        "DEA", "health canada", "EMA", "MHRA", "TGA", "NHS", "CDC", "WHO",
        "government", "federal government", "regulator", "federal regulator",
        "health authority", "health regulator", "the agency",
        "american kratom association",
        "world health organization", "GMP", "NSF", "USP",
        "ministry of health", "health ministry", "health department",
        "department of health", "state regulator", "regulators",
        "authorities", "european food safety authority", "EFSA",
        "food safety authority", "food authority", "NICE", "FSA",
        "food standards agency", "health officials", "government officials",
        "state officials", "medicines agency", "drug regulator",
        "medicines regulator", "federal regulators", "FDA's", "DEA's",
    ],
    "professional": [
        "doctor", "physician", "pharmacist", "clinician", "dietitian",
        "nutritionist", "nurse", "expert", "naturopath", "MD", "scientist",
        "psychiatrist", "pain specialist", "specialist", "dr.",
        "GP", "pharmacologist", "herbalist", "doc", "medic", "physio",
        "chemist", "pharmacists", "toxicologist",
        "medical team", "in-house medical team", "medical advisor",
        "medical board", "clinical team", "scientific team",
    ],
    "evidence_noun": [
        "study", "research", "science", "evidence", "trial", "clinical trial",
        "data", "experiment", "research study", "meta-analysis",
    ],
    "intensifier": [
        "significant", "dramatic", "drastic", "remarkable", "incredible",
        "amazing", "huge", "massive", "profound", "unbelievable", "unbeatable",
        "extraordinary", "astonishing", "tremendous", "staggering",
        "phenomenal", "spectacular", "life-changing", "unmatched",
        "unparalleled", "substantial", "immense", "powerful", "instant",
        "immediate", "miraculous", "stunning",
        "striking", "impressive", "outstanding", "exceptional",
        "unprecedented", "insane", "crazy", "mind-blowing", "unreal",
        "astounding", "marked", "radical", "fantastic", "superb", "enormous",
        "night-and-day", "jaw-dropping", "eye-opening", "record", "major",
        "breathtaking", "mind-boggling", "explosive",
    ],
    "improvement": [
        "improvement", "reduction", "relief", "result", "boost", "benefit",
        "difference", "effect", "change", "decrease", "increase", "gain",
        "recovery", "impact", "transformation", "drop", "effectiveness",
        "outcome", "success",
        "progress", "surge", "leap", "jump", "turnaround", "upgrade",
        "uplift",
    ],
    "people": [
        "user", "customer", "patient", "people", "participant", "respondent",
        "client", "consumer", "reader", "buyer", "athlete", "person",
        "subject", "adult", "woman", "man", "men", "women", "shopper",
        "fan", "member", "veteran", "tester", "volunteer",
        "sufferer", "trialist", "mum", "mom", "reviewer", "student", "worker",
        "professional", "runner", "lifter", "gamer", "parent",
    ],
    "dose_unit_noun": [
        "gram", "gramme", "milligram", "microgram", "millilitre", "milliliter",
        "teaspoon", "tablespoon", "capsule", "cap", "pill", "tablet", "drop",
        "dropper", "dropperful", "scoop", "gummy", "gummies", "softgel",
        "lozenge", "sachet", "dose", "serving", "spoonful", "shot", "vial",
        "puff", "patch", "packet", "tab",
        "spray", "pump", "squirt", "chew", "soft gel", "vcap", "veggie cap",
        "pastille", "capful", "teaspoonful", "tablespoonful",
        "pinch", "dash", "sprinkle", "milligramme", "fluid ounce", "ounce",
        "dram", "international unit", "caplet", 
    ],
    "nutrient": [
        "protein", "carbohydrate", "carb", "fat", "fibre", "fiber", "sugar",
        "salt", "sodium", "saturated fat", "calorie",
    ],
    # A product or substance: "context" for vulnerable groups and the C2
    # agent exclusion.
    "substance": [
        "kratom", "mitragynine", "7-hydroxymitragynine", "7-OH", "kava",
        "CBD", "cannabis", "marijuana", "ashwagandha", "valerian",
        "melatonin", "st. john's wort", "turmeric", "curcumin", "saffron",
        "magnesium", "ginseng", "phenibut", "tianeptine", "supplement",
        "herb", "botanical", "extract", "tincture", "capsule", "gummy",
        "gummies", "powder", "tea", "leaf", "leaves", "tonic", "blend",
        "formula", "product", "strain", "remedy", "syrup", "drop", "oil",
        "brew", "shot", "tablet", "pill", "dose", "drug", "medicine",
        "medication", "alcohol", "nicotine", "vape", "ginger", "caffeine",
        "delta-8", "delta 8", "THC", "edible", "sleep aid", "herbal",
        "lion's mane", "reishi", "elderberry", "berberine", "moringa",
        "ginkgo", "5-HTP", "chaga", "cordyceps", "rhodiola", "maca",
        "apple cider vinegar", "colloidal silver", "willow bark", "hibiscus",
        "chamomile", "passionflower", "lemon balm", "hemp", "mushroom",
        "adaptogen", "spray", "balm", "cream", "salve", "lotion", "infusion",
        "decoction", "root", "bark", "seed", "kratom shot", "drink",
        "beverage", "smoothie", "juice", "vitamin", "mineral", "probiotic",
        "greens powder", "lozenge", "patch", "cartridge", "caplet", "softgel",
        "opioid", "opiate", "oxy", "benzo", "painkiller", "cocaine", "heroin",
        "methadone", "stuff", "chew",
    ],
}

NOUNS["drug"] = NOUNS["named_drug"] + NOUNS["generic_drug"]

#: Lists matched exactly as written (no inflection).
WORDS = {
    "absence": [
        "no", "zero", "without", "without any", "free of", "free from",
        "never any", "none of the", "minus the", "with no", "devoid of",
        "not a single", "not any", "without causing", "without causing any",
        "without producing", "without leading to", "without the usual",
        "never been any", "never been a", "never been a single",
        "never had any", "never had a", "never had a single", "never had one",
        "never experienced any", "never experienced a",
        "never experienced a single", "never noticed any", "never got any",
        "not one", "nil", "zero chance of", "no chance of", "zero risk of",
        "without a single", "never a", "never a single", "never caused any",
        "never once had a", "never once had any",
    ],
    "harm_adj": [
        "any", "the", "those", "their", "its", "known", "real", "serious",
        "major", "nasty", "unpleasant", "unwanted", "harmful", "bad",
        "morning", "next-day", "daytime", "lingering", "dangerous",
        "negative", "long-term", "significant", "whatsoever", "of the",
        "risk of", "chance of", "danger of", "possibility of",
        "reported", "recorded", "documented", "confirmed", "single",
        "reported case of", "case of", "cases of", "recorded case of",
        "known case of", "hint of", "trace of", "sign of", "signs of",
        "added", "hidden",
    ],
    "safety_adverb": [
        "completely", "totally", "perfectly", "100%", "entirely",
        "absolutely", "utterly", "fully", "truly", "one hundred percent",
        "100 percent", "100 per cent",
        "extremely", "incredibly", "super", "very", "inherently",
        "naturally", "generally", "guaranteed", "proven",
        "so", "really", "pretty", "quite", "remarkably", "exceptionally",
        "wonderfully", "totally and completely", "always",
        "naturally and completely", "medically", "clinically",
        "scientifically",
    ],
    "copula": [
        "is", "are", "was", "were", "been", "remains", "remain", "stays",
        "it's", "that's", "they're", "kratom's", "it is", "they are",
        "is just", "is simply", "are just", "are simply", "it is just",
        "is basically", "are basically", "is totally", "seems", "seem",
    ],
    "vulnerable": [
        "pregnant", "pregnancy", "pregnancies", "pregnant women",
        "expectant mother", "expectant mothers", "expecting mothers",
        "mom-to-be", "moms-to-be", "mum-to-be", "mums-to-be",
        "mother-to-be", "mothers-to-be", "trying to conceive", "conceive",
        "conception", "breastfeed", "breastfeeding", "breast-fed",
        "breastfed", "breast milk", "nursing mother", "nursing mothers",
        "nursing moms", "nursing mums", "nursing women", "nursing infant",
        "nursing infants", "lactating", "lactation", "child", "children",
        "childhood", "kid", "kids", "teen", "teens", "teenager",
        "teenagers", "teenage", "adolescent", "adolescents", "adolescence",
        "minors", "toddler", "toddlers", "infant", "infants",
        "baby", "babies", "newborn", "newborns", "neonatal", "neonate",
        "neonates", "elderly", "seniors", "senior citizens",
        "older adults", "older people", "older patients", "the aged",
        "young people", "youth", "youths", "under 18", "under 21",
        "under-18s", "under the age of", "in the womb", "unborn",
        "school-age", "schoolchildren", "little ones", "youngsters",
        "young children", "trimester", "first trimester", "expectant",
        "prenatal", "antenatal", "postpartum", "postnatal", "i'm expecting",
        "you're expecting", "she's expecting", "are expecting",
        "while expecting", "if expecting", "retirees", "pensioners",
        "over-60s", "over-65s", "over-70s", "grandparents",
        "nursing home residents",
        "new mums", "new moms", "new mothers", "new mum", "new mom",
        "new mother", "breast-feeding", "breast feeding", "chestfeeding",
        "grandma", "grandmas", "grandpa", "grandpas", "granny", "grannies",
        "grandad", "grandads", "granddad", "granddads", "grandmother",
        "grandmothers", "grandfather", "grandfathers", "nana", "frail",
        "aged care", "older relatives", "older relative", "older folks",
        "elderly relatives", "elderly parents", "ageing parents",
        "aging parents", "senior citizen", "pensioner", "retiree",
        "high schoolers", "high-schoolers", "high school students",
        "high school kids", "schoolkids", "school kids", "school children",
        "tweens", "preteens", "pre-teens", "juveniles", "underage",
        "under-age", "fetus", "foetus", "fetal", "foetal",
        "in utero", "before birth", "youngster", "teenaged",
    ],
    # Words that make a vulnerable-group mention a *product/safety* statement.
    "vulnerable_context": [
        "use", "used", "uses", "using", "take", "takes", "taking", "took",
        "give", "giving", "given", "safe", "safely", "unsafe", "safer",
        "avoid", "avoided", "fine", "okay", "ok", "suitable", "recommended",
        "gentle", "sensitive", "exposure", "exposed", "sell", "sold",
        "selling", "buy", "buying", "bought", "dose", "doses", "dosing",
        "risk", "risks", "harm", "harmful", "effects", "popular", "love",
        "made for", "designed for", "formulated for", "swallow", "swallows",
        "swallowed", "withdrawal", "consume", "consuming", "try",
        "rely", "relies", "relying", "experimenting", "experiment", "vaping",
        "vape", "cope", "drink", "drinks", "drinking", "unwind", "swear",
        "swears", "nightly", "hold of", "react", "reaction", "reactions",
        "metabolise", "metabolize", "refuse", "refused", "pass", "passes",
        "reach", "away from", "out of reach", "problems", "cause", "linked",
        "start", "amount", "amounts", "smaller", "half",
    ],
    "clause_break": [
        "but", "however", "although", "though", "yet", "whereas", "except",
        "whilst",
    ],
    "lifestyle_agent": [
        "exercise", "exercising", "physical activity", "walking", "walks",
        "walk", "run", "runs", "running", "jog", "jogging", "swim", "swimming",
        "cycling", "workout", "workouts", "training", "gym", "lifting",
        "strength training", "sauna",
        "stretching", "stretch", "stretches", "sleep", "sleeping", "rest",
        "resting", "diet", "eating", "weight loss", "losing weight",
        "hydration", "ice", "heat", "massage", "yoga", "meditation",
        "physiotherapy", "physical therapy", "quitting smoking",
        "a healthy lifestyle", "movement", "breathing exercises",
        "therapy", "counselling", "counseling", "cbt",
        "therapies", "talking therapy", "talking therapies", "psychotherapy",
        "vaccine", "vaccines", "vaccination", "surgery", "surgeon",
        "surgeons", "doctor", "doctors", "GP", "physiotherapist", "therapist",
        "therapists", "treatment plan", "rehabilitation", "rehab", "physio",
        "acupuncture", "cold water", "fresh air", "sunlight",
        "clinic", "clinics", "hospital", "hospitals", "specialist",
        "specialists", "nurse", "nurses", "pharmacist", "pharmacists",
        "pain clinic", "NHS", "the clinic", "care team",
    ],
}

#: Words used by the engine's ``{amount}`` token.
NUMBER_WORDS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "a hundred", "one hundred", "a couple of", "a few",
]
#: Fractions usable before a unit: "half a teaspoon", "a quarter teaspoon".
FRACTION_PHRASES = [
    "half a", "half an", "a half", "half of a", "a quarter", "a quarter of a",
    "quarter of a", "a third", "a third of a", "three quarters of a",
    "three-quarters of a", "one and a half", "two and a half",
    "one-half", "one half", "one quarter", "one-quarter", "one third",
]
#: Article amounts, only used before spoon-like units ("a level teaspoon").
ARTICLE_AMOUNTS = [
    "a", "an", "a single", "a level", "a heaping", "a heaped", "a rounded",
    "a full", "a flat", "one level", "one heaping", "one rounded",
    "a small", "a tiny", "a generous", "a big", "a large", "a good",
    "a scant", "a half", "another", "one more",
]
FRACTION_CHARS = "½¼¾⅓⅔⅛"
#: Words that join the two ends of a range: "1-3", "1–3", "1 to 3", "1 or 2".
RANGE_JOINERS = ["-", "–", "—", "to", "or", "and", "through", "until"]
#: Dose units written directly after an amount ("2.5g", "500 mg", "15 drops").
#: Abbreviations are matched as whole words and never before "/" (so "mg/dL",
#: a lab value, is not a dose).
DOSE_UNITS = [
    "g", "gr", "gm", "gms", "mg", "mcg", "µg", "ug", "ml", "mL", "cc",
    "tsp", "tsps", "tbsp", "tbsps", "caps", "oz", "IU", "μg", "mgs", "mls",
    "fl oz",
] + NOUNS["dose_unit_noun"]
#: Units that only count as a dose after "a"/"an"/"a level" etc. (a bare
#: "a capsule" is too common in product descriptions to flag).
SPOON_UNITS = ["teaspoon", "tablespoon", "tsp", "tbsp", "scoop", "dropperful",
               "dropper", "spoonful", "teaspoonful", "tablespoonful", "gram",
               "gramme", "milligram", "pinch", "dash", "sprinkle", "squirt",
               "spray", "pump", "capful", "sachet"]

# --------------------------------------------------------------------------
# Negation / qualification cues
# --------------------------------------------------------------------------

#: How many words before a match the engine looks for a negation cue.
NEGATION_WINDOW_WORDS = 10
#: ... and after a match, for a POST_NEGATION_CUES phrase.
POST_WINDOW_WORDS = 12

#: Plain negation. Suppresses "any"-mode categories only.
NEGATION_CUES = [
    "not", "no", "never", "neither", "nor", "none", "nobody", "no one",
    "nothing", "cannot", "can not", "re:\\b\\w+n['’]t\\b", "hardly",
    "far from", "avoid calling", "stop calling",
    "lack", "lacks", "lacking", "without evidence", "without proof",
    "without any evidence",
]
#: Doubt about the evidence. Suppresses "any"- and "evidence"-mode categories.
EVIDENCE_CUES = [
    "no evidence", "no good evidence", "no reliable evidence",
    "no scientific evidence", "no clinical evidence", "no proof",
    "no scientific basis", "no basis", "little evidence",
    "limited evidence", "insufficient evidence", "scant evidence",
    "weak evidence", "lack of evidence", "lacks evidence",
    "re:\\bno (?:\\w+ ){0,2}(?:study|studies|research|trials?|data|evidence|proof|scientist|researchers?|one|regulator|agency)\\b",
    "re:\\bnot? (?:\\w+ ){0,2}(?:been )?(?:proven|shown|established|demonstrated|confirmed|supported|backed)\\b",
    "unproven", "unproved", "unsupported", "unsubstantiated", "unfounded",
    "baseless", "debunked", "myth", "it is false", "it's false",
    "it is untrue", "it's untrue", "it is not true", "it's not true",
    "not true that", "false that", "untrue that", "wrong to", "misleading",
    "mislead", "falsely", "false claims", "false claim", "contrary to",
    "despite claims", "despite online claims", "despite marketing",
    "misconception", "misinformation", "dubious", "questionable",
    "nobody has proven", "no one has proven", "has yet to be",
    "have yet to be", "remains to be", "not yet been", "not been",
    "does not support", "doesn't support", "do not support",
    "don't support", "beware", "be wary", "wary of", "sceptical of",
    "skeptical of", "suspicious of", "too good to be true",
    "re:\\b(?:irresponsible|wrong|misleading|inaccurate|incorrect|dangerous|a\\s+mistake|unwise|false|deceptive|illegal|unlawful)\\s+to\\s+(?:call|describe|say|claim|assume|label|market|present|suggest|think|promise|advertise|believe)\\b",
    "re:\\b(?:don['’]?t|do\\s+not|never)\\s+(?:believe|trust|fall\\s+for|buy\\s+into)\\b",
    "re:\\b(?:marketing|ads?|adverts?|advertising|advertisements?|labels?|sellers?|vendors?|brands?|websites?|influencers?|companies|firms?|promoters?|manufacturers?)\\s+(?:that|which|who)\\s+(?:says?|claims?|promises?|calls?|describes?|suggests?|tells?\\s+you)\\b",
    "doubt", "doubts", "doubted", "doubtful", "unlikely", "question whether",
    "re:\\b(?:warned|fined|sued|criticised|criticized|accused|cited|prosecuted|reprimanded|punished|penalised|penalized|banned|censured)\\s+(?:\\w+\\s+){0,2}?(?:for|of|over)\\s+(?:falsely\\s+)?(?:claiming|saying|suggesting|advertising|marketing|implying|promising|stating)\\b",
    "re:\\bbe\\s+(?:careful|cautious|wary|sceptical|skeptical)\\s+(?:with|of|about)\\s+(?:claims|marketing|labels|ads|adverts|sellers|products\\s+that|anyone\\s+who|brands)\\b",
]
#: Phrases *after* a match that refute it ("... is a myth", "... is untrue").
POST_NEGATION_CUES = [
    "re:\\b(?:is|are|was|were|would be|remains?|seems?)\\s+(?:simply\\s+|completely\\s+|entirely\\s+|totally\\s+|just\\s+|largely\\s+|still\\s+|very\\s+|extremely\\s+)?(?:false|untrue|wrong|misleading|a myth|myths|unproven|unfounded|baseless|not true|not supported|unsupported|not proven|not backed|exaggerated|overstated|inaccurate|incorrect|dubious|questionable|not accurate|not correct|debunked|deceptive|dishonest|illegal|unlawful|false advertising|a red flag|red flags|weak|thin|scant|limited|lacking|poor|inconclusive|preliminary|flimsy|shaky|too good to be true)\\b",
    "re:\\bshould\\s+be\\s+(?:treated|viewed|read|taken)\\s+with\\s+(?:suspicion|caution|scepticism|skepticism|a\\s+pinch\\s+of\\s+salt)\\b",
    "re:\\b(?:has|have|had)\\s+(?:not|never)\\s+been\\s+(?:proven|shown|established|demonstrated|confirmed|substantiated|supported)\\b",
    "re:\\b(?:is|are)\\s+not\\s+(?:supported|backed|borne out)\\b",
    "re:\\b(?:lacks?|lacking)\\s+(?:evidence|support|proof)\\b",
    "re:\\b(?:is|are)\\s+(?:not|no)\\s+(?:a\\s+)?guarantee\\b",
    "re:\\b(?:does|do)\\s+not\\s+(?:mean|guarantee|make|prove|imply)\\b",
    "re:\\b(?:doesn|don)['’]?t\\s+(?:mean|guarantee|make|prove|imply)\\b",
    "re:\\b(?:would\\s+be|is|are)\\s+(?:an?\\s+)?(?:mistake|error|overstatement|exaggeration)\\b",
]
#: Research-framing hedges. Like NEGATION_CUES they suppress "any"-mode
#: (assertion) categories only: "Early studies *suggest* curcumin may ease
#: joint pain" reports research; "Curcumin eases joint pain" asserts. Strong
#: verbs ("studies show/prove") are efficacy claims and are not hedges, and
#: neither are "is thought to" / "is said to" (they pass a claim on).
HEDGE_CUES = [
    "re:\\b(?:stud(?:y|ies)|research|researchers|scientists|evidence|data|trials?|findings|results|experiments|early\\s+work|lab\\s+work|animal\\s+work)\\s+(?:\\w+\\s+){0,2}?(?:suggests?|suggested|hints?|hinted|indicates?|indicated|points?\\s+to|pointed\\s+to|raises?\\s+the\\s+possibility|raised\\s+the\\s+possibility|is\\s+exploring|are\\s+exploring|are\\s+investigating|is\\s+investigating)\\b",
    "re:\\b(?:it\\s+is|it['’]s)\\s+(?:possible|plausible|conceivable)\\s+that\\b",
    "re:\\b(?:researchers|scientists)\\s+(?:are\\s+)?(?:studying|investigating|testing)\\s+whether\\b",
    "re:\\b(?:ask|check|consult|find\\s+out|know|see|unsure|not\\s+sure|wonder(?:ing)?|asking)\\s+(?:\\w+\\s+){0,3}?(?:if|whether)\\b",
    "whether",
]
#: Evidence qualifications found *anywhere later in the sentence*, even
#: across "but"/";": "Some say reishi prevents colds, but the evidence is
#: weak." They suppress "any"- and "evidence"-mode categories (like
#: EVIDENCE_CUES); cautionary categories ("never") still fire.
SENTENCE_QUALIFIERS = [
    "re:\\b(?:the\\s+)?(?:evidence|data|research|science|proof|studies|trials?)\\s+(?:\\w+\\s+){0,3}?(?:is|are|remains?|was|were)\\s+(?:still\\s+|very\\s+|rather\\s+|quite\\s+|pretty\\s+|extremely\\s+|far\\s+too\\s+|too\\s+)?(?:thin|weak|limited|lacking|mixed|inconclusive|scant|sparse|preliminary|poor|unclear|flimsy|shaky|conflicting|anecdotal|missing|absent|small|low[\\s\\-]quality|not\\s+there|in\\s+short\\s+supply)\\b",
    "re:\\b(?:there\\s+is|there['’]s)\\s+(?:no|little|scant|limited|insufficient|not\\s+enough|not\\s+much)\\s+(?:good\\s+|solid\\s+|reliable\\s+|scientific\\s+|clinical\\s+|hard\\s+|human\\s+)?(?:evidence|proof|research|data)\\b",
    "re:\\b(?:this|that|these\\s+claims?|the\\s+claims?|such\\s+claims?)\\s+(?:has|have)\\s+(?:not|never|yet\\s+to)\\s+(?:been\\s+|be\\s+)?(?:proven|shown|tested|confirmed|established|studied|substantiated)\\b",
    "re:\\b(?:is|are)\\s+(?:just\\s+|pure\\s+|only\\s+|mere\\s+|mostly\\s+|all\\s+|simply\\s+)?(?:marketing|hype|spin|a\\s+sales\\s+pitch|wishful\\s+thinking|salesmanship|an\\s+advertising\\s+slogan)\\b",
]
#: First words of a yes/no question. A question ("Is kratom safe?") does
#: not assert, so assertion ("any"-mode) categories are not flagged in it;
#: topic categories still are ("Is it okay to drink on kratom?").
QUESTION_WORDS = [
    "is", "are", "was", "were", "can", "could", "does", "do", "did", "will",
    "would", "should", "has", "have", "may", "might", "isn't", "aren't",
    "doesn't", "don't", "won't", "wouldn't", "can't", "shouldn't",
]
#: Look like negation but are not ("no longer need", "don't worry").
PSEUDO_NEGATIONS = [
    "no longer", "not only", "no doubt", "no wonder", "no matter",
    "don't worry", "do not worry", "never worry", "not just", "no question",
    "without a doubt", "not to mention", "no prescription", "no need",
    "nothing but", "not least", "no surprise", "not surprisingly",
    "no-nonsense", "never again", "without a prescription",
    "no more than", "not more than", "no less than", "never go above",
    "never more than", "not exceed", "don't exceed", "never exceed",
]


#: Plural professionals ("doctors recommend" is an endorsement claim; "your
#: doctor may recommend" is ordinary advice and is not matched).
WORDS["professionals"] = [
    "doctors", "physicians", "pharmacists", "clinicians", "dietitians",
    "nutritionists", "nurses", "experts", "health experts", "scientists",
    "medical professionals", "healthcare professionals", "specialists",
    "psychiatrists", "naturopaths", "researchers", "dentists",
]
#: Outcome words after "90% of users ...": a success statistic, not a
#: prevalence figure ("30% of adults have insomnia").
WORDS["outcome_word"] = [
    "report", "reported", "reports", "say", "said", "says", "feel", "felt",
    "notice", "noticed", "see", "saw", "experience", "experienced",
    "improve", "improved", "recommend", "recommended", "prefer", "preferred",
    "agree", "agreed", "benefit", "benefited", "benefitted", "better",
    "relief", "less", "fewer", "reduced", "got", "get", "slept", "sleep",
    "recover", "recovered", "found", "find", "rate", "rated", "love",
    "loved", "swear", "achieve", "achieved",
    "reorder", "reorders", "reordered", "repurchase", "repurchased",
    "return", "returned", "stick", "stuck", "noticed", "results",
    "would", "will", "would buy again", "would recommend",
]
#: Outcome words that make "8 in 10 users ..." a success statistic.
#: Narrower than outcome_word: "one in four adults will experience ..." is
#: a prevalence figure.
WORDS["success_word"] = [
    "report", "reported", "reports", "say", "said", "says", "feel", "felt",
    "notice", "noticed", "improve", "improved", "recommend", "recommended",
    "prefer", "preferred", "agree", "agreed", "benefit", "benefited",
    "benefitted", "better", "relief", "slept", "recover", "recovered",
    "rate", "rated", "love", "loved", "swear", "achieve", "achieved",
    "reorder", "reorders", "reordered", "repurchase", "repurchased",
    "return", "returned", "stick", "stuck", "results", "saw results",
    "would recommend", "buy again", "came back",
]
#: Adjectives for "as strong as morphine" (a benefit comparison with a
#: medicine; "as addictive as opioids" is a warning and is not listed).
WORDS["benefit_adj"] = [
    "strong", "potent", "effective", "powerful", "good", "well",
    "fast", "calming", "relaxing", "sedating", "soothing", "numbing",
    "strong-acting", "fast-acting", "reliable", "useful", "helpful",
    "efficient", "quick", "sedative", "euphoric", "energising",
    "energizing",
]
#: Everyday things a product is compared with to play down its risk ("about
#: as dangerous as a cup of coffee", "no riskier than a daily vitamin").
WORDS["benign_reference"] = [
    "coffee", "a cup of coffee", "espresso", "tea", "a cup of tea",
    "green tea", "black tea", "herbal tea",
    "water", "a glass of water", "juice", "milk", "food",
    "any food", "vegetables", "a vegetable", "spinach", "broccoli",
    "a banana", "bananas", "fruit", "chocolate", "sugar", "a vitamin",
    "vitamins", "a daily vitamin", "a multivitamin", "multivitamins",
    "caffeine", "a coffee", "your coffee", "your morning coffee",
    "morning coffee", "a cup of joe", "salt", "honey", "ginger", "garlic",
    "a salad", "bread", "a walk", "peppermint", "mint tea",
    "wine", "a glass of wine", "a glass of red wine", "red wine", "beer",
    "a beer", "a pint", "alcohol", "a glass of milk", "a cookie",
    "a biscuit", "cheese",
]
#: Side effects a product is promised not to cause ("won't leave you
#: groggy").
WORDS["side_effect_adj"] = [
    "groggy", "foggy", "drowsy", "sleepy", "hungover", "hung over",
    "jittery", "wired", "dependent", "addicted", "hooked", "sick",
    "nauseous", "dizzy", "spaced out", "spacey", "like a zombie",
    "zombie-like", "sluggish", "dopey", "wiped out", "dazed", "fuzzy",
    "heavy-headed", "jittery or anxious", "anxious", "crashing",
]
#: Words that make "X and Y" (two substances) a combination rather than a
#: list ("kava and alcohol are a dangerous duo" vs "ibuprofen and naproxen
#: are NSAIDs").
WORDS["interaction_context"] = [
    "together", "combination", "combined", "combine", "combining", "mix",
    "mixing", "mixed", "at once", "same time", "simultaneously",
    "concurrently", "interact", "interacts", "interaction", "interactions",
    "dangerous", "risky", "deadly", "fatal", "lethal", "bad idea",
    "don't mix", "do not mix", "duo", "pair", "pairing", "combo",
    "cocktail", "stack", "stacking", "stacked", "plus", "on top of",
    "alongside", "a bad mix", "never", "avoid", "careful", "caution",
    "do not take", "don't take", "shouldn't be taken", "should not be taken",
    "overdose", "overdoses", "hospitalisations", "hospitalizations",
    "death", "deaths", "taken with", "used with", "boost", "amplify",
    "intensify", "potentiate", "increase the risk", "raises the risk",
]
# --------------------------------------------------------------------------
# Categories (order = CATEGORIES in articles.claims.engine)
# --------------------------------------------------------------------------

CATEGORIES = {
    "absolute_safety": {
        "label": "Absolute safety",
        "explanation": (
            "Presents the product as free of risk (non-addictive, no side "
            "effects, can't overdose, completely safe/natural). FDA warns of "
            "addiction, withdrawal, liver toxicity and seizures with kratom, "
            "and the FTC treats 'safe' and '100% natural' as deceptive "
            "trigger terms. Remove or qualify; the page carries the dependence "
            "notice."
        ),
        "negation": "any",
        "vetoes": [
            "nothing to worry about (if|unless|as long as|provided|when|while)",
        ],
        "patterns": [
            "non-addictive", "non-addicting", "non-habit-forming", "non-toxic",
            "(not|never|isn't|aren't|wasn't|zero) [at all] [physically|chemically] (addictive|addicting|habit-forming)",
            "{absence} [{harm_adj}] [{harm_adj}] {harm}",
            "{harm}~free",
            "side-effect-free", "worry-free", "harmless", "risk-free", "riskless",
            "{safety_adverb} [{safety_adverb}] safe",
            "(completely|totally|entirely|purely|fully|100%|100 percent|all) natural",
            "(safe and natural|natural and safe|natural so safe|natural therefore safe|safe because natural)",
            "(safe and gentle|gentle and safe|safe and effective|safe and non-addictive)",
            "{copula} [{safety_adverb}] safe",
            "({approve_verb}|consider|considers|considered|deem|deems|deemed|regard|regards|regarded|classify|classifies|classified) <0-3> as safe",
            "safe (for everyone|for anyone|for everybody|for all ages|for daily use|for long-term use|for everyday use|for regular use|for the whole family|for all users|at any dose|in any amount|to use every day|to use daily|to take daily|to take every day|long-term|indefinitely)",
            "(can't|cannot|can not|won't|will not|unable to|impossible to|no way to) [possibly] [ever] overdose",
            "no such thing as an overdose",
            "(never|won't|will not|can't|cannot|can not|impossible to|unable to|not|don't|do not|no way to) [ever] (get|become|be|feel|grow|end up) (hooked|addicted|dependent)",
            "(won't|will not|doesn't|does not|cannot|can't|never|don't|do not) [ever] (cause|lead to|produce|create|result in) {harm}",
            "(cannot|can't|won't|will not|couldn't|could not|can never|could never|never) [possibly] [ever] (hurt|harm|damage) (you|anyone|your body|your health|your liver|a soul)",
            "nothing to fear", "zero risk",
            {"template": "(safest|the safest)", "requires_context": ["substance", "drug"],
             "agent_exclusions": "lifestyle_agent"},
            "(safer than water|as safe as water|as safe as coffee|as safe as tea|as safe as food)",
            "(nobody|no one|no-one) has ever (been harmed|been hurt|died|overdosed|had a problem|had problems|become addicted|got addicted)",
            "never (harmed|hurt|killed) (anyone|anybody|a soul)",
            "{absence} [{harm_adj}] (becoming|getting|growing|being) (dependent|addicted|hooked)",
            "[{safety_adverb}] (benign|innocuous)",
            "(can|may|could) safely (take|use|consume|give|enjoy|drink|combine)",
            "(list|lists|listed|sees|seen|describes|described|markets|marketed|sells|sold|labels|labelled|labeled|promotes|promoted|regards|regarded|recognises|recognizes|recognised|recognized|classifies|classified|considers|considered|deems|deemed|treats|treated) <0-3> as (a|an|being) [completely|perfectly|totally|entirely|generally|100%] safe",
            "(as|about as|just as|no more|not any more|not much more|hardly more|barely more|little more|no) (dangerous|risky|harmful|toxic|addictive|addicting|habit-forming|bad for you|harsh|strong) (as|than) <0-4> {benign_reference}",
            "(no riskier|no more harmful|no more dangerous|no worse|safer|less risky|less dangerous|less harmful|less addictive|less toxic|gentler|milder|kinder|healthier|easier) <0-3> than <0-4> {benign_reference}",
            "(as|just as|every bit as|about as|equally) (safe|harmless|gentle|benign|innocuous) as",
            "(excellent|impeccable|spotless|perfect|clean|flawless|outstanding|stellar|unblemished|proven|great|superb|unmatched) safety (profile|record|track record)",
            {"template": "{harm} <0-4> (is|are) [just|simply|all|only|largely|completely|total|a] (a myth|myths|made up|non-existent|nonexistent|not real|overblown|exaggerated|overhyped|hype|fearmongering|scaremongering|fiction|nonsense)", "negation": "never"},
            "{harm} <0-2> (are|is) [basically|practically|virtually|almost|simply|just] (non-existent|nonexistent|nil|zero|unheard of|a thing of the past)",
            "{harm} <0-4> (don't|do not|doesn't|does not) <0-1> exist",
            "(never|not once|haven't|have not|hasn't|has not|didn't|did not|don't|do not|haven't ever) <0-1> (had|experienced|noticed|seen|gotten|got|suffered|felt) (a single|any|one|a|the slightest|even one) <0-1> (issue|issues|problem|problems|reaction|reactions|{harm})",
            "(won't|will not|never|doesn't|does not|don't|do not|can't|cannot|wouldn't|would not) <0-1> (leave|make|get|turn|render) (you|anyone|people|users|me|them|your body) <0-1> [feeling|feel] {side_effect_adj}",
            "(won't|will not|never|doesn't|does not|don't|do not) (give|leave) (you|anyone|users) <0-1> {harm}",
            "(nobody|no one|no-one) [ever] (gets|got|get|becomes|became|become|will get|ever gets|ever got|ever became|has got|has become|has ever got|has ever become) (addicted|hooked|dependent|sick|hurt|harmed)",
            {"template": "nothing to worry about", "negation": "any"},
            "{safety_adverb} (fine|okay|ok|alright|all right|harmless) to (use|take|consume|drink|give|enjoy|combine)",
            "(fine|okay|ok|safe) to (use|take|consume|drink) (long term|long-term|every day|daily|indefinitely|forever|for years|for life)",
            "(can't|cannot|can not|won't|will not|unable to|impossible to|no way to) [possibly] [ever] (OD|O.D.|OD'd)",
            "(no|zero|never any|never a) (need|reason) to worry",
            {"template": "re:(?<=\\?\\s)(?:there\\s+(?:\\w+\\s+){0,2}?(?:aren['’]?t|are\\s+not|are\\s+none|is\\s+none|isn['’]?t|were\\s+none|weren['’]?t)(?:\\s+any)?|(?:absolutely\\s+)?(?:none|zero|nil|nada|not\\s+one)(?:\\s+whatsoever)?|(?:not|never)\\s+with\\s+(?:this|our|these|kava|kratom|it|us)(?:\\s+\\w+)?)(?:\\s+at\\s+all)?(?=\\s*[.!]*(?:\\s|$))", "keys": ["there", "absolutely", "none", "zero", "nil", "nada", "not", "never"], "requires_context": ["harm"]},
            "(so|very|super|extremely|incredibly|remarkably) (mild|gentle) (that|you|even|anyone|it's|they're|for anyone|for everyone)",
            "(don't|do not|won't|will not|never|no need to|needn't|need not) [have to|need to|ever] worry about <0-3> ({harm}|getting {side_effect_adj}|becoming {side_effect_adj}|being {side_effect_adj}|feeling {side_effect_adj})",
            "(used|eaten|consumed|taken|drunk|enjoyed|given) safely (for|by|since|over|around|across)",
            "{harm} <0-2> (is|are|was|were) [simply|just|really|honestly|truly] (not|never|no) [a|an|really a|even a] (concern|issue|problem|worry|risk|factor|thing)",
            "{harm} <0-2> (isn't|aren't|wasn't|weren't) [a|an|really a|even a] (concern|issue|problem|worry|risk|factor|thing)",
            "(never|not once|rarely if ever) (report|reports|reported|notice|notices|noticed|complain of|complained of|mention|mentions|mentioned) (a single|any|one|a) <0-1> {harm}",
            "(impossible|no way|not possible) to (take|have|use|drink|eat|consume) too much",
            "(can't|cannot|can not|won't|couldn't|could not) (take|have|use|drink|eat|consume) too much",
            "(natural|organic|pure|clean|gentle|certified|tested|effective|legal) and safe",
            "safe and (organic|pure|clean|legal|effective|non-toxic|natural)",
            "without (wrecking|damaging|harming|hurting|ruining|messing with|messing up|frying|destroying|taxing|straining|affecting) (your|the|their) <0-1> (memory|liver|kidneys|body|brain|health|stomach|gut|sleep|mind|heart)",
            "(won't|will not|never|doesn't|does not|don't|do not) (gives|gave|leaves|left) (you|anyone|users) <0-1> {harm}",
            "(least|lowest-risk|lowest risk) (risky|dangerous|harmful|toxic|addictive|problematic)",
            "(perfectly|completely|totally|extremely|very|super|incredibly|easily) tolerable",
            "(won't|will not|doesn't|does not|never|can't|cannot|couldn't) (hurt|harm|damage|upset|irritate|wreck|ruin|strain|tax) (your|the) <0-1> (stomach|liver|kidneys|gut|body|heart|brain|health|system)",
            "(no one|nobody|no-one|not one person|not one customer|not a single customer|not a single person) (has|have) [ever] (had|experienced|reported|complained of) (a|any) <0-1> (bad|negative|adverse|poor|unpleasant|serious) (experience|reaction|effect|time|problem|issue)",
            "(easy|gentle|kind|soft) on (the|your) <0-1> (liver|kidneys|stomach|gut|body|system|heart|brain|tummy)",
            "(wake|wakes|woke|waking) up (fresh|clear-headed|clear headed|refreshed|without any grogginess|with no grogginess|feeling great|feeling fine|with a clear head)",
            "nothing <0-4> (that|which) (could|can|would|will|might) (harm|hurt|damage|injure) (you|your|anyone)",
            "(without|with no|with zero|never had|never a) (a single|any|one|a) (problem|problems|issue|issues|complaint|complaints|incident|incidents)",
            "(the worst|the worst thing|worst case|worst-case) <0-4> (is|would be|will be|you'll get is|you will get is) <0-2> (mild|slight|little|minor|bit of|touch of)",
            "(forget|forget about|say goodbye to|goodbye to|no more|bye-bye to|bye bye to|bye-bye|bye bye) <0-1> {harm}",
            "(certified|verified|tested|proven|declared|rated|guaranteed|confirmed) safe",
            "(non-addicitve|non-addictve|nonaddicitve|non-adictive|harmles|risk-fre)",
        ],
    },
    "disease_treatment": {
        "label": "Disease treatment or cure",
        "explanation": (
            "Says or implies the product treats, cures, relieves or prevents "
            "a disease or its characteristic symptoms (pain, insomnia, "
            "anxiety, depression...). Under 21 CFR 101.93(g) that is a drug "
            "claim, and FDA warning letters targeted exactly these kratom "
            "claims. Rephrase as research findings with citations."
        ),
        "negation": "any",
        "patterns": [
            "{treat_verb} <0-4> {condition}",
            "{relief_noun} (from|of|for|against|in|to) [the|your|their|my] [chronic|severe|persistent|nagging|creaky|stiff|aching|sore|painful] [symptoms of] {condition}",
            {"template": "{condition} {relief_noun}", "requires_context": ["substance", "drug"]},
            "{condition}~(relieving|killing|fighting|reducing|busting)",
            "(effective|useful|helpful|good|great|ideal|excellent|beneficial|works|worked|helps) (for|against|with) <0-2> {condition}",
            "(remedy|remedies|cure|cures|treatment|treatments|solution|solutions|therapy) (for|against|to) <0-3> {condition}",
            "(lower|lowers|lowered|lowering|reduce|reduces|reduced|reducing|cut|cuts|decrease|decreases) [your|the] (risk|risks|chance|odds) of <0-2> {condition}",
            "(anti-anxiety|antidepressant effect|antidepressant effects|anti-cancer|anticancer|anti-diabetic|antidiabetic)",
            "natural (antidepressant|painkiller|pain reliever|analgesic|sleep aid|anxiolytic|sedative|muscle relaxant)",
            "analgesic (properties|effects|effect|action|qualities|benefits)",
            "(keep|keeps|kept|keeping) <0-3> {condition} (at bay|away|under control|in check)",
            "(formulated|designed|made|developed|created|ideal|perfect|great|best) for (people|those|anyone|sufferers|patients|folks) (with|battling|fighting|suffering from|living with|struggling with|who have) <0-1> {condition}",
            "{condition} sufferers",
            {"template": "{condition} <0-3> (disappeared|vanished|gone|went away|cleared up|cleared|subsided|stopped|ended|melted away|is gone|are gone|have gone|has gone|normalised|normalized|improved|dropped|fell|came down|went down|eased|eased off|healed|settled|calmed down|got better|lifted|faded|stabilised|stabilized|are few and far between|is rare now|are rare now|much better|a thing of the past|history)",
             "requires_context": ["substance"]},
            "(lifesaver|life-saver|life saver|godsend|saviour|savior|game-changer|game changer|miracle|wonder|go-to|must-have|hero|best friend|blessing|revelation) (for|against|with|in the fight against|in my fight against|in the battle against) <0-3> {condition}",
            {"template": "sufferers (of|with) <0-2> {condition}", "requires_context": ["substance"]},
            {"template": "(turn to|turns to|turned to|turning to|rely on|relies on|relied on|relying on|reach for|reaches for|reached for|reaching for|swear by|swears by|swore by|count on|counts on|depend on|depends on|lean on|leans on) <0-3> (for|when|whenever|during|to|against|in) <0-4> {condition}", "requires_context": ["substance"]},
            {"template": "({take_verb}|used|taken|given|traditionally used|traditionally taken) <0-4> (for|against|to fight|to treat|to tackle|to ease|to calm|to beat|to prevent|to get through|during) <0-3> {condition}", "requires_context": ["substance"]},
            "than <0-3> {drug} (for|against|at treating|in treating|when it comes to|with) <0-2> {condition}",
            "(alternative|alternatives|substitute|replacement|answer) (to|for) <0-3> {drug} (for|against|in) <0-2> {condition}",
            "(natural|herbal|plant-based|botanical|drug-free|gentle|holistic|best|proven|effective) (answer|solution|fix|antidote|remedy|treatment|approach) (to|for|against) <0-3> {condition}",
            "(brilliant|amazing|fantastic|perfect|wonderful|superb|fab|incredible|terrific|a must) (for|against|with) <0-2> {condition}",
            {"template": "(at|from) the (first|earliest|very first) (sign|signs|hint|symptom|symptoms|twinge) of <0-2> {condition}", "requires_context": ["substance", "drug"]},
            {"template": "(when|if|whenever) (you|they|I) (have|get|suffer from|feel|are battling|are fighting) <0-2> {condition}", "requires_context": ["substance", "drug"]},
            {"template": "(makes|make|made|making) <0-2> {condition} (a thing of the past|history|disappear|go away|vanish|bearable|manageable)", "requires_context": ["substance"]},
            {"template": "(no more|goodbye to|say goodbye to|bye-bye to|farewell to|an end to|the end of|free from|free of|goodbye|bye bye|bye-bye) <0-2> {condition}", "requires_context": ["substance"]},
            "(get|gets|got|getting|keep|keeps|kept|keeping|bring|brings|brought|bringing) <0-3> {condition} (under control|in check|at bay|to calm down|to settle|to ease|to go away|to stop|to subside)",
            "(brings|bring|brought|bringing|gives|give|gave|giving|offers|offer|offered|offering|provides|provide|provided|providing|delivers|deliver|delivered) <0-3> (comfort|relief|respite|ease|hope|help|freedom) (to|for|from) <0-3> {condition}",
            "(recommended|suitable|meant|intended|made|ideal|perfect|great|best|designed|formulated) for (people|those|anyone|sufferers|patients|folks|adults|users) (with|battling|fighting|suffering from|living with|struggling with|who have|who suffer from) <0-1> {condition}",
            {"template": "(use|apply|rub|massage|put|spread|dab|smooth) <0-6> (on|onto|into|over) <0-2> {condition}", "requires_context": ["substance"]},
            {"template": "(people|patients|those|anyone|sufferers|folks) (with|living with|suffering from|battling) <0-2> {condition} <0-6> ({take_verb}|swear by|rely on|turn to|swapped|switched|love|find relief|found relief|benefit|benefited|are using|have switched)", "requires_context": ["substance"]},
            {"template": "(despite|in spite of|even with|regardless of) (my|your|their|his|her) <0-1> {condition}", "requires_context": ["substance"]},
            {"template": "(when|whenever|if) (my|your|their|his|her) <0-2> (flares|flares up|flare up|flared up|acts up|plays up|is playing up|is acting up|is killing me)", "requires_context": ["substance", "drug", "dose_unit"]},
            "(prized|known|famous|renowned|celebrated|valued|loved|praised|revered|popular|famed) for [its ability to|its power to] <0-2> {condition}",
            {"template": "(give|gives|gave|giving|got|get|gets) <0-4> (their|your|my|his|her|our) (life|lives) back", "requires_context": ["condition"]},
        ],
        "vetoes": [
            "treatment (for|of) <0-3> {condition} (may|can|might|usually|often|typically|include|includes|involve|involves|options|option|depends|varies)",
            "re:\\bpain[\\s\\-‐‑]*(?:pills?|medications?|medicines?|meds|killers?|relievers?|relief\\s+medications?|clinics?|specialists?|doctors?|signals?|receptors?|perception|threshold|tolerance|sensitivity)\\b",
            "re:\\bcold\\s+(?:water|shower|showers|plunge|brew|therapy|compress|pack|turkey|weather)\\b",
            "re:\\b(?:stop|stops|stopped|stopping)\\s+(?:taking|using|the|your|their|his|her|it)\\b",
            "re:\\bhelp(?:s|ed|ing)?\\s+(?:with\\s+)?(?:you\\s+)?(?:find|diagnose|identify|understand)\\b",
            "re:\\banti[\\s\\-‐‑]?anxiety\\s+(?:pills?|medications?|meds|drugs?|medicines?|tablets?)\\b",
            "{treat_verb} <0-6> (withdrawal|withdrawals|detox|detoxing|comedown|come-down)",
            "(seek|seeking|get|getting|ask for|asking for|find|finding|reach out for|call for|there is|there's|where to get|available) <0-2> (help|support|treatment|care)",
            "{condition} (medication|medications|medicine|medicines|meds|med|drug|drugs|pill|pills|tablet|tablets|prescription|prescriptions|clinic|clinics|specialist|specialists|nurse|nurses|research|researchers|study|studies|trial|trials|charity|charities|service|services|team|ward)",
            "re:\\bout\\s+cold\\b(?!\\s+(?:symptoms?|sores?|and\\s+flu|or\\s+flu|virus))",
            "(help|helps|helped|helping) (you|them|people|patients|your doctor|doctors) (find|diagnose|identify|understand|spot|recognise|recognize|decide|choose|work out|figure out|notice|track|record)",
            "{condition}~(killing|relieving) (chemicals|compounds|hormones|molecules|substances|signals|pathways)",
        ],
        "agent_exclusions": "lifestyle_agent",
    },
    "efficacy_overstatement": {
        "label": "Efficacy overstatement",
        "explanation": (
            "Overstates how well it works or how strong the evidence is "
            "('clinically proven', 'dramatic relief', '90% of users', "
            "'miracle'). The FTC requires competent and reliable scientific "
            "evidence, generally randomised controlled human trials; the only "
            "kratom trial had 26 participants. Cite the evidence or soften."
        ),
        "negation": "any",
        "patterns": [
            "{intensifier} <0-2> {improvement}",
            "(significantly|dramatically|drastically|remarkably|greatly|hugely|massively|substantially|profoundly|radically|vastly|markedly|powerfully|instantly) <0-2> {improve_verb}",
            "{improve_verb} <0-3> (significantly|dramatically|drastically|remarkably|greatly|hugely|massively|substantially)",
            "(significantly|dramatically|drastically|markedly|remarkably) (faster|better|quicker|stronger|deeper|longer)",
            "(clinically|scientifically|medically|lab|laboratory|research|science|doctor|clinical) (proven|proved)",
            "proven (to|in)",
            "proven (cure|remedy|treatment|results|formula|way|solution|method|benefits|track record)",
            "{evidence_noun} <0-3> {show_verb}",
            "(scientists|researchers|experts|doctors) [have|had] [clearly|conclusively|repeatedly|now] (show|shown|showed|prove|proven|proved|confirm|confirmed|demonstrate|demonstrated)",
            "(has|have|had) been [clinically|scientifically|repeatedly|consistently|conclusively] (shown|proven|proved|demonstrated|confirmed) (to|in|by)",
            "(backed|validated|proven) by <0-1> (science|research|studies|study|evidence|trials|data|doctors|experts)",
            "(science-backed|research-backed|evidence-backed|scientifically backed)",
            "results <0-2> guaranteed",
            "guaranteed <0-2> ({improvement}|to work|to help|success|relief|effect|effects)",
            "(money-back guarantee|money back)",
            "miracle*", "(wonder drug|wonder herb|works wonders|work wonders|magic bullet|game-changer|life-changing|cure-all|panacea)",
            "(changed|transformed|changes|transforms|change|transform) (my|your|their|his|her) (life|lives)",
            "{percent} of <0-2> {people} <0-4> {outcome_word}",
            "{amount} out of {amount} <0-2> {people}",
            "(works|work|worked) for (everyone|everybody|anyone|all)",
            "(every single time|100% effective|100 percent effective|always works|never fails|fail-safe|foolproof)",
            "(instant|instantly|immediate|immediately|overnight) (results|relief|effect|effects|calm|recovery)",
            "(relief|results|calm|effects|works|kicks in|feel|felt|relax|asleep) <0-4> (in|within) (minutes|seconds|moments)",
            "{improvement} <0-4> (is|are|was|were) [truly|simply|really] {intensifier}",
            "(most|more) (powerful|effective|potent|advanced) <0-4> (ever|available|on the market|in the world|known|money can buy)",
            "ever (discovered|created|made)",
            "(best|strongest|most effective) <0-2> natural",
            "(unrivalled|unrivaled|unmatched|unbeatable|unparalleled)",
            "(leaves|leave|left) no doubt", "beyond (any|all|a) doubt",
            "(undeniable|undeniably|indisputable|indisputably|unquestionably|irrefutable)",
            "(the best|the strongest|the most effective|the most powerful|the most potent|the fastest|the greatest|the top) <0-5> (ever|available|on the market|in the world|money can buy|out there|around)",
            "(world of difference|night and day difference|night-and-day difference|like a new person|a new man|a new woman|beyond belief|blown away|mind-blowing|jaw-dropping|nothing short of)",
            "(outperformed|outperforms|outperform|beats|beat|better than) (every|all|any) [other] (competitor|competitors|rival|rivals|brand|brands|product|products|supplement|supplements|formula|formulas|alternative|alternatives|option|options)",
            "(landmark|groundbreaking|breakthrough|ground-breaking) (study|trial|research|discovery|formula)",
            "(clinically|scientifically|medically) (shown|demonstrated|validated|verified|tested and proven)",
            "nothing [else] <0-4> (works|compares|comes close|beats|matches|rivals)",
            "(works|work|worked) better than anything",
            "(number one|number-one|No. 1|No 1|no.1) (choice|brand|product|supplement|formula|pick|solution|seller|remedy|rated|recommended|option|kratom|kava|cbd)",
            "(works|worked|work|working|performs|performed|acts|hits) (better|faster|harder|stronger) than (the|any|every|all|most|other|leading|anything|competing|rival|ordinary|regular|standard|cheaper)",
            "(results|relief|difference|effects|effect|benefits|change|changes|improvement|improvements) <0-2> (from|on|starting|after|by) (day one|day 1|the first day|the very first day|the first dose|the first night|the very first night|the very first|the first use|the first cup|the first sip|one use|one dose|a single dose|the first try)",
            "guaranteed",
            "(pure|sheer|absolute|total|real|like) magic",
            "magic (pill|potion|bullet|cure|formula|in a bottle|powder|herb|leaf|plant)",
            "magical (results|effects|effect|herb|plant|powder|cure|remedy|properties|benefits)",
            "(relief|results|works|work|worked|kicks in|kick in|feel|felt|effect|effects|difference|calm|calmer|asleep|relaxed|energy|energised|energized|focus) <0-4> (in|within|under|in under|less than|in less than|after) [just|only|about] [{amount}] (minutes|seconds|moments|mins|secs|minute)",
            "(works|work|worked|helps|helped|help|effective|relief|results|benefits|difference|improvement|improvements|kicks in|kick in) <0-4> (for|in) (almost|nearly|virtually|practically|pretty much) (everyone|everybody|all users|all of them|every user|every customer|all)",
            "(almost|nearly|virtually|practically) (everyone|everybody|every user|every customer|all users) (who|feels|notices|sees|reports|says|loves|swears)",
            "{amount} (in|out of) {amount} <0-2> {people} <0-3> {success_word}",
            "(outperform|outperforms|outperformed|outclass|outclasses|outclassed|outshine|outshines|trumps|tops|beats|crushes|blows away|surpasses|surpassed) (every|all|any|the) [other] (competition|competitors|competitor|rest|rivals|rival|alternatives|brands|products|formulas|supplements|adaptogen|adaptogens|option|options|herb|herbs|remedy|remedies|strain|strains|leaf|blend|blends|extract|extracts|sleep aid|sleep aids|natural sleep aid|brand|product|supplement|formula|kratom|kava|cbd|tea|teas)",
            "(leaves|leave|left) <0-1> (competitors|the competition|rivals|other brands|the rest) (in the dust|behind|for dead|standing)",
            "(revolutionary|game-changing|cutting-edge|next-generation|next-level|miracle|wonder|super) (formula|product|supplement|discovery|blend|extract|treatment|cure|herb|plant|leaf|ingredient|remedy|compound)",
            "(amazed|stunned|astonished|blown away|shocked|floored|surprised|gobsmacked) (at|by) how (well|quickly|fast|much|effective|powerful|strong|good)",
            "(strongest|most potent|most powerful|most effective|best|purest|finest) <0-4> (anywhere|on the planet|on earth|you will find|you'll find|you can find|you can buy|money can buy|known to man|in existence|of all time)",
            "{evidence_noun} <0-3> [finally|now|conclusively|clearly] (proven|proved|shown|confirmed|demonstrated|established|validated) (what|that|it|this|the)",
            "(labs|lab tests|tests|testing|experts|scientists|researchers|doctors|trials|studies|science|research|data|results) <0-3> {show_verb} <0-3> (works|work|worked|effective|effectiveness|efficacy|benefits|it helps|that it helps)",
            "(works|work|worked) (every time|each time|without fail|like a charm|first time|for everyone|wonders|a treat|miracles)",
            "(skyrocket|skyrockets|skyrocketed|soar|soars|soared|shoot up|shot up|double|doubles|doubled|triple|triples|tripled|quadruple|quadrupled) <0-3> (within|in|after|overnight|instantly|immediately|in days|in a week)",
            "(double|doubles|doubled|triple|triples|tripled|quadruple|quadruples|quadrupled) (your|the|their|my) (focus|energy|results|stamina|strength|performance|recovery|absorption|effect|effects|benefits|gains|sleep|speed)",
            "{percent} (better|faster|stronger|more effective|more potent|greater|higher|more absorption|more energy|improvement|increase|reduction|boost)",
            "(unbelievably|incredibly|insanely|ridiculously|crazy|amazingly|astonishingly|unbelievable|extremely|super|ultra|mind-blowingly) (strong|effective|potent|powerful|fast|good|well)",
            "(nothing|no other product|no other supplement|no other brand|no other herb|nothing else) <0-3> (compares|comes close|come close|matches|can match|beats|even comes close|touches|holds a candle)",
            "(feel|felt|feels|look|be) like (a|an) (completely|totally|entirely|brand) (new|different) (person|man|woman|human)",
            "(clinically|scientifically|medically) (validated|verified|backed|tested and proven|confirmed)",
            "{treat_verb} <0-4> {condition} <0-3> (overnight|instantly|immediately|in no time|in minutes|within minutes|in seconds|within seconds|within hours|in hours|in a flash|like magic|in a day or two|within a day|within days|in days|within the hour|in an hour|within an hour|in one day|in a single day|in 24 hours|within 24 hours)",
            "(can't|cannot|couldn't|could not) [all|possibly] be wrong",
            "(thousands|hundreds|millions|tens of thousands|hundreds of thousands) of (happy|satisfied|delighted|five-star|5-star|glowing|rave|loyal) (customers|users|reviews|clients|fans|buyers)",
            "(trusted|loved|used|chosen|relied on) by (over|more than|thousands|millions|hundreds|tens of thousands) <0-3> (customers|users|people|athletes|clients|fans|buyers|families)",
            "the only (supplement|product|remedy|thing|formula|herb|tea|powder|extract|solution) <0-2> (you'll ever need|you will ever need|you need|you'll need|that works|that really works)",
            "(results|relief|difference|effects|effect|benefits|change) <0-3> (in|within) (a single day|one day|a day|24 hours|a few hours|hours)",
            "(best|top|finest|greatest|number one|leading) (product|supplement|brand|formula|kratom|kava|cbd|tea|extract|option|choice|powder|capsule|capsules|gummies) (on the market|available|out there|in the world|anywhere|ever|money can buy|period|in the business|in the industry)",
            "[the] (science|verdict) is (settled|in)",
            "(we'll|we will|we'll happily|we will happily) refund",
            "(full refund|your money back|money-back)",
            "(rate|rated|rates|rating|give|gave|gives|giving) (it|us|this|them) <0-1> (ten|10|five|5) (out of|/) (ten|10|five|5)",
            "(outshines|outshine|outperforms|outperform|beats|trumps|tops|outclasses|surpasses|outdoes) (everything|anything|all) (else|other)",
            "(gone|disappears|disappeared|vanishes|vanished|fades|faded|eases|eased|stops|stopped|lifts|lifted) (in|within) [just|only|about] [{amount}] (minutes|seconds|moments|mins|secs|minute)",
            "(top|leading|many|most|all|the) (scientists|experts|doctors|researchers) (agree|all agree|concur|unanimously agree)",
            "(changed|transformed|changes|transforms) everything",
            "(every single|each and every|every last) (user|customer|person|participant|tester|buyer|client|reviewer) (noticed|reported|saw|felt|loved|experienced|improved|benefited|benefitted)",
            "(twice|two times|three times|four times|ten times|3x|2x|10x|three-times) as (fast|effective|strong|potent|powerful|good|well|quickly|absorbable)",
            "nothing [else] <0-4> (is|comes|works) (this|as|so|nearly as) (effective|good|powerful|strong|potent|fast|well)",
        ],
        "vetoes": [
            "re:\\b(?:a|the)\\s+significant\\s+(?:risk|hindrance|role|problem|concern|danger|number|amount|part|source|cause|minority|proportion)\\b",
            "re:\\bsignificant(?:ly)?\\s+(?:impact|affect|increase[sd]?\\s+(?:in\\s+)?(?:the\\s+)?(?:risk|danger|chance))\\b",
            "re:\\b(?:increase|raise|boost)(?:s|d)?\\s+(?:in\\s+)?(?:the\\s+)?(?:risk|danger|chance)\\b",
            "(nothing|no evidence|little evidence|no data|no proof) to (show|suggest|indicate|prove|support|confirm)",
            "(quality|purity|freshness|delivery|authenticity|consistency|potency|safety|strength) <0-2> guaranteed",
        ],
    },
    "drug_substitution": {
        "label": "Drug comparison or substitution",
        "explanation": (
            "Compares the product with medicines or presents it as a "
            "substitute ('without opioid addiction', 'safer than "
            "painkillers', 'natural alternative to opioids', 'replace your "
            "meds'). That makes it a drug claim and can lead readers to drop "
            "treatment. Remove; the page carries the interactions and "
            "dependence notices."
        ),
        "negation": "any",
        "patterns": [
            "without [the|any|their|all] {drug} {harm}",
            "without [the|any|their|all|causing the] {harm} <0-4> {drug}",
            "without (the need for|needing|relying on|resorting to|turning to|reaching for) <0-2> {drug}",
            "(safer|better|gentler|stronger|healthier|kinder|milder|superior|preferable|cheaper|cleaner|more effective|less addictive|less harmful|less dangerous|less risky|as effective|as strong|as good|as powerful|more natural|smarter|wiser) <0-2> (than|to|as) <0-3> {drug}",
            "(same|similar) (relief|effect|effects|benefits|results|pain relief) as <0-2> {drug}",
            "(delivers|offers|gives|provides|brings|deliver|offer|give|provide) the (benefits|effects|relief|power) of <0-2> {drug}",
            "(alternative|alternatives|substitute|substitutes|replacement|replacements|swap|stand-in) (to|for) <0-4> {drug}",
            "(natural|herbal|drug-free|safer|plant-based|holistic|botanical|gentler|non-pharmaceutical|non-prescription|organic|healthier) (alternative|alternatives|substitute|substitutes|replacement)",
            "{drug} <0-6> (substitute|alternative|replacement|stand-in)",
            "{replace_verb} <0-3> {drug}",
            "(switch|switched|switching|switches) <0-3> to (kratom|kava|cbd|herbs|herbal|this|it|our|the leaf|natural)",
            "(instead of|rather than) <0-3> {drug}",
            "(no longer|never again|won't|will not|don't|do not) need <0-3> {drug}",
            "(reduce|reduces|reduced|reducing|cut|cuts|lower|lowers|lessen|end|ending|ends) [your|their|our|his|her] (reliance|dependence|dependency) on <0-3> {drug}",
            "off <0-2> {drug} for good",
            "unlike [the|your|most|many|other|traditional|conventional|prescription|standard] [traditional|conventional|prescription|standard|usual|pharmacy|pharmaceutical|over-the-counter|otc|store-bought|synthetic] {drug}",
            "(works|work|worked|working|acts|act|acting|feels|feel|behaves|performs) <0-1> (just|much|exactly) like <0-2> {drug}",
            "(opioid-like|morphine-like|opiate-like) <0-2> (relief|effects|effect|benefits|pain relief)",
            "nature's (answer|alternative|version) (to|of)",
            "(natural|herbal|plant) version of <0-2> {drug}",
            "(compared with|compared to) <0-4> {drug} <0-6> (safer|better|gentler|milder|healthier|superior|kinder|less)",
            "(beat|beats|beating|outperform|outperforms|outperformed|trumps|trump|outshines) <0-3> {drug}",
            "does (everything|anything) <0-2> {drug}",
            "(ditch|skip|avoid|bypass) the (pharmacy|pharmacist|prescription|big pharma|pill bottle)",
            "(pharmaceutical-free|drug-free relief|drug-free pain relief)",
            "(prefer|prefers|preferred|preferring|choose|chooses|chose|choosing|pick|picks|picked|favour|favor|favours|favors) <0-3> (over|to|instead of) <0-3> {drug}",
            "(relax|relaxes|sleep|sleeps|calm|calms|hit|hits|numb|numbs|kick|kicks in|work|works|act|acts|feel|feels) <0-2> like (a|an|some|your) <0-1> {named_drug}",
            "why <0-4> {drug} <0-4> when",
            "(does|do|did|can do|could do) the (same|very same) job",
            "does the job of <0-2> {drug}",
            "(herbal|natural|plant-based|botanical|legal|nature's|green) {named_drug}",
            "(opioid-strength|prescription-strength|morphine-strength|opioid strength|prescription strength)",
            "(everything|all) <0-2> {drug} (does|do|can|did)",
            "(forget|forget about|say goodbye to|goodbye to|bin|dump|throw away|toss) [your|the|those|these|all|expensive|pricey] [prescription|sleeping|sleep|pharmacy] {drug}",
            "(trading|trade|trades|traded|swapping|swapped) <0-3> {drug} for",
            "(stop|stops|stopped|stopping) needing <0-3> {drug}",
            "(no longer|never again|barely|hardly|rarely) (take|takes|taking|use|uses|using|rely on|relying on|reach for|reaching for|fill|need|needs|needing|touch|touches|bother with) <0-3> {drug}",
            "(don't|do not|didn't|did not|won't|will not) (need|needs) <0-3> {drug} (anymore|any more|any longer|now)",
            "(path|way|road|route|ticket|exit|bridge|escape) (off|away from|out of) <0-3> {drug}",
            "(mimic|mimics|mimicked|mimicking|imitate|imitates|imitated|imitating|replicate|replicates|replicated|copies|reproduce|reproduces|rivals|rivalled|rivaled|matches|matched|equals|equalled|equaled) <0-3> {drug}",
            "(take|takes|taken|took|taking) the place of <0-3> {drug}",
            "(in place of|in lieu of|as a replacement for|as a substitute for|as an alternative to) <0-3> {drug}",
            "(answer|equivalent|counterpart|version|alternative|response) (to|of) <0-3> {named_drug}",
            "(drug-free|natural|herbal|plant-based|gentle|gentler|holistic|botanical) (answer|equivalent|counterpart|version|option|choice|swap|substitute|stand-in) (to|of|for) <0-3> {drug}",
            "(as|just as|every bit as|about as|equally) {benefit_adj} as <0-3> {drug}",
            "(skip|skipping|forget|forgetting|ditch|ditching|drop|dropping|bin|dump) (the|your|those|that|all|my|their|his|her) <0-2> {drug}",
            "{drug} <0-3> (replaced|swapped|substituted|traded) (with|for|by)",
            "like (a|an|some|your) <0-2> {named_drug} (would|does|do|did|can|could|without)",
            "off <0-3> {drug} (and onto|and on to|onto|and on|and switched to|and started)",
            "who needs <0-2> {drug}",
            "(before|instead of|rather than) [you] (reach|reaching|grab|grabbing|turn|turning|go|going|resort|resorting) (for|to) <0-2> {drug}",
            "(goodbye|bye-bye|bye bye|farewell|so long) [to] <0-1> {drug}",
            "(leave|leaving|left|put|putting) <0-2> {drug} behind",
            "(does|do|did|offers|offer|offered|gives|give|gave|delivers|deliver|provides|provide) what <0-2> {drug} (do|does|did|offer|offers|give|gives|deliver|delivers|provide|provides|can)",
            "(works|work|worked|acts|act|acted|functions) (as|like) (a|an|some|your) <0-1> {named_drug} (does|would|do|did|can)",
            "like [the|your|most|many|other|prescription|regular|ordinary|conventional] {drug} (do|does|did|can|would|will)",
            "(came|come|comes|coming|got|get|gets|getting|went|go|going) off <0-3> {drug} (thanks to|because of)",
            "why (poison|poisoning|risk|risking|bother with|harm|pump|fill|stuff|dose) <0-3> {drug}",
            "(relief|pain relief|effect|effects|benefits|power|calm|buzz|strength|comfort) of <0-1> {drug} (without|minus|but without|with none of|with no)",
            "{named_drug} (from nature|from the earth|from the garden|in plant form|in a leaf|in a plant|grown in the ground)",
        ],
        "vetoes": [
            "much like <0-1> {drug} (does|do|did|would)",
            "(body's|brain's|body’s|brain’s|own|endogenous|your body's|your brain's) natural {named_drug}",
            "re:\\bcompared\\s+(?:with|to)\\s+(?:a\\s+)?placebo\\b",
        ],
    },
    "dosage": {
        "label": "Dosage instructions",
        "explanation": (
            "Gives amounts, frequency or titration advice. No safe or "
            "effective kratom dose has been established, no dose separates "
            "stimulant from sedative effects, and product strength varies "
            "(7-OH can be more potent than morphine). Present amounts as "
            "reported research/use, not recommendations; the page carries the "
            "dosage notice."
        ),
        "negation": "never",
        "patterns": [
            "{amount}~{dose_unit}",
            "{amount} of (a|an) {dose_unit}",
            "{spoon_amount}~{spoon_unit}",
            {"template": "(once|twice|thrice|{amount}) [times] (daily|nightly|hourly)",
             "agent_exclusions": "lifestyle_agent"},
            {"template": "(once|twice|thrice|{amount} times) [a|per|each|every] (day|night|week|morning|evening)",
             "agent_exclusions": "lifestyle_agent"},
            "(every|each) {amount} (hours|hour|hrs|hr)",
            {"template": "every (few hours|couple of hours|other day|other night)", "requires_context": ["substance", "drug", "dose_unit"],
             "agent_exclusions": "lifestyle_agent"},
            "(take|takes|taking|took|dose|dosed|dosing|dosage|doses) <0-4> (daily|nightly|per day|a day|each day|every day|once a day|each night|every night|at bedtime)",
            "(a|one|the|your) daily (dose|dosage)",
            "(start|starting|started|starts|begin|beginning|began|begins) [off] [with|at|on] [a|your|the] [very] (low|lower|small|smaller|minimal|tiny|light|modest|conservative|low-dose) (dose|doses|dosage|dosages|amount|amounts|quantity|serving)",
            {"template": "re:\\b(?:start|starting|begin|beginning)\\s+low(?![\\-‐‑\\w])",
             "keys": ["start", "starting", "begin", "beginning"]},
            "(low and slow|start low and go slow)",
            "{titrate_verb} (the|your|their|my|his|her|this|that|each|every) [daily|nightly|usual|current|starting|next|first|evening|morning] (dose|doses|dosage|dosages|serving|servings)",
            "(work|works|working|worked|build|building|step|stepping|bump|bumping) up to <0-2> (dose|doses|dosage|dosages)",
            "(increase|increases|increased|increasing|raise|raises|raising|up|ups|upping|boost|reduce|reducing|cut|cutting|lower|lowering) [your|the|their|each] (serving|dose|dosage|intake) by",
            "(gradually|slowly|steadily) <0-1> (cut|cutting|reduce|reducing|lower|lowering|decrease|decreasing|taper|tapering|increase|increasing|raise|raising) <0-3> (dose|doses|dosage|dosages)",
            "(dose|doses|dosage) [can|should|may] [be] [gradually|slowly] (increased|raised|adjusted|reduced|lowered|tapered|titrated|doubled)",
            "(microdose|microdoses|microdosing|microdosed|redose|redosing|re-dose|booster dose)",
            "{amount}~(mg/kg|mcg/kg|µg/kg|μg/kg|g/kg|ml/kg|mg/lb|IU/kg|mg/kg/day)",
            "{amount}~{dose_unit} (per|a|each|for every|for each) (kg|kilogram|kilogramme|kilo|pound|lb)",
            "{amount}~x (daily|a day|per day|day|a week|weekly|per week|nightly)",
            "(wait|waiting|waited|leave|leaving|space|spacing|spaced|allow|allowing) <0-3> {amount} (hours|hrs|hour|hr|h) (between|apart)",
            "{amount} (hours|hrs|hour|hr|h) (apart|between doses|between servings|between each)",
            "(no sooner than|not sooner than|no earlier than|not before|at least|a minimum of) {amount} (hours|hrs|hour|hr|h) (later|after the last|apart|between|after your last)",
            {"template": "(every|each) (few|couple of|other|{amount}) (days|nights)", "agent_exclusions": "lifestyle_agent", "requires_context": ["substance", "drug"]},
            "(a|one|a single|two|three|a few) (drop|drops) of",
            "(one|two|three|a|an|{amount}) (cup|cups|mug|mugs|glass|glasses) (in the morning|each morning|every morning|at night|at bedtime|before bed|a day|daily|each day|per day|twice a day|a night|each night|every night)",
            "(drink|drinking|drinks|drank|sip|sipping|take|taking|takes) (the|your|this|our|a|one|my) (brew|tea|tonic|infusion|shot|decoction|tincture|extract|elixir|drink) (daily|nightly|every day|each day|twice a day|once a day|every night|each night|every morning|each morning)",
        ],
        # Dose talk without numbers: suppressed by any negation ("there is no
        # recommended dose") even though the category is otherwise "never".
        "negatable_patterns": [
            "(recommended|suggested|typical|optimal|ideal|usual|standard|starting|beginner|maximum|max|minimum|effective) (dose|doses|dosage|dosages|serving|servings)",
            "(dose|doses|dosage) for (sleep|pain|anxiety|energy|beginners|relaxation|recovery|sedation)",
        ],
        "vetoes": [
            "re:\\b\\d+(?:[.,]\\d+)?\\s*(?:g|grams?|mg)\\s+of\\s+(?:the\\s+)?(?:protein|carbohydrates?|carbs?|fat|fibre|fiber|sugars?|salt|sodium|saturated\\s+fat|caffeine)\\b",
            "re:\\b(?:a|with\\s+a)\\s+pinch\\s+of\\s+(?:salt|sugar|pepper|cinnamon|spice)\\b",
        ],
    },
    "interaction": {
        "label": "Interactions or combinations",
        "explanation": (
            "Mentions combining the product with other substances or "
            "medicines (including cautions and 'safe with' claims). Most "
            "deaths involving kratom involved other drugs. Check the "
            "statement is accurate and complete; the page carries the "
            "interactions notice."
        ),
        "negation": "never",
        "patterns": [
            "{combine_verb} <0-5> {drug}",
            "{combine_verb} <0-3> (with|and|plus|alongside|into) <0-2> {co_substance}",
            "{drug} <0-3> {combine_verb}",
            "(combination|combinations|combo|combos|cocktail|mixture|stacking|mixing|interaction|interactions) <0-4> ({drug}|{co_substance})",
            "(drug|medication|medicine|herb-drug|drug-drug|supplement|dangerous|harmful|possible|potential) interactions",
            "(interactions|interaction) with", "about interactions", "risk of interactions",
            "(alongside|together with|along with|on top of|in combination with|in addition to|combined with|mixed with|plus) <0-2> ({drug}|{co_substance})",
            "(while|when|if) [you are|you're|you|they are|they're] (on|taking|using|prescribed|use|take|are on) <0-3> {drug}",
            "(while|when|if) drinking",
            "{take_verb} <0-3> (with|and|alongside) [a|an|the|any|other|your|some|certain|prescription|prescribed] [other|prescription|prescribed|sleeping|strong|common] ({drug}|{co_substance})",
            "(fine|safe|ok|okay|compatible|good) with <0-2> {drug}",
            "({drug}|{co_substance}) <0-6> (at the same time|simultaneously|concurrently)",
            "(people|patients|anyone|those|users|someone|individuals) (on|taking|using) <0-2> {drug}",
            "(add|adds|added|adding) <0-4> to <0-3> {drug}",
            "(drink|drinking|alcohol|booze) <0-2> (while|when|after) <0-1> (dosing|taking|using)",
            "(dosing|taking|using) <0-3> (while|after|before) drinking",
            "(change|changes|affect|affects|alter|alters|increase|increases|decrease|decreases|boost|boosts|reduce|reduces|block|blocks) how <0-3> {drug} <0-1> (is|are) (absorbed|metabolised|metabolized|processed|cleared|broken down)",
            "(other|any other|additional|another) (medications|medicines|drugs|meds|substances|supplements|medication|medicine|drug|sedatives|depressants)",
            {"template": "({drug}|{co_substance}) (and|&) ({drug}|{co_substance})", "requires_context": ["interaction_context"]},
            "(also|already|currently|regularly) (use|uses|using|take|takes|taking|on|prescribed) <0-2> ({drug}|{co_substance})",
            "(compatible|incompatible) with",
            "{drug} <0-3> (is|are|isn't|aren't|is not|are not) (compatible|safe|fine|okay|ok) with",
            "(chase|chased|chasing|chases|wash down|washed down|washing down|washes down|follow|followed|following|follows|top up|topped up) <0-3> (with|by) <0-4> ({drug}|{co_substance})",
            "({drug}|{co_substance}) (plus|on top of|alongside|combined with|mixed with|together with) <0-3> ({drug}|{co_substance})",
            "({drug}|{co_substance}) with [a|an|some|your|my|his|her|their|other|any|a glass of|a cup of|a couple of|a few|a shot of|a can of|a bottle of|a pint of] [morning|evening|nightly|daily|usual|regular|first|last] ({drug}|{co_substance})",
            "({drug}|{co_substance}) (on|while on|whilst on) [a|an|some|your|my] ({drug}|{co_substance})",
            "(tell|inform|let|update|ask|check with|talk to|speak to) <0-3> (doctor|doctors|pharmacist|pharmacists|gp|prescriber|physician|clinician|dentist|surgeon|anaesthetist|anesthetist|care team|midwife|nurse) <0-4> (about|know about|of|that|what) <0-3> (any|all|every|other|the|your) <0-2> (herbs|herbal remedies|supplements|supplement|medicines|medications|drugs|remedies|products|substances|vitamins|over-the-counter|otc)",
            "(slow|slows|slowed|slowing|speed up|speeds up|sped up|blunt|blunts|blunted|blunting|weaken|weakens|weakened|weakening|reduce|reduces|reduced|cancel out|cancels out|counteract|counteracts|boost|boosts|boosted|amplify|amplifies|amplified|intensify|intensifies|intensified|increase|increases|increased|potentiate|potentiates|strengthen|strengthens|block|blocks|enhance|enhances|affect|affects|change|changes|alter|alters|raise|raises|lower|lowers|interfere with|interferes with|undermine|undermines|double|doubles) [the|its|their] <0-2> (effect|effects|action|potency|effectiveness|efficacy|strength|absorption|levels|blood levels|metabolism|breakdown|clearance|sedative effect|sedative effects) of <0-3> ({drug}|{co_substance})",
            "(make|makes|made|making|render|renders|rendered) <0-4> {drug} <0-1> (less effective|more potent|ineffective|less potent|more dangerous|more toxic|stronger|weaker|useless|less reliable|fail|work less well)",
            "{co_substance} <0-4> (after|before|while|when|within) <0-2> (taking|using|dosing|having|on|you take|you've taken|you have taken)",
            "(after|before|while|when) (taking|using|dosing|having taken|you take|you've taken) <0-3> ({drug}|{co_substance}) <0-3> (have|drink|take|use|smoke|add|pop) <0-2> ({drug}|{co_substance})",
            "(people|patients|anyone|those|users|someone|individuals|you) (who take|who are taking|who use|already on|currently on|on|taking|using|prescribed) <0-2> {drug} <0-4> (should|must|need to|ought to|shouldn't|should not|may|might|can't|cannot)",
            "(within|for) {amount} (hours|hrs|hour|h) (of|before|after) <0-3> {drug}",
            "(wash|washes|washed|washing) <0-3> down with <0-3> ({drug}|{co_substance})",
            "{combine_verb} <0-3> with (anything|something|other things|stuff|other substances|other drugs|other medicines|other medications|other herbs|other supplements)",
            "(make|makes|made|making) (the|its|their) <0-1> (effect|effects|sedative effect|sedation|high|buzz) of <0-3> ({drug}|{co_substance}) <0-2> (stronger|weaker|more intense|worse|last longer|more powerful|more dangerous)",
            "(same day|same time|same evening|same night|same morning|within hours) (as|of) <0-2> ({drug}|{co_substance})",
            "(add|adds|added|adding|stir|stirs|stirred|stirring) <0-4> (to|into) <0-3> {co_substance}",
            "(on|taking|using|prescribed) <0-2> {drug} <0-3> (should|must|need to|needs to|ought to|shouldn't|should not|must not|mustn't|may not|can't|cannot|avoid|avoids)",
        ],
        "vetoes": [
            "re:\\b(?:opioid|opiate|mu[\\s\\-‐‑]?opioid|pain|brain|nerve|cannabinoid|GABA|serotonin|dopamine|prolactin|kappa|delta)[\\s\\-‐‑]*receptors?\\b",
            "re:\\binteract(?:s|ed|ing|ion|ions)?\\s+(?:of\\s+(?:\\w+\\s+){0,3})?with\\s+(?:the\\s+)?(?:\\w+['’]?s?\\s+){0,3}(?:receptors?|body|brain|nervous|endocannabinoid|system|prolactin|hormones?(?!\\s+(?:pills?|tablets?|medications?|medicines?|replacement|drugs?|therapy))|cells?)\\b",
            "re:\\b(?:opioid|opiate|alcohol|substance|drug)\\s+(?:use\\s+disorder|addiction|withdrawal|dependence|overdose|crisis|epidemic)\\b",
            "re:\\btogether\\s+with\\s+(?:your|a|their)\\s+(?:doctor|clinician|pharmacist|gp|care\\s+team)\\b",
            "re:\\bcompared\\s+(?:with|to)\\b",
            "re:\\b(?:mixed|mix|mixes|mixing)\\s+(?:it\\s+)?(?:with\\s+|into\\s+)?(?:a\\s+glass\\s+of\\s+)?(?:water|juice|milk|tea|food|yogurt|yoghurt|a\\s+carrier\\s+oil|honey|results|feelings|reviews|evidence|smoothies?)\\b",
            "re:\\bblends?\\s+of\\b",
            "{replace_verb} <0-3> ({drug}|{co_substance}) with",
        ],
    },
    "mechanism": {
        "label": "Mechanism or physiology",
        "explanation": (
            "Asserts a physiological mechanism (receptors, hormones, "
            "neurotransmitters, 'anti-inflammatory', 'detoxifies'). Animal "
            "or in-vitro findings are not enough under FTC guidance, and the "
            "prolactin link comes from an adverse-effect case report. Cite "
            "human evidence or soften."
        ),
        "negation": "any",
        "patterns": [
            "{mech_verb} <0-4> {mech_target}",
            "(anti-inflammatory|antiinflammatory|anti-inflammation)",
            "(antioxidant|anti-oxidant) (properties|effects|effect|activity|power)",
            "(agonist|agonists|antagonist|antagonists|partial agonist|agonism)",
            "detoxif*",
            "(release|releases|released|releasing|production|levels|output|surge|surges|flood) of <0-2> {mech_target}",
            "{mech_target} (release|production|levels|output|activity|surge|signalling|signaling|balance|function)",
            "(effects|effect|action|actions|influence) on [the] [your] [body's] <0-1> {mech_target}",
            "(mechanism of action|mechanisms of action)",
            "(detoxify|detoxifies|detoxified|detoxifying|cleanse|cleanses|cleansed|cleansing|purify|purifies|flush|flushes|protect|protects|regenerate|regenerates|repair|repairs) <0-2> (liver|kidneys|kidney|blood|body|system|colon|gut)",
            "(powerful|potent|strong|natural) (antioxidant|antioxidants)",
            "(same|similar) (receptors|receptor|pathways|pathway|brain chemicals|brain receptors|system|systems|targets) as",
            "(detox|detoxes|detoxed|detoxing|clean|cleans|cleanses|cleaning|scrub|scrubs|cleanse|purge|purges) <0-2> (liver|kidneys|kidney|blood|body|system|colon|gut|cells|lymph|bloodstream)",
            "(at|on) the (gene|genetic|cellular|molecular|DNA|hormonal|epigenetic) level",
            "(flip|flips|flipped|flipping|flick|flicks|flicked|hit|hits) (the|a) switch (on|in) <0-2> (your|the) <0-1> (body|brain|nervous system|metabolism|cells|genes|relaxation|stress)",
            "(repair|repairs|repaired|repairing|regenerate|regenerates|regrow|regrows|heal|heals) <0-2> (nerves|nerve tissue|nerve damage|nerve cells|neurons|myelin)",
        ],
        "vetoes": [
            "{mech_target} (pill|pills|tablet|tablets|medication|medications|medicine|medicines|replacement|drug|drugs|therapy)",
            "re:\\b(?:check|checks|checked|test|tests|tested|measure|measures|measured|monitor|monitors|monitored)\\s+(?:your\\s+|their\\s+)?(?:hormone|liver|blood|thyroid)\\b",
            "re:\\b(?:dose|doses|dosage|amount|amounts|serving|servings)\\s+of\\b",
            "re:\\b(?:influenced|affected|determined|shaped|driven|regulated|controlled)\\s+by\\b",
            "(support|supports|supported|supporting|maintain|maintains|maintaining|promote|promotes|promoting) [a] (healthy|normal|strong|balanced) (immune system|immunity|immune function|immune health|metabolism|circulation|nervous system|digestion)",
        ],
    },
    "regulatory_status": {
        "label": "Regulatory or legal status",
        "explanation": (
            "Asserts approval, legality, certification or professional "
            "endorsement ('FDA-approved', 'legal in all 50 states', "
            "'doctor recommended', 'lab-tested, so safe'). FDA has approved "
            "no kratom product and considers it unlawful in supplements and "
            "foods; misrepresenting approval is deceptive under FTC "
            "guidance. Verify or remove; the page carries the regulatory-status "
            "notice."
        ),
        "negation": "any",
        "patterns": [
            "{agency}~(approved|cleared|certified|registered|authorised|authorized|endorsed|compliant|licensed|recognised|recognized|inspected|sanctioned|listed|accepted)",
            "(approved|cleared|certified|authorised|authorized|endorsed|registered|recognised|recognized|licensed|sanctioned|vetted) by <0-3> {agency}",
            "(approved|cleared|certified|authorised|authorized|endorsed|recognised|recognized|licensed|sanctioned|vetted|trusted|backed|formulated|developed) by <0-3> ({professional}|{professionals})",
            "(recommended|prescribed) by <0-3> {professionals}",
            "{agency} <0-3> {approve_verb}",
            "(seal of approval|stamp of approval|government approved|government-approved)",
            "legal (in all 50 states|in every state|in all states|everywhere|nationwide|worldwide|across the country|across the us)",
            "(legally sold|sold legally)", "legal to (buy|sell|use|possess)",
            "(fully|completely|totally|100%|perfectly|entirely|100 percent) legal",
            "legal <0-2> (dietary|food|herbal|natural) (supplement|supplements|product|products)",
            "{copula} [fully|still] legal",
            "(recognised|recognized|classified|approved|sold|marketed|regulated|registered) <0-2> as <0-1> (dietary|food) (supplement|supplements)",
            "{professional}~(recommended|approved|endorsed|formulated|trusted|tested|backed|designed|developed)",
            "{professionals} <0-4> (recommend|recommends|recommending|endorse|endorses|endorsing|approve|approves|approving|trust|trusts|prescribe|prescribing|swear by|are recommending|are prescribing)",
            "(lab-tested|lab-verified|lab-certified|lab-approved|laboratory-tested|laboratory tested|lab tested|lab verified)",
            "third-party (tested|verified|certified|lab|lab-tested|laboratory)",
            "(independently tested|GMP-certified|cGMP|GMP-compliant|pharmaceutical-grade|pharmaceutical standards|medical-grade|hospital-grade)",
            "clinically (tested|approved)",
            "approved for <0-1> (use|sale|consumption|treatment|sleep|pain|human consumption)",
            "(authorised|authorized|licensed|permitted|cleared) for <0-1> (sale|use|consumption)",
            "(generally recognised as safe|generally recognized as safe|GRAS)",
            "(no prescription required|no prescription needed)",
            "(legal|lawful|permitted|allowed|unrestricted) (to buy|to sell|to use|to possess|to purchase|to own|to order|to ship|for sale) <0-3> (everywhere|nationwide|across|anywhere|in all|in every)",
            "(fully|completely|totally|100%|perfectly|entirely) (lawful|permitted|unrestricted)",
            "(approval|clearance|certification|authorisation|authorization|endorsement|accreditation|licence|license|blessing) (from|by|of) <0-3> {agency}",
            "(official|regulatory|government|federal|full|formal) (approval|clearance|endorsement|certification|authorisation|authorization)",
            "(certificate of analysis|certificates of analysis|accredited lab|accredited laboratory|ISO-certified|ISO 17025|lab report|lab reports)",
            "(recommended|prescribed|endorsed|approved|trusted) by <0-4> {professionals}",
            "{agency} <0-3> (lists|listed|classifies|classified|recognises|recognizes|recognised|recognized|considers|considered|deems|deemed|designates|designated) <0-3> as (a|an|being) <0-1> (safe|legal|approved|dietary|food|lawful)",
            "{agency} <0-3> (give|gives|gave|given|granted|grants|grant|awarded|awards|issued|issues) <0-3> (approval|blessing|seal of approval|stamp of approval|thumbs up|thumbs-up|nod|go-ahead|ok|okay|certification|certificate|licence|license|clearance|authorisation|authorization)",
            "(full|official|formal|complete) blessing of <0-3> ({agency}|regulators|authorities|officials)",
            "(endorsed|accredited|certified|sanctioned|approved|authorised|authorized|licensed|recognised|recognized|vetted|verified|inspected|audited|validated|backed|checked|tested|analysed|analyzed|screened) by (the|an|a|our|independent|leading|top|official|government|state|federal|national|international|several|multiple|many|over|more than|accredited|certified|licensed|qualified|external|outside|third-party|registered) <0-4> (council|association|board|institute|society|authority|authorities|agency|agencies|ministry|federation|foundation|organisation|organization|organisations|organizations|college|academy|department|commission|regulator|regulators|body|bodies|panel|inspectors|inspector|officials|chemists|chemist|scientists|labs|lab|laboratory|laboratories|experts|auditors|testers|analysts|pharmacologists|toxicologists|team|advisors|advisers|staff|doctors|physicians|pharmacists)",
            "(certified|accredited|licensed|third-party|registered|approved|GMP|ISO-certified|ISO-accredited|state-licensed|government-approved|FDA-registered) (lab|labs|laboratory|laboratories|facility|facilities|manufacturer|kitchen)",
            "{agency} <0-2> (organic seal|seal|certification|certificate|stamp|mark|logo|badge|approval|tick|kitemark)",
            "(strict|rigorous|stringent|extensive|independent|exhaustive|thorough) <0-2> (quality|purity|potency|safety|lab|laboratory|third-party|contaminant|heavy-metal|microbial) (testing|tests|checks|control|standards|screening|analysis)",
            "(quality|purity|potency|safety) (checked|tested|verified|certified|assured|controlled) by",
            "(licensed|registered|classified|approved|authorised|authorized|listed|regulated|allowed|permitted) as (a|an) <0-3> (medicine|medicinal product|herbal medicine|supplement|dietary supplement|food|natural health product|drug|traditional medicine|remedy|health product|herbal remedy|traditional herbal medicine)",
            "{agency} <0-3> (consider|considers|considered|deem|deems|deemed|regard|regards|regarded|classify|classifies|classified|treat|treats|treated|recognise|recognises|recognised|recognize|recognizes|recognized|view|views|viewed|accept|accepts|accepted) <0-3> (a|an|as) <0-2> (legitimate|legal|lawful|approved|recognised|recognized|licensed|authorised|authorized|official|bona fide|genuine) <0-2> (supplement|product|food|medicine|remedy|herb|herbal medicine|treatment|medication)",
            "(legitimate|bona fide|officially recognised|officially recognized) (dietary supplement|supplement|herbal medicine|medicine|remedy|treatment)",
            "(legal|lawful) (alternative|alternatives|substitute|substitutes|version|high|highs|option|replacement|way to)",
            "(unregulated|unscheduled|not banned|not scheduled|not illegal|not controlled|not a controlled substance|isn't banned|isn't illegal|isn't scheduled|isn't controlled|aren't banned|no ban|not regulated|isn't regulated|aren't regulated|not approved) <0-4> (so|therefore|hence|thus|which means|meaning|means|and therefore|and thus|and so|which makes it|which makes them|making it) <0-3> (legal|lawful|allowed|permitted|legit|fine to buy|fine to use|free to buy|ok to buy|okay to buy|legal to buy)",
            "(therefore|so|thus|hence|which makes it|making it) <0-1> [perfectly|completely|totally|fully|100%|entirely] (legal|lawful|legit)",
            "legal to (ship|order|purchase|own|import|carry|grow|travel with|buy online|sell online|have)",
            "(fully|totally|completely|perfectly|100%) legit",
            "{professional} <0-4> (recommend|recommends|endorse|endorses|approve|approves|vouch for|vouches for|prescribe|prescribes|swear by|swears by|love|loves|trust|trusts|stock|stocks) (our|this|these)",
            "(legally|lawfully) (buy|sell|purchase|order|use|own|possess|ship|import|grow|sold|bought|used|purchased)",
            "(certificate|certificates|certification|report|reports|results|seal|stamp) (from|by|of) <0-2> (independent|accredited|certified|third-party|licensed|registered|external|approved) <0-1> (lab|labs|laboratory|laboratories|testing|tester|testers|chemists|analysts)",
            "(registered|listed|licensed|accredited|certified) with <0-2> {agency}",
            "official [organic|quality|safety|government] (certification|certificate|seal|stamp)",
            "(no law|no laws|no rule|no rules|no regulation|no ban|nothing illegal) (against|banning|prohibiting|about) <0-2> ({substance}|it|buying|selling|using)",
            "(compliant|complies|complying|comply) with <0-3> (law|laws|regulations|regulation|rules|requirements|guidelines|standards)",
            "legal in (all|every|most|{amount}) <0-1> (states|countries|provinces|territories|nations)",
            "(independently|externally) (verified|tested|certified|checked|audited|analysed|analyzed|validated)",
        ],
        "vetoes": [
            "(guideline|guidelines|study|studies|trial|trials|protocol|paper|papers|article|review|recommendations|research|survey|analysis|project|sample|samples|specimen|specimens|method|methods) <0-3> (was|were|is|are|has been|have been|had been) <0-1> (endorsed|approved|reviewed|checked|tested|vetted|validated|registered|analysed|analyzed|audited|inspected)",
            "re:\\b(?:your|my|his|her|their|the)\\s+(?:doctor|physician|pharmacist|clinician|gp|nurse)\\s+recommended\\b",
        ],
    },
    "vulnerable_groups": {
        "label": "Vulnerable groups",
        "explanation": (
            "Refers to pregnancy, breastfeeding, children, teenagers or "
            "older adults in connection with a product. Newborns have shown "
            "withdrawal (neonatal abstinence syndrome) after kratom exposure "
            "in the womb. Check the statement; the page carries the pregnancy "
            "and minors notice."
        ),
        "negation": "never",
        "patterns": [
            "{vulnerable}",
            "pregnan*", "breastfe*", "lactat*",
            # Raw regexes need "keys": the words a match can start with.
            {"template": "re:\\b(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)[\\s\\-‐‑]year[\\s\\-‐‑]olds?\\b",
             "keys": ["#", "one", "two", "three", "four", "five", "six", "seven", "eight",
                      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                      "sixteen", "seventeen"]},
            {"template": "re:\\bunder(?:\\s+the\\s+age\\s+of)?\\s+(?:1[0-9]|2[01]|[5-9]|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|twenty-one)\\b(?!\\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|mg|g|grams?|ml|%|percent|kg|lbs?|pounds|dollars|seconds?))", "keys": ["under"]},
            {"template": "re:\\b(?:people|adults|patients|those|anyone|women|men)\\s+(?:over|above|aged)\\s+(?:6[0-9]|7[0-9]|8[0-9]|sixty|seventy|eighty)\\b",
             "keys": ["people", "adults", "patients", "those", "anyone", "women", "men"]},
            {"template": "re:\\b(?:younger\\s+than|below\\s+the\\s+age\\s+of|aged\\s+(?:under|below)|under\\s+the\\s+age\\s+of|not\\s+yet)\\s+(?:1[0-9]|2[01]|[5-9]|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|twenty-one)\\b(?!\\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|mg|g|grams?|ml|%|percent|kg|lbs?|pounds|dollars|seconds?))", "keys": ["younger", "below", "aged", "under", "not"]},
            {"template": "re:\\b(?:mother|father|mum|mom|dad|grandmother|grandfather|grandma|grandpa|gran|nan|husband|wife|partner|aunt|uncle|patient|neighbour|neighbor|she|he|I)(?:\\s+is|['’]s|\\s+was|\\s+turned|\\s+am|['’]m)\\s+(?:6[5-9]|[7-9]\\d|sixty-(?:five|six|seven|eight|nine)|seventy|eighty|ninety)\\b", "keys": ["mother", "father", "mum", "mom", "dad", "grandmother", "grandfather", "grandma", "grandpa", "gran", "nan", "husband", "wife", "partner", "aunt", "uncle", "patient", "neighbour", "neighbor", "she", "he", "i"]},
            "(older|elderly|aging|ageing|frail) (users|customers|people|adults|patients|folks|individuals|men|women|relatives|consumers|drinkers|clients|readers|parents)",
        ],
        "requires_context": ["vulnerable_context", "substance", "drug"],
        "vetoes": [
            "re:\\bnursing\\s+(?:home|homes|staff|care|school|degree|shift|shifts|student|students)\\b",
            "re:\\binner\\s+child\\b",
        ],
    },
    "withdrawal_stopping_medication": {
        "label": "Withdrawal or stopping medicines",
        "explanation": (
            "Mentions withdrawal, detox, tapering or stopping medicines. "
            "FDA says no reliable evidence supports kratom for opioid use "
            "disorder, and stopping prescribed medicine without the "
            "prescriber can be dangerous. Check; the page carries the "
            "interactions and dependence notices."
        ),
        "negation": "evidence",
        "patterns": [
            "withdrawal*", "(withdraw|withdrawing|withdrew) from",
            "(detox|detoxes|detoxing|detoxed|detoxification)",
            "taper*", "(wean|weans|weaned|weaning)", "cold turkey",
            "{stop_verb} <0-3> {drug}",
            "{stop_verb} <0-2> (kratom|kava|7-OH|them|alcohol|drinking|smoking|cannabis|nicotine|heroin)",
            "(kick|kicked|kicking|break|breaking|broke) <0-2> (habit|addiction)",
            "(opioid|opiate|substance|alcohol|drug) use disorder",
            "(get|got|gotten|getting|stay|stayed|staying) (clean|sober)",
            "(abstinence syndrome|rebound symptoms|recovery from addiction|addiction recovery)",
            "(quit|quitting|quits|stopping|stop|stops|stopped|discontinue|discontinuing|discontinued) [it|use|using] (abruptly|suddenly|gradually|slowly)",
            "(use|using) (stops|ends|stopped|ended) (suddenly|abruptly)",
            "(reduce|reducing|reduced|lower|lowering|cut|cutting|decrease|decreasing) <0-2> (dose|doses|dosage) <0-2> (gradually|slowly|over)",
            "(gradually|slowly|steadily) <0-1> (cut|cutting|reduce|reducing|lower|lowering|decrease|decreasing) <0-3> (dose|doses|dosage|use|intake)",
            "{drug} (reduction|reductions|discontinuation|cessation|tapering|taper|withdrawal)",
            "(stay|stays|stayed|staying|keep|keeps|kept|keeping) off <0-2> ({drug}|needle|the needle|drugs|heroin|pills|opioids)",
            "(hours|days|weeks|first week|first days|first day) (without|off) <0-1> {drug}",
            "discontinuation (syndrome|symptoms)",
            {"template": "withdrawal* <0-4> (is|are) [just|simply|all|only|largely|completely|a] (a myth|myths|made up|non-existent|nonexistent|not real|overblown|exaggerated|overhyped|hype|fiction|nonsense)", "negation": "never"},
            "(comedown|comedowns|come-down|come-downs|coming down off|coming down from|came down off|came down from|come down off|come down from)",
            "(path|way|road|route|ticket|exit|bridge|escape) (off|away from|out of) <0-3> ({drug}|{co_substance})",
            "(come|comes|came|coming|get|gets|got|getting|go|goes|went|going|wean|weans|weaned|weaning|taper|tapers|tapered|tapering|step|steps|stepped|stepping|ease|eases|eased|easing) <0-1> off (it|them|this|that|the leaf|the herb|the stuff|the powder|the pills|the meds|everything)",
            "(after|since|when|once) (quitting|stopping|coming off|going off|getting off|giving up|kicking|you quit|you stop|I quit|I stopped|we quit|they quit|people quit|people stop|you come off|I came off)",
            "(first|second|third|early|initial|opening) (days|day|week|weeks|few days|72 hours|48 hours|24 hours|month|fortnight) (after|of|since|off|without) (quitting|stopping|coming off|going off|kicking|cessation|detox|sobriety|being clean|being sober|the last dose|your last dose)",
            "(day|days|week|weeks|hour|hours|month|months) [{amount}] (off|without|clean from|clean off|sober from|free of|free from|after quitting|since quitting) <0-1> ({drug}|{co_substance}|it|the leaf|the herb|the stuff)",
            "{amount} (days|weeks|months|years|hours) (clean|sober|free) [from|of|off] <0-2> ({drug}|{co_substance})",
            "(clean|sober) (from|off) <0-2> ({drug}|{co_substance})",
            "(after|since) (the|your|my|their|his|her) last (dose|hit|fix|use|drink|pill|capsule|cup)",
            "(craving|cravings) <0-4> (linger|lingers|lingered|lingering|hit|hits|return|returns|returned|persist|persists|persisted|come back|comes back|came back|peak|peaks|peaked|last|lasts|lasted|after|during|for weeks|for days|for months)",
            "(rebound|discontinuation) (anxiety|insomnia|pain|headache|headaches|effect|effects|symptoms|syndrome)",
            "(cut|cutting|cuts) (down|back) <0-2> ({drug}|{co_substance})",
            "{stop_verb} <0-2> {co_substance}",
            "(drop|dropped|dropping|drops) (your|my|the|their|his|her) <0-2> {drug}",
            "(reduce|reducing|reduced|lower|lowering|lowered|cut|cutting|decrease|decreasing|decreased) (your|my|the|their|his|her) <0-1> {named_drug}",
            "(leave|leaving|left|put|putting) <0-2> {drug} behind",
            "withdrawl*",
            "(detoxs|detoxxing)",
        ],
        "vetoes": [
            "(detox|detoxes|detoxed|detoxing|detoxify|detoxifies) <0-2> (your|the|my|their) (liver|kidneys|kidney|body|system|blood|gut|colon|skin|cells|lymph)",
            "detox (tea|teas|diet|diets|juice|juices|cleanse|drink|drinks|programme|program|plan|smoothie|smoothies|patch|patches|foot|kit|supplement|supplements|bath)",
            "(quitting|stopping|giving up|leaving|quit|quits|stopped|gave up|stop|coming off|came off) (my|your|his|her|their|the|a|an|our) (job|jobs|work|course|studies|school|college|university|gym|team|club|role|position|diet|exercise|running|training|sport|hobby|project|relationship|marriage|phone|bus|train|motorway|road)",
            "withdrawal of (the|a|this|that|its|their|our) (product|products|application|licence|license|funding|support|offer|consent|service|services|brand|drug from the market)",
            "re:\\bwithdrawal\\s+from\\s+(?:a|the)\\s+(?:study|trial|market|account|bank|race)\\b",
            "re:\\b(?:sugar|food|carb|carbohydrate|salt|salty|chocolate|snack|sweet|junk[\\s\\-]food|pregnancy|late[\\s\\-]night)\\s+cravings?\\b",
            "re:\\bcravings?\\s+for\\s+(?:sugar|sweets|chocolate|carbs|food|salt|snacks|junk\\s+food|something\\s+sweet)\\b",
            "re:\\b(?:curb|curbs|curbed|curbing|reduce|reduces|tame|tames|control|controls|fight|fights|beat|beats)\\s+(?:your\\s+|those\\s+|the\\s+)?(?:appetite|hunger|cravings?)\\b",
        ],
    },
    "emergency": {
        "label": "Emergency symptoms",
        "explanation": (
            "Mentions an emergency symptom or situation (overdose, seizure, "
            "breathing trouble, unconsciousness, liver injury, suicidal "
            "thoughts). Check the advice is right; every page carries the "
            "emergency notice (local emergency number; US Poison Help "
            "1-800-222-1222)."
        ),
        "negation": "never",
        "vetoes": [
            "(slow|deep|steady|controlled|mindful|calm|box) breathing (exercise|exercises|technique|techniques|practice|practices|pattern|patterns|work|app|apps|session|sessions)",
            "(breathing|breath) (exercise|exercises|technique|techniques|practice|practices|work|app|apps|session|sessions)",
        ],
        "patterns": [
            "overdos*", "over-dos*",
            "seizure*", "convulsion*", "convulsing", "(epileptic fit|having a fit|fit or seizure)",
            "(trouble|difficulty|difficulties|struggling|struggle|struggles|struggled|hard|unable|inability|problems|laboured|labored) (breathing|breathe|to breathe)",
            "(stops|stopped|stop|stopping|not|isn't|wasn't|no longer|cannot|can't) (breathing|breathe)",
            "(slow|slowed|slows|slowing|shallow|depressed|irregular|suppressed|low|dangerously low|weak|laboured|labored) (breathing|respiration)",
            "(slow|slows|slowed|slowing|depress|depresses|depressed|suppress|suppresses|suppressed) [your|their|the] (breathing|respiration)",
            "(shortness of breath|short of breath|gasping for air)",
            "respiratory (depression|arrest|failure|distress)",
            "unconscious*", "unresponsive", "(pass|passes|passed|passing) out",
            "(lose|loses|lost|losing|loss of) consciousness", "(blacked out|black out|blacking out)",
            "(could not|couldn't|cannot|can't|won't|will not|would not) be (woken|roused|woken up)",
            "liver (damage|failure|injury|injuries|toxicity|transplant)",
            "hepatotoxic*", "jaundice*", "yellowing <0-3> (skin|eyes)", "yellow (skin|eyes)",
            "dark urine",
            "suicid*", "thoughts of <0-1> (death|dying|self-harm)", "self-harm",
            "(kill|killing) (himself|herself|themselves|yourself|myself)",
            "chest pain*", "(heart attack|cardiac arrest)", "(a|having|had|suffered|suffers) stroke",
            "(coma|comatose)",
            "(blue|bluish|grey|gray) (lips|fingertips|fingernails)", "pinpoint pupils",
            "(poison control|poison help|poison centre|poison center|poison centres|poison centers|poison unit|poison hotline|poison helpline)", "poisoning*",
            "911", "(call|dial|ring) (999|112|000)",
            "emergency (number|care|room|department|treatment|services|help|medical|attention|visit|team)",
            "(medical emergency|ambulance|the ER|A&E|life-threatening|vomiting blood|vomits blood|coughing up blood)",
            "(heartbeat|heart rate|pulse) <0-3> (very fast|dangerously fast|irregular|racing|pounding)",
            "(irregular heartbeat|racing heart|cpr)",
            "(fatal|deadly|lethal) <0-2> (dose|doses|overdose|amount|reaction|toxicity)",
            "(serotonin syndrome|severe allergic reaction)", "anaphyla*",
            "hospitali*",
            "(turns|turned|turning|goes|going|went|turn) blue",
            "(stops|stopped|stop|not|isn't|wasn't|no longer) responding",
            "(gasping|gurgling|gurgling sounds|death rattle)",
            "poison help*", "poison control*", "crisis line", "crisis helpline",
            "(an|a medical|a real|the) emergency",
            "chest (tightness|pressure|pain)",
            "(damage|damages|damaged|damaging|harm|harms|harmed|injure|injures|injured|destroy|destroys|destroyed|wreck|wrecks) <0-2> [the|your|their|his|her] liver",
            "(collapsed|collapses|collapse|collapsing)",
            {"template": "re:(?-i:\\bO\\.?D(?:['’]?d|['’]?ing|['’]?ed|s)?\\b)", "keys": ["od"]},
            "(cause|causes|caused|causing|trigger|triggers|triggered|triggering|provoke|provokes|provoked|bring on|brings on|brought on|had|has|have|having|suffered|suffers|suffering) <0-1> (fits|a fit)",
            "(breathing|respiration|breaths|breath) <0-3> (slow|slowed|slowing|shallow|laboured|labored|irregular|ragged|noisy|faint|erratic|stopped|stops|stopping|difficult|weak|gasping)",
            "(couldn't|could not|can't|cannot|unable to|struggling to|struggle to|struggled to|fight to|fighting to) (catch|get) (my|his|her|their|your|a|the) breath",
            "chest <0-2> (tight|tightness|pressure|heavy|heaviness|squeezing|squeezed|pain|pains|hurt|hurts|hurting)",
            "(end|ending|ended|ends|take|taking|took|takes) (your|my|his|her|their) own (life|lives)",
            "(ending|end) (your|my|his|her|their) (life|lives)",
            "(harm|harming|hurt|hurting|injure|injuring) (yourself|myself|themselves|himself|herself)",
            "(rushed|taken|sent|ended up|end up|ends up|ending up|landed|land|lands|wound up|wind up|brought) (to|in|into) [the] (hospital|ER|A&E|ICU|casualty|emergency room|emergency department)",
            "(urgent|immediate) [medical] (help|attention|care|assessment|treatment)",
            "(get|seek|call for|call|find|phone for|ring for) help (at once|straight away|immediately|right away|right now|urgently|without delay)",
            "call (an ambulance|for an ambulance|for help|emergency services|your local emergency number|the emergency number)",
            "(won't|will not|doesn't|does not|didn't|did not|can't|cannot|couldn't|could not) wake up",
            "(naloxone|narcan)",
            "(acute|severe|serious|fatal|lethal|life-threatening|dangerous) (toxicity|poisoning|intoxication)",
            "(pounding|racing|thumping|fluttering|irregular|galloping) (heart|heartbeat|pulse)",
            "(faint|fainted|fainting|faints|blackout|blackouts)",
            "(couldn't|could not|unable to|struggled to|struggling to) breathe",
            "(led to|leads to|lead to|needed|required|need|needing|requiring|waiting for|received) <0-1> [a|an|the] <0-1> transplant*",
            "(stop|stops|stopped|stopping|shut down|shuts down) (your|their|his|her|the|someone's) (breathing|respiration|heart)",
            "(siezure*|seizur|seisure*|over-dose*|overdoze*)",
            "(unconcious*|unconsious*)",
        ],
    },
}
