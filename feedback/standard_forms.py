"""The two standard forms every municipality starts with, after the annexes of Ambrolauri's guideline:
Annex 1 (paper, handed over with the application) and Annex 2 (electronic, sent at the end of service).

The question texts are content (Georgian first, English second), not interface strings. The service,
sex and age band are asked by every form through its own fields, not as questions.
"""

from __future__ import annotations

YES_NO = "yes_no"
SCALE = "scale"
SINGLE = "single"
MULTIPLE = "multiple"
TEXT = "text"

INFO_SOURCES = [
    {"code": "staff", "ka": "მერიის თანამშრომლისგან", "en": "From a municipal staff member"},
    {"code": "website", "ka": "მერიის ვებგვერდიდან", "en": "From the municipality's website"},
    {"code": "social", "ka": "სოციალური ქსელიდან", "en": "From social networks"},
    {"code": "people", "ka": "ნათესავებისგან, მეზობლებისგან", "en": "From relatives or neighbours"},
    {"code": "other", "ka": "სხვა", "en": "Other"},
]

# Questions both annexes ask, worded once.
KNEW_SERVICES = {
    "code": "knew_services",
    "kind": YES_NO,
    "required": False,
    "ka": "იცოდით თუ არა მუნიციპალიტეტის სოციალური სერვისების შესახებ?",
    "en": "Did you know about the municipality's social services?",
}
DOCUMENTS_EASY = {
    "code": "documents_easy",
    "kind": YES_NO,
    "required": True,
    "ka": "მარტივი იყო თუ არა სერვისით სარგებლობისთვის საჭირო დოკუმენტების შეგროვება?",
    "en": "Was it easy to collect the documents the service requires?",
}
STAFF_PROFESSIONAL = {
    "code": "staff_professional",
    "kind": SCALE,
    "required": False,
    "ka": "შეაფასეთ მერიის თანამშრომლების პროფესიონალიზმი (1 - ძალიან ცუდი, 5 - ძალიან კარგი)",
    "en": "Rate the professionalism of the municipality's staff (1 very poor, 5 very good)",
}
COMMENT = {
    "code": "comment",
    "kind": TEXT,
    "required": False,
    "ka": "თქვენი შენიშვნები და შეთავაზებები სერვისის გასაუმჯობესებლად",
    "en": "Your remarks and suggestions for improving the service",
}

ANNEX_1 = {
    "code": "annex-1",
    "kind": "paper",
    "title_ka": "სოციალური სერვისის მომხმარებლის უკუკავშირის ფორმა (დანართი N1)",
    "title_en": "Social service user feedback form (Annex 1)",
    "intro_ka": (
        "გთხოვთ, შეავსოთ ფორმა ანონიმურად და დატოვოთ კანცელარიის თანამშრომელთან ან უკუკავშირის ყუთში. "
        "თქვენი პასუხები დაგვეხმარება სოციალური სერვისების გაუმჯობესებაში."
    ),
    "intro_en": (
        "Please fill in the form anonymously and leave it with the chancellery staff or in the feedback box. "
        "Your answers help us improve the social services."
    ),
    "questions": [
        KNEW_SERVICES,
        {
            "code": "info_source",
            "kind": SINGLE,
            "required": False,
            "choices": INFO_SOURCES,
            "ka": "საიდან შეიტყვეთ სერვისის შესახებ?",
            "en": "How did you hear about the service?",
        },
        DOCUMENTS_EASY,
        STAFF_PROFESSIONAL,
        {
            "code": "staff_helpful",
            "kind": SCALE,
            "required": False,
            "ka": "შეაფასეთ მერიის თანამშრომლების დახმარების მზაობა (1 - ძალიან ცუდი, 5 - ძალიან კარგი)",
            "en": "Rate the helpfulness of the municipality's staff (1 very poor, 5 very good)",
        },
        {
            "code": "satisfaction",
            "kind": SCALE,
            "required": True,
            "ka": "რამდენად კმაყოფილი ხართ მომსახურებით? (1 - სრულიად უკმაყოფილო, 5 - სრულიად კმაყოფილი)",
            "en": "How satisfied are you with the service? (1 not at all, 5 completely)",
        },
        COMMENT,
    ],
}

