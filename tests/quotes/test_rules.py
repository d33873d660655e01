"""Quote rules, table-driven: text | expected quotes (kind, content, speaker, rule).

Each row is a real news pattern. Add a row for every new pattern a rule learns.
"""

from __future__ import annotations

import pytest

# text | [(kind, content, speaker normal, rule)]
CASES = [
    # direct speech, «», „“, straight quotes; dash after, colon before
    (
        "«Время пришло», — сказал Владимир Путин.",
        [("direct", "Время пришло", "Владимир Путин", "direct_dash_after")],
    ),
    (
        "„Это важно“, – ответил Дмитрий Песков.",
        [("direct", "Это важно", "Дмитрий Песков", "direct_dash_after")],
    ),
    (
        '"Россия встала на защиту своего суверенитета", - сказал Ким Чен Ын.',
        [
            (
                "direct",
                "Россия встала на защиту своего суверенитета",
                "Ким Чен Ын",
                "direct_dash_after",
            )
        ],
    ),
    (
        "«Мы находимся на критическом этапе», сказал Джоэл Саймон.",
        [("direct", "Мы находимся на критическом этапе", "Джоэл Саймон", "direct_dash_after")],
    ),
    (
        'Путин ответил: "Мы будем говорить на все темы. Время пришло".',
        [("direct", "Мы будем говорить на все темы. Время пришло", "Путин", "direct_colon_before")],
    ),
    # straight quotes nested in straight quotes
    (
        'Путин прилетел. Он сказал: "Для этого мы и приехали на космодром "Восточный". '
        'Лидер КНДР проявляет большой интерес к ракетной технике".',
        [
            (
                "direct",
                'Для этого мы и приехали на космодром "Восточный". Лидер КНДР проявляет '
                "большой интерес к ракетной технике",
                "Путин",
                "direct_colon_before",
            )
        ],
    ),
    # dashes inside a quotation
    (
        "«Свидание будет продолжаться три часа, а не как положено — в течение часа», — "
        "добавила Алла Бут.",
        [
            (
                "direct",
                "Свидание будет продолжаться три часа, а не как положено — в течение часа",
                "Алла Бут",
                "direct_dash_after",
            )
        ],
    ),
    # a quotation broken by its attribution: two quotes
    (
        "«Это была не политическая акция, – уточнил Александр Белов. – Она имеет общественное "
        "значение».",
        [
            ("direct", "Это была не политическая акция", "Александр Белов", "direct_split"),
            ("direct", "Она имеет общественное значение", "Александр Белов", "direct_split"),
        ],
    ),
    # a quotation over two paragraphs
    (
        "«Первый абзац речи министра.\n\n«Второй абзац речи», — сказал Сергей Лавров.",
        [
            (
                "direct",
                "Первый абзац речи министра.\n\n«Второй абзац речи",
                "Сергей Лавров",
                "direct_dash_after",
            )
        ],
    ),
    # indirect speech
    (
        "Ким Чен Ын заявил, что полностью поддерживает все решения Путина.",
        [("indirect", "полностью поддерживает все решения Путина", "Ким Чен Ын", "indirect_that")],
    ),
    (
        "Минск считает, что Москва должна ему деньги, а Россия уверена, что долг за Белоруссией.",
        [
            ("indirect", "Москва должна ему деньги", "Минск", "indirect_that"),
            ("indirect", "долг за Белоруссией", "Россия", "indirect_that"),
        ],
    ),
    (
        "Ким Чен Ын приехал в Россию, подчеркнув, что рассчитывает на помощь.",
        [("indirect", "рассчитывает на помощь", "Ким Чен Ын", "indirect_that")],
    ),
    (
        "По словам Дмитрия Пескова, подробности не будут обнародованы.",
        [("indirect", "подробности не будут обнародованы", "Дмитрий Песков", "indirect_according")],
    ),
    (
        "Владимир Путин приехал в Китай. По его словам, переговоры прошли успешно.",
        [("indirect", "переговоры прошли успешно", "Владимир Путин", "indirect_according")],
    ),
    (
        "По данным ТАСС, встреча продлится два часа.",
        [("indirect", "встреча продлится два часа", "ТАСС", "indirect_according")],
    ),
    # a description by the body one plays for is someone just spoken of (NEREL train
    # 18330, shortened)
    (
        "Нолан заключил контракт с «Акулами». На пресс-конференции сам хоккеист рассказал "
        "о том, каково это: «Я все еще пытаюсь умерить чувство соперничества, — признался "
        "ветеран НХЛ. — Когда ты не на льду, тяжело смотреть на игры по телевизору».",
        [
            ("direct", "Я все еще пытаюсь умерить чувство соперничества", "Нолан", "direct_split"),
            (
                "direct",
                "Когда ты не на льду, тяжело смотреть на игры по телевизору",
                "Нолан",
                "direct_split",
            ),
        ],
    ),
    # media nouns head a speaking body like other bodies (NEREL train 16672)
    (
        "Российские информагентства сообщают, что Евгений Шевчук побеждает на выборах "
        "президента Приднестровья.",
        [
            (
                "indirect",
                "Евгений Шевчук побеждает на выборах президента Приднестровья",
                "российские информагентства",
                "indirect_that",
            )
        ],
    ),
    # a bracket after the body's name does not end the role; the bare role later is the
    # same person (NEREL train 24914, shortened)
    (
        "Как заявил официальный представитель «Национального союза этических граждан» "
        "(Unión Nacional de Ciudadanos Éticos) Сесар Дуран, смерть Лино Овьедо совпала с "
        "годовщиной свержения диктатора. Поэтому, по словам представителя, речь идёт о "
        "послании мафии.",
        [
            (
                "indirect",
                "смерть Лино Овьедо совпала с годовщиной свержения диктатора",
                "Сесар Дуран",
                "indirect_as_said",
            ),
            ("indirect", "речь идёт о послании мафии", "Сесар Дуран", "indirect_according"),
        ],
    ),
    # an office at another person's side is held by no one just named (NEREL train 7455)
    (
        "В Москве скончалась народная артистка СССР Людмила Зыкина. Совсем недавно "
        "легендарной певице исполнилось 80 лет. Как сообщила тогда пресс-секретарь главы "
        "государства, президент Дмитрий Медведев позвонил Зыкиной по телефону.",
        [
            (
                "indirect",
                "президент Дмитрий Медведев позвонил Зыкиной по телефону",
                "пресс-секретарь главы государства",
                "indirect_as_said",
            )
        ],
    ),
    # a time after "в" is no place that tells, and a date set in commas does not end
    # the attribution (NEREL train 165973)
    (
        "44-летняя Дон Стерджесс скончалась в больнице в Солсбери на юге Англии, сообщили в "
        "воскресенье, 8 июля 2018 года, представители полиции.",
        [
            (
                "indirect",
                "44-летняя Дон Стерджесс скончалась в больнице в Солсбери на юге Англии",
                "представители полиции",
                "indirect_dash_after",
            )
        ],
    ),
    # a body's gender is its head noun's, after the adjectives: "Белый дом" is the "он"
    # that speaks next (NEREL train 81619)
    (
        "В воскресенье Белый дом охарактеризовал Ли Куан Ю как «провидца», построившего «одну "
        "из самых процветающих стран в мире». Он также назвал его «настоящим гигантом "
        "истории».",
        [
            ("mixed", "Ли Куан Ю как «провидца»", "Белый дом", "mixed_naming"),
            ("mixed", "его «настоящим гигантом истории»", "Белый дом", "mixed_naming"),
        ],
    ),
    # a relative clause set in commas after the speaker belongs to the attribution
    # (NEREL train 9857, factRuEval dev book_622)
    (
        "По словам очевидцев, которые были с погибшим, судья был пьян и размахивал удостоверением.",
        [
            (
                "indirect",
                "судья был пьян и размахивал удостоверением",
                "очевидцы",
                "indirect_according",
            )
        ],
    ),
    # no comma after the attribution: the statement starts right after the speaker
    # (NEREL train 20442, factRuEval dev book_154)
    (
        "По мнению прокуратуры конечная цена была завышена для уменьшения налогооблагаемой "
        "базы в Италии.",
        [
            (
                "indirect",
                "конечная цена была завышена для уменьшения налогооблагаемой базы в Италии",
                "прокуратура",
                "indirect_according",
            )
        ],
    ),
    # a participle set in commas after the speaker belongs to the attribution (NEREL
    # train 29_11_12b)
    (
        'По мнению телеканала, принадлежащего организации "Хамас", глава Минобороны '
        "оставил свою должность из-за поражения.",
        [
            (
                "indirect",
                "глава Минобороны оставил свою должность из-за поражения",
                "телеканал",
                "indirect_according",
            )
        ],
    ),
    # an adverbial participle's words are the subject's of the clause it hangs on, not
    # the sentence's first (NEREL train 19107, shortened)
    (
        "В ответ спикер Госдумы Сергей Нарышкин пообещал поставить вопрос о поведении "
        "Пономарева, а депутат-единоросс Александр Хинштейн назвал его вруном, заявив, что "
        "слово ранит сильнее, чем дело.",
        [
            (
                "indirect",
                "слово ранит сильнее, чем дело",
                "Александр Хинштейн",
                "indirect_that",
            )
        ],
    ),
    (
        "Израиль и США отвергают подобный шаг, заявляя, что мир может быть достигнут только "
        "путем переговоров.",
        [
            (
                "indirect",
                "мир может быть достигнут только путем переговоров",
                "Израиль",
                "indirect_that",
            )
        ],
    ),
    # a name that fits any case after the role's dependent is the dependent's, when
    # another closes the phrase (NEREL train 3948)
    (
        "Эдгар По умер в 1849 году. Как сообщает куратор музея По в Балтиморе Джефф Джером "
        "(Jeff Jerome), в этом году, 19 января, могилу По посетили 55 любопытных.",
        [
            (
                "indirect",
                "в этом году, 19 января, могилу По посетили 55 любопытных",
                "Джефф Джером",
                "indirect_as_said",
            )
        ],
    ),
    # a medium no name was given for speaks as the text calls it, never as the person
    # just spoken of (NEREL train 40297)
    (
        "Иранские СМИ привели слова Рухани о том, что Израиль является раной. Однако позднее "
        "в пятницу иранское государственное телевидение заявило, что слова Роухани были "
        "искажены.",
        [
            (
                "indirect",
                "слова Роухани были искажены",
                "иранское государственное телевидение",
                "indirect_that",
            )
        ],
    ),
    # a body of a place: the place after it is its genitive, no name in apposition
    # (written after NEREL train 23512)
    (
        "Сегодня власти Венесуэлы официально объявили, что президент пропустит инаугурацию.",
        [
            (
                "indirect",
                "президент пропустит инаугурацию",
                "власти Венесуэлы",
                "indirect_that",
            )
        ],
    ),
    # plural attributions (NEREL train 12162, 141724)
    (
        "По заверениям общественников, это связано не только с вырубкой 20 тыс. деревьев, "
        "но и с чисто техническими проблемами.",
        [
            (
                "indirect",
                "это связано не только с вырубкой 20 тыс. деревьев, но и с чисто "
                "техническими проблемами",
                "общественники",
                "indirect_according",
            )
        ],
    ),
    (
        "По заявлениям департамента транспорта Москвы, ДТП случилось, так как машина "
        "врезалась в автобус.",
        [
            (
                "indirect",
                "ДТП случилось, так как машина врезалась в автобус",
                "департамент транспорта Москвы",
                "indirect_according",
            )
        ],
    ),
    # an adjective before the attribution word, "же" after it (written after NEREL
    # train 536232 and 103130); a possessive stays the speaker
    (
        "По предварительным данным МЧС, пострадавших нет.",
        [("indirect", "пострадавших нет", "МЧС", "indirect_according")],
    ),
    (
        "По информации же «Коммерсанта», сделка уже закрыта.",
        [("indirect", "сделка уже закрыта", "Коммерсант", "indirect_according")],
    ),
    # a role in the genitive singular is the woman named before it, though the word
    # alone reads as a nominative plural (written after NEREL train 105105 and 536232)
    (
        "Юлия Ефимова уехала в США. По словам спортсменки, в России она проводит "
        "максимум месяц в году.",
        [
            (
                "indirect",
                "в России она проводит максимум месяц в году",
                "Юлия Ефимова",
                "indirect_according",
            )
        ],
    ),
    (
        "Наама Иссахар задержана в аэропорту. По первоначальным словам девушки, она везла "
        "наркотики для себя.",
        [("indirect", "она везла наркотики для себя", "Наама Иссахар", "indirect_according")],
    ),
    # a plural stays a group
    (
        "Пожар начался ночью. По словам очевидцев, сначала был взрыв.",
        [("indirect", "сначала был взрыв", "очевидцы", "indirect_according")],
    ),
    (
        "Анна Иванова пришла в суд. По её словам, заседание будет техническим.",
        [("indirect", "заседание будет техническим", "Анна Иванова", "indirect_according")],
    ),
    (
        "Подписание документов, по словам Пескова, не ожидается.",
        [
            (
                "indirect",
                "Подписание документов, по словам Пескова, не ожидается",
                "Песков",
                "indirect_according",
            )
        ],
    ),
    (
        "Как сообщил Сергей Лавров, визит состоится в мае.",
        [("indirect", "визит состоится в мае", "Сергей Лавров", "indirect_as_said")],
    ),
    (
        "Правда, были задержания, но, как пояснили в милиции, профилактические.",
        [("indirect", "профилактические", "милиция", "indirect_as_said")],
    ),
    (
        "Было бы неплохо, отмечает Хван Чжан Еп, если бы Китай отвернулся от Пхеньяна.",
        [
            (
                "indirect",
                "Было бы неплохо, отмечает Хван Чжан Еп, если бы Китай отвернулся от Пхеньяна",
                "Хван Чжан Еп",
                "indirect_parenthetical",
            )
        ],
    ),
    (
        "Подписания каких-либо документов не ожидается, - сообщил Дмитрий Песков.",
        [
            (
                "indirect",
                "Подписания каких-либо документов не ожидается",
                "Дмитрий Песков",
                "indirect_dash_after",
            )
        ],
    ),
    (
        "Глава Газпрома Алексей Миллер пообещал сократить поставки газа.",
        [("indirect", "сократить поставки газа", "Алексей Миллер", "indirect_infinitive")],
    ),
    # mixed: reported speech with a quoted fragment
    (
        'Он также напомнил, что дружба двух стран имеет "глубокие корни".',
        [("mixed", 'дружба двух стран имеет "глубокие корни"', "он", "indirect_that")],
    ),
    # whole content in marks after "что": direct
    (
        "Брод напомнил о том, что «зачастую в выступлениях ксенофобов затрагиваются интересы "
        "православия».",
        [
            (
                "direct",
                "зачастую в выступлениях ксенофобов затрагиваются интересы православия",
                "Брод",
                "indirect_that",
            )
        ],
    ),
    # a medium's own report
    (
        "Путин и Ким встретились на космодроме, сообщает агентство ТАСС.",
        [("indirect", "Путин и Ким встретились на космодроме", "ТАСС", "medium_report")],
    ),
    # organisations and anonymous roles as speakers
    (
        "В начале сентября газета New York Times сообщила, что Ким собирается в Россию.",
        [("indirect", "Ким собирается в Россию", "New York Times", "indirect_that")],
    ),
    (
        "Представитель Кремля сообщил, что подписания документов не ожидается.",
        [
            (
                "indirect",
                "подписания документов не ожидается",
                "представитель Кремля",
                "indirect_that",
            )
        ],
    ),
    (
        "Лавров назвал визит «непростительным оскорблением».",
        [("mixed", "визит «непростительным оскорблением»", "Лавров", "mixed_naming")],
    ),
    (
        "Сергей Лавров подчеркнул: Россия готова к переговорам.",
        [("indirect", "Россия готова к переговорам", "Сергей Лавров", "indirect_colon")],
    ),
    (
        "— Мы готовы к переговорам, — сказал Сергей Лавров.",
        [("direct", "Мы готовы к переговорам", "Сергей Лавров", "direct_dialogue")],
    ),
    (
        "В сообщении МИД России говорится, что визит отменён.",
        [("indirect", "визит отменён", "МИД России", "indirect_that")],
    ),
    (
        "Согласно comScore, сайт посетили 700 млн человек.",
        [("indirect", "сайт посетили 700 млн человек", "comScore", "indirect_according")],
    ),
    (
        "Представители ХДС, считавшие, что закон вреден, выступили против.",
        [("indirect", "закон вреден, выступили против", "представители ХДС", "indirect_that")],
    ),
    # the speaker before the colon, the medium after the quotation only reports it
    (
        'Юрий Ушаков выступил. Он ответил: "это разные слова", сообщает РИА Новости.',
        [("direct", "это разные слова", "Юрий Ушаков", "direct_colon_before")],
    ),
    # a long attribution inside a broken quotation
    (
        '"У меня в графике появилось мероприятие, - сказал глава государства в среду на '
        "совещании с кабмином, которое проходит в режиме видеосвязи. - Но я хотел бы дать "
        'слово коллегам".',
        [
            (
                "direct",
                "У меня в графике появилось мероприятие",
                "глава государства",
                "direct_split",
            ),
            ("direct", "Но я хотел бы дать слово коллегам", "глава государства", "direct_split"),
        ],
    ),
    # the speaker's next act ends the report
    (
        "Обвинитель Иван Петров заявил, что вина доказана, и потребовал приговорить "
        "подсудимого к 7 годам.",
        [
            ("indirect", "вина доказана", "Иван Петров", "indirect_that"),
            ("indirect", "приговорить подсудимого к 7 годам", "Иван Петров", "indirect_infinitive"),
        ],
    ),
    # a quoted block signed on the next line
    (
        "«Мы благодарим всех, кто поддержал нас в эти трудные дни».\n\nАнна Иванова, "
        "директор фонда",
        [
            (
                "direct",
                "Мы благодарим всех, кто поддержал нас в эти трудные дни",
                "Анна Иванова",
                "direct_signature",
            )
        ],
    ),
    # a colon after an attribution, and after the speaker's own clause: no cue verb
    (
        "По мнению экспертов, вывод очевиден: «Рынок перегрет и скоро упадет».",
        [
            ("indirect", "вывод очевиден", "эксперты", "indirect_according"),
            ("direct", "Рынок перегрет и скоро упадет", "эксперты", "direct_colon_according"),
        ],
    ),
    (
        "Песков оказался дипломатичным: «Мы не комментируем слухи о визите».",
        [("direct", "Мы не комментируем слухи о визите", "Песков", "direct_colon_subject")],
    ),
    # a quotation that makes a sentence of its own after the same speaker's quote
    (
        "«Мы готовы к переговорам», — сказал Лавров. «Переговоры начнутся в понедельник в Женеве».",
        [
            ("direct", "Мы готовы к переговорам", "Лавров", "direct_dash_after"),
            (
                "direct",
                "Переговоры начнутся в понедельник в Женеве",
                "Лавров",
                "direct_continuation",
            ),
        ],
    ),
    # "рассказал о ...": no quote of its own, but the speaker the next one takes up
    (
        "Лавров рассказал о переговорах с Блинкеном. По его словам, они прошли конструктивно.",
        [("indirect", "они прошли конструктивно", "Лавров", "indirect_according")],
    ),
    # not quotes
    ("Болельщики «Спартака» пришли на матч.", []),
    ("Напомним, что ранее Путин посетил Китай.", []),
    ("Песков не стал комментировать, будут ли Путин и Ким обсуждать оружие, сообщает Reuters.", []),
    ("Признано, что цены на лекарства завышены.", []),
    ("Стоит отметить, что сборная потеряла два очка.", []),
    # the subject after the verb is not a speaker of its own infinitive
    ("Впервые на подобном мероприятии обещал быть председатель КНР Ху Цзиньтао.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_rule_table(nlp, text, expected):
    doc = nlp(text)
    found = [(q.kind, q.text, q.speaker.normal if q.speaker else None, q.rule) for q in doc.quotes]
    assert found == expected


# text | speaker normal of the last quote: resolution through the document
SPEAKERS = [
    # surname alone, then a description, resolved to the person
    (
        "Лидер Северной Кореи Ким Чен Ын прибыл в Россию. «Я надеюсь на дружбу», - сказал "
        "северокорейский диктатор.",
        "Ким Чен Ын",
    ),
    (
        "Пресс-секретарь Кремля Дмитрий Песков прибыл. Позже пресс-секретарь Кремля сообщил, что "
        "встреча продлится час.",
        "Дмитрий Песков",
    ),
    # pronoun: the last speaker
    (
        "«Мы будем вместе», – сказал Ким Чен Ын. Он также напомнил, что дружба имеет корни.",
        "Ким Чен Ын",
    ),
    # pronoun: a person named since the last quote wins
    (
        "«Мы будем вместе», – сказал Александр Брод. "
        "Панихиду возглавил протоиерей Всеволод Чаплин. "
        "На панихиде он призвал к тому, чтобы Россия жила по законам.",
        "Всеволод Чаплин",
    ),
    # gender agreement: "рассказала" is the woman of the two
    (
        "Виктор Бут находится в тюрьме. Его жена Алла Бут приехала в Нью-Йорк. Бут рассказала, "
        "что свидание продлится три часа.",
        "Алла Бут",
    ),
    (
        "Виктор Бут находится в тюрьме. Его жена Алла Бут приехала в Нью-Йорк. Бут сообщил, "
        "что отверг сделку.",
        "Виктор Бут",
    ),
    # a role with an organisation in it stands for itself
    (
        "Владимир Путин прилетел. Представитель Кремля сообщил, что подписания не ожидается.",
        "представитель Кремля",
    ),
    # an office is its holder just named
    (
        "Беньямин Нетаньяху отказался от поездки. Премьер-министр Израиля заявил, что не "
        "полетит в Вашингтон.",
        "Беньямин Нетаньяху",
    ),
    # ... unless the person named holds another office of the kind: unresolved
    (
        "Президент России Владимир Путин встретился с коллегой. Президент Франции заявил, что "
        "доволен встречей.",
        "президент Франции",
    ),
    # the document's verbs decide a gender the dictionary gets wrong
    (
        "Президент Франции Эммануэль Макрон встретился с канцлером Германии Олафом Шольцем. "
        "После встречи французский лидер заявил, что Европа должна быть единой.",
        "Эммануэль Макрон",
    ),
    # a masculine title names a woman too
    (
        "Светлана Тихановская выступила в Вильнюсе. Лидер оппозиции заявила, что не признает "
        "итоги выборов.",
        "Светлана Тихановская",
    ),
    # a name closing a role phrase is its holder, whatever case the dictionary reads
    (
        "Пресс-секретарь Госдепа Джен Псаки, отвечая на вопрос, заявила, что подтверждения "
        "у нее нет.",
        "Джен Псаки",
    ),
    # a person's lawyer is not that person
    (
        "Суд рассмотрел дело Медведева. Адвокат Медведева потребовал, чтобы суд оправдал его "
        "подзащитного.",
        "адвокат Медведева",
    ),
    # a quantified group and a regulator
    (
        "Все 29 аналитиков, опрошенных Рейтер, ожидали, что ставка останется на отметке 21%.",
        "аналитики",
    ),
    (
        "ЦБ сохранил ставку на уровне 21%, поскольку давление остается высоким, сообщил регулятор.",
        "регулятор",
    ),
    # an anonymous source keeps its place in the phrase
    ("Источник в правительстве сообщил РБК, что решение уже принято.", "источник в правительстве"),
    (
        "«Решение принято», — сообщил РИА Новости источник в правительстве.",
        "источник в правительстве",
    ),
    # "они": the group named last
    (
        "У кафе сидели шестеро вязальщиков. На вопросы прохожих они отвечали, что сегодня "
        "праздник вязания.",
        "вязальщики",
    ),
    # apposition after a comma
    ("Об этом, сказал лидер Меджлиса, народный депутат Украины Мустафа Джемилев.", None),
]


@pytest.mark.parametrize(("text", "speaker"), SPEAKERS, ids=[s[0][:40] for s in SPEAKERS])
def test_speaker_resolution(nlp, text, speaker):
    doc = nlp(text)
    if speaker is None:
        assert all(q.rule != "indirect_that" for q in doc.quotes)
        return
    assert doc.quotes, "no quote found"
    assert doc.quotes[-1].speaker.normal == speaker


def test_addressee_and_sources(sample_doc):
    by_start = {q.text[:20]: q for q in sample_doc.quotes}
    kim = by_start["Россия встала на защ"]
    assert kim.addressee.normal == "Владимир Путин" and kim.addressee.text == "Путину"
    assert kim.source.normal == "Интерфакс" and kim.source.text == "Интерфакс"
    putin = by_start["Мы будем говорить на"]
    assert putin.source.normal == "РИА Новости"
    zelensky = next(q for q in sample_doc.quotes if "вышла за рамки" in q.text)
    assert zelensky.kind == "mixed"
    assert zelensky.speaker.normal == "Владимир Зеленский"
    assert zelensky.source.normal == "Украинская правда"
    tass = by_start["Лидер Северной Кореи"]
    assert tass.speaker.normal == tass.source.normal == "ТАСС"


def test_quotes_never_cross_into_teasers(sample_doc):
    body = next(s for s in sample_doc.sections if s.kind == "body")
    for q in sample_doc.quotes:
        section = sample_doc.section_at(q.start)
        assert section is not None and q.stop <= section.stop
        if section.kind == "related" and q.speaker and q.speaker.cluster:
            mentions = sample_doc.cluster(q.speaker.cluster).mentions
            assert all(sample_doc.entity(m).start > body.stop for m in mentions)


def test_every_rule_has_a_table_row():
    """The table above, the phenomena and the silent rule's trace test name every rule."""
    from newsnlp.quotes.rules import RULES
    from tests.quotes.test_phenomena import TABLE

    rows = [getattr(row, "values", row) for row in CASES + TABLE]  # pytest.param rows too
    named = {quote[-1] for row in rows for quote in row[1]}
    named.add("indirect_about")  # silent: test_silent_rule_is_remembered_not_output
    assert [r.__name__ for r in RULES if r.__name__ not in named] == []


def test_silent_rule_is_remembered_not_output(debug_nlp):
    doc = debug_nlp("Лавров рассказал о переговорах с Блинкеном. По его словам, они прошли.")
    assert [q.rule for q in doc.quotes] == ["indirect_according"]
    assert "note indirect_about" in doc.explain()
    assert doc.quotes[0].speaker.normal == "Лавров"


def test_every_quote_records_its_rule(sample_doc):
    from newsnlp.quotes.rules import RULE_NAMES, RULES

    assert {rule.__name__ for rule in RULES} <= set(RULE_NAMES)
    assert sample_doc.quotes and all(q.rule in RULE_NAMES for q in sample_doc.quotes)


def test_debug_trace_explains_rules(debug_nlp):
    doc = debug_nlp("«Время пришло», — сказал Владимир Путин.")
    assert "direct_dash_after" in doc.explain()
    assert "Владимир Путин" in doc.explain()


def test_a_plural_verb_with_no_subject_is_nobody(nlp):
    # NEREL train 53056: "Предполагают, что ..." after a prosecutor spoke is not his
    doc = nlp(
        "Об арестах объявил прокурор Сайрус Вэнс. По версии обвинения, главой группы "
        "является Вадим Поляков. Предполагают, что они покупали через Интернет билеты."
    )
    last = doc.quotes[-1]
    assert last.text == "они покупали через Интернет билеты"
    assert last.speaker is None