ANNEX_2 = {
    "code": "annex-2",
    "kind": "electronic",
    "title_ka": "სოციალური სერვისის მომხმარებლის ელექტრონული უკუკავშირის ფორმა (დანართი N2)",
    "title_en": "Social service user electronic feedback form (Annex 2)",
    "intro_ka": (
        "თქვენი განცხადების განხილვა დასრულდა. გთხოვთ, გაგვიზიაროთ თქვენი შეფასება. "
        "ფორმა ანონიმურია: პასუხები თქვენს სახელთან ან ელ. ფოსტასთან არ ინახება."
    ),
    "intro_en": (
        "Your application has been decided. Please share your view. The form is anonymous: answers are not "
        "stored with your name or e-mail address."
    ),
    "questions": [
        KNEW_SERVICES,
        DOCUMENTS_EASY,
        {
            "code": "email_convenient",
            "kind": YES_NO,
            "required": False,
            "ka": "მოსახერხებელი იყო თუ არა განცხადების ელექტრონული ფოსტით წარდგენა და პასუხის მიღება?",
            "en": "Was it convenient to apply and get the answer by e-mail?",
        },
        {
            "code": "decision_clear",
            "kind": SCALE,
            "required": False,
            "ka": "რამდენად გასაგებად იყო ახსნილი გადაწყვეტილება? (1 - სრულიად გაუგებრად, 5 - სრულიად გასაგებად)",
            "en": "How clearly was the decision explained? (1 not at all, 5 completely)",
        },
        STAFF_PROFESSIONAL,
        {
            "code": "satisfaction",
            "kind": SCALE,
            "required": True,
            "ka": "რამდენად კმაყოფილი ხართ მიღებული სერვისით? (1 - სრულიად უკმაყოფილო, 5 - სრულიად კმაყოფილი)",
            "en": "How satisfied are you with the service you received? (1 not at all, 5 completely)",
        },
        {
            "code": "improve",
            "kind": MULTIPLE,
            "required": False,
            "choices": [
                {"code": "amount", "ka": "დახმარების ოდენობის გაზრდა", "en": "A larger amount of aid"},
                {"code": "documents", "ka": "ნაკლები დოკუმენტი", "en": "Fewer documents"},
                {"code": "speed", "ka": "უფრო სწრაფი გადაწყვეტილება", "en": "A faster decision"},
                {
                    "code": "information",
                    "ka": "მეტი ინფორმაცია სერვისების შესახებ",
                    "en": "More information about services",
                },
            ],
            "ka": "რა გააუმჯობესებდა სერვისს? (შეგიძლიათ მონიშნოთ რამდენიმე)",
            "en": "What would improve the service? (you may tick several)",
        },
        COMMENT,
    ],
}

STANDARD_FORMS = [ANNEX_1, ANNEX_2]

# Themes for open comments, with the keyword stems that suggest them (the municipality edits them).
STANDARD_THEMES = [
    {
        "code": "more_aid",
        "ka": "დახმარების ოდენობის გაზრდა",
        "en": "A larger amount of aid",
        "keywords": "გაზრდ\nგაზარდ\nგაიზარდ\nმეტი თანხ\nთანხის\nოდენობ\nincrease\nmore money",
    },
    {
        "code": "satisfied",
        "ka": "კმაყოფილი, შენიშვნა არ აქვს",
        "en": "Satisfied, no remark",
        "keywords": "კმაყოფილი\nმადლობ\nშენიშვნა არ\nsatisfied\nthank",
    },
    {
        "code": "fetch_extract",
        "ka": "ამონაწერი სოციალური ბაზიდან მერიამ გამოითხოვოს",
        "en": "The municipality should fetch the social database extract itself",
        "keywords": "ამონაწერ\nბაზიდან\nგამოითხოვ\nextract\ndatabase",
    },
    {
        "code": "pensions_disability",
        "ka": "პენსიის გაზრდა, შშმ პირებზე მეტი ზრუნვა",
        "en": "Higher pensions, more attention to persons with disabilities",
        "keywords": "პენსი\nშშმ\nშეზღუდული შესაძლებლობ\npension\ndisabilit",
    },
    {"code": "other", "ka": "სხვა", "en": "Other", "keywords": ""},
]


def install(apps) -> None:
    """Create the standard forms and themes where missing (used by the data migration; idempotent)."""
    Form = apps.get_model("feedback", "Form")
    FormVersion = apps.get_model("feedback", "FormVersion")
    Question = apps.get_model("feedback", "Question")
    CommentTheme = apps.get_model("feedback", "CommentTheme")
    FeedbackSettings = apps.get_model("feedback", "FeedbackSettings")
    FeedbackSettings.objects.get_or_create(pk=1)
    for spec in STANDARD_FORMS:
        if Form.objects.filter(code=spec["code"]).exists():
            continue
        form = Form.objects.create(
            code=spec["code"],
            kind=spec["kind"],
            title_ka=spec["title_ka"],
            title_en=spec["title_en"],
            intro_ka=spec["intro_ka"],
            intro_en=spec["intro_en"],
            is_standard=True,
        )
        version = FormVersion.objects.create(form=form, number=1, is_current=True)
        for position, q in enumerate(spec["questions"], start=1):
            Question.objects.create(
                version=version,
                code=q["code"],
                kind=q["kind"],
                text_ka=q["ka"],
                text_en=q["en"],
                choices=q.get("choices", []),
                required=q["required"],
                position=position,
            )
    for position, t in enumerate(STANDARD_THEMES, start=1):
        CommentTheme.objects.get_or_create(
            code=t["code"],
            defaults={
                "name_ka": t["ka"],
                "name_en": t["en"],
                "keywords": t["keywords"],
                "position": position,
            },
        )
