"""What a second source of news asks of the quote layer (issue 12), table-driven.

Each row is a sentence from NEREL's Russian Wikinews train split (CC BY; none of them in
`corpora/`, so no gold set is tuned on through this table) or, where the split has no such
layout, a sentence written after the pattern (marked). Columns: text | expected quotes as
(kind, content, speaker normal, source normal, addressee normal, rule).
"""

from __future__ import annotations

import pytest

Row = tuple[str, list[tuple[str, str, str | None, str | None, str | None, str]]]

# Block quotes: an attribution ending in a colon, the words on lines of their own.
BLOCK: list[Row] = [
    (
        "Зампредседателя Общественного совета при ГУ МВД России по Москве Антон Цветков "
        "сообщил:\nПо моей информации, он не оказывал сопротивления.\nПри этом он добавил:\n"
        "Хочу обратить внимание, что я призывал его явиться с повинной, однако он не "
        "отреагировал, ни одного звонка не поступило.",
        [
            (
                "direct",
                "По моей информации, он не оказывал сопротивления",
                "Антон Цветков",
                None,
                None,
                "direct_block",
            ),
            (
                "direct",
                "Хочу обратить внимание, что я призывал его явиться с повинной, однако он не "
                "отреагировал, ни одного звонка не поступило",
                "Антон Цветков",
                None,
                None,
                "direct_block",
            ),
        ],
    ),
    # a first-person "я" inside the words is never the speaker; a gerund's subject is
    # the sentence's first
    (
        "Вчера Сурков пренебрежительно отозвался о статье Маркина, сказав журналистам:\n"
        "Я графоманию не комментирую.",
        [("direct", "Я графоманию не комментирую", "Сурков", None, None, "direct_block")],
    ),
    # the quotation lost when the page was scraped: nothing to annotate
    (
        "Как пояснил Дмитрий Новиков, отсутствие норм тормозит развитие технологий:\n\n\n"
        "Участники круглого стола предложили внести изменения в ПДД.",
        [
            (
                "indirect",
                "отсутствие норм тормозит развитие технологий",
                "Дмитрий Новиков",
                None,
                None,
                "indirect_as_said",
            ),
            (
                "indirect",
                "внести изменения в ПДД",
                "участники круглого стола",
                None,
                None,
                "indirect_infinitive",
            ),
        ],
    ),
    # after a blank line, a first-person paragraph is the quotation; the subject is the
    # person, not the last name of an apposition (train/107209)
    (
        "5 октября 2016 года британский боксёр Тайсон Фьюри, чемпион мира по версиям IBO, "
        "WBO и WBA, признался в употреблении кокаина:\n\nЯ делал много вещей в своей "
        "жизни. Я употреблял много кокаина.",
        [
            (
                "direct",
                "Я делал много вещей в своей жизни. Я употреблял много кокаина",
                "Тайсон Фьюри",
                None,
                None,
                "direct_block",
            )
        ],
    ),
    # the owner of the site, a genitive singular, is the woman named before (NEREL train
    # 28306, shortened)
    (
        "7 апреля 2013 года в клинике в Майами 38-летняя российская певица и актриса Жанна "
        "Фриске родила первенца.\n\nОб этом сообщается на официальном сайте певицы:\n В "
        "жизни певицы Жанны Фриске произошло счастливое событие Сегодня 7 апреля на свет "
        "родился ее первенец\n",
        [
            (
                "direct",
                "В жизни певицы Жанны Фриске произошло счастливое событие Сегодня 7 апреля на "
                "свет родился ее первенец",
                "Жанна Фриске",
                None,
                None,
                "direct_block",
            )
        ],
    ),
    # two roles of one person joined by "и", the name closing them (NEREL train 28306)
    (
        "Певица Жанна Фриске родила первенца.\n\nОдной из первых о радостной новости "
        "поведала подруга певицы и ее коллега по группе «Блестящие» Ольга Орлова:\nСегодня "
        "моя подружка Фриске Жанна родила сына!!!! Поздравляю и радуюсь от всего сердца!\n",
        [
            (
                "direct",
                "Сегодня моя подружка Фриске Жанна родила сына!!!! Поздравляю и радуюсь от "
                "всего сердца!",
                "Ольга Орлова",
                None,
                None,
                "direct_block",
            )
        ],
    ),
    # document and office speech
    (
        "В сообщении Кремля в частности говорится:\nПрезидент высоко ценит огромный вклад "
        "писателя в развитие отечественной культуры.",
        [
            (
                "direct",
                "Президент высоко ценит огромный вклад писателя в развитие отечественной культуры",
                "Кремль",
                None,
                None,
                "direct_block",
            )
        ],
    ),
    # the place inside the office's name is no speaker of its own (written after NEREL
    # train 107943, where "пресс-службы ЦБ РФ" spoke as "Россия")
    (
        "Задержан подозреваемый.\n\nВ сообщении пресс-службы МВД РФ говорится:\n"
        "Задержанный дал признательные показания и сотрудничает со следствием.",
        [
            (
                "direct",
                "Задержанный дал признательные показания и сотрудничает со следствием",
                "МВД РФ",
                None,
                None,
                "direct_block",
            )
        ],
    ),
]

# Sources: social networks, interviews, media outside the media list.
SOURCES: list[Row] = [
    (
        "Бывший министр финансов России Алексей Кудрин написал в Twitter:\nУшел Евгений "
        "Примаков. Выдающийся политик. Он создавал историю России.",
        [
            (
                "direct",
                "Ушел Евгений Примаков. Выдающийся политик. Он создавал историю России",
                "Алексей Кудрин",
                "Twitter",
                None,
                "direct_block",
            )
        ],
    ),
    (
        "Айдар Губайдулин написал на своей странице в Facebook:\nЯ не считаю себя виновным "
        "и буду добиваться оправдания.",
        [
            (
                "direct",
                "Я не считаю себя виновным и буду добиваться оправдания",
                "Айдар Губайдулин",
                "Facebook",
                None,
                "direct_block",
            )
        ],
    ),
    (
        "Так фронтмен Sex Pistols Джон Лайдон в интервью The Daily Mail сказал, что ему "
        "отвратительно такое поведение.",
        [
            (
                "indirect",
                "ему отвратительно такое поведение",
                "Джон Лайдон",
                "Daily Mail",
                None,
                "indirect_that",
            )
        ],
    ),
    # written after the pattern: a medium the list lacks, in an oblique case
    (
        "Нападающий Артём Дзюба в интервью изданию «Спорт-Экспресс» заявил, что сборная "
        "готова к матчу.",
        [
            (
                "indirect",
                "сборная готова к матчу",
                "Артём Дзюба",
                "Спорт-Экспресс",
                None,
                "indirect_that",
            )
        ],
    ),
    (
        "Мэр Москвы Сергей Собянин сообщил в своём Telegram-канале, что ограничения будут "
        "сняты с 1 июня.",
        [
            (
                "indirect",
                "ограничения будут сняты с 1 июня",
                "Сергей Собянин",
                "Telegram",
                None,
                "indirect_that",
            )
        ],
    ),
    # "Издание отмечает" after the medium was named: the medium speaks and carries it
    (
        "Британская газета Daily Mirror пишет, что Гордон находится в резерве ФСБ. "
        "Издание отмечает, что он обучался в университете Риги.",
        [
            (
                "indirect",
                "Гордон находится в резерве ФСБ",
                "Daily Mirror",
                "Daily Mirror",
                None,
                "indirect_that",
            ),
            (
                "indirect",
                "он обучался в университете Риги",
                "Daily Mirror",
                "Daily Mirror",
                None,
                "indirect_that",
            ),
        ],
    ),
    # a pronoun with no person before it: the medium just named (train/022)
    (
        "Кандидатуру генсека ФСЭГ так и не нашли. Об этом пишет газета «Коммерсант». "
        "По ее данным, все претенденты отказались.",
        [
            (
                "indirect",
                "Кандидатуру генсека ФСЭГ так и не нашли",
                "Коммерсант",
                "Коммерсант",
                None,
                "about_this",
            ),
            (
                "indirect",
                "все претенденты отказались",
                "Коммерсант",
                "Коммерсант",
                None,
                "indirect_according",
            ),
        ],
    ),
    # the medium told sits between the office and its verb (factRuEval dev, book_013)
    (
        'В уфимской мэрии "Ъ" сообщили, что вчера же господин Сагитов получил новое назначение.',
        [
            (
                "indirect",
                "вчера же господин Сагитов получил новое назначение",
                "уфимская мэрия",
                "Коммерсант",
                None,
                "indirect_that",
            )
        ],
    ),
    (
        "В пресс-службе МЧС России отметили, что пожар локализован.",
        [("indirect", "пожар локализован", "МЧС России", None, None, "indirect_that")],
    ),
    # a name whose words share no case in the dictionary (Аваков reads only as a
    # genitive) is still the subject; the network is the source (NEREL train 53088)
    (
        "Аваков: Врио премьер-министра Украины назначен Владимир Гройсман\nВладимир "
        "Гройсман\n24 июля 2014 года Арсен Аваков сообщил в своём Facebook, что исполняющим "
        "обязанности премьер-министра Украины назначен Владимир Гройсман.",
        [
            (
                "indirect",
                "исполняющим обязанности премьер-министра Украины назначен Владимир Гройсман",
                "Арсен Аваков",
                "Facebook",
                None,
                "indirect_that",
            )
        ],
    ),
    # the press at large after a medium was named: neither its speaker nor its source;
    # one "издание" is the medium named before (written after NEREL train 86220, 156300)
    (
        "По сообщениям Интерфакса, Лесин обнаружен мёртвым. Российские издания сообщают, "
        "что Михаил Лесин умер от сердечного приступа. В материале издания отмечается, что "
        "он болел.",
        [
            (
                "indirect",
                "Лесин обнаружен мёртвым",
                "Интерфакс",
                "Интерфакс",
                None,
                "indirect_according",
            ),
            (
                "indirect",
                "Михаил Лесин умер от сердечного приступа",
                "российские издания",
                None,
                None,
                "indirect_that",
            ),
            ("indirect", "он болел", "Интерфакс", "Интерфакс", None, "indirect_that"),
        ],
    ),
]

# Interviews: questions on lines of their own, answers the interviewee's (written after
# the layout: the train split has no interview).
INTERVIEWS: list[Row] = [
    (
        "Министр финансов Антон Силуанов дал интервью газете «Ведомости».\n\n"
        "— Антон Германович, будет ли повышен НДС в следующем году?\n"
        "— Мы не планируем повышать налоги. Бюджет сбалансирован.\n"
        "— А что будет с пенсиями, о которых говорил Дмитрий Медведев?\n"
        "— Пенсии будут проиндексированы на уровень инфляции.\n\n"
        "Интервью записал Иван Петров.",
        [
            (
                "direct",
                "Мы не планируем повышать налоги. Бюджет сбалансирован",
                "Антон Силуанов",
                "Ведомости",
                None,
                "direct_interview",
            ),
            (
                "direct",
                "Пенсии будут проиндексированы на уровень инфляции",
                "Антон Силуанов",
                "Ведомости",
                None,
                "direct_interview",
            ),
        ],
    ),
]

# Addressees given by a role (written after the pattern).
ADDRESSEES: list[Row] = [
    (
        "Президент России Владимир Путин встретился с премьер-министром Индии Нарендрой Моди. "
        "«Мы рады видеть вас в Москве», — сказал Путин премьеру.",
        [
            (
                "direct",
                "Мы рады видеть вас в Москве",
                "Владимир Путин",
                None,
                "Нарендра Моди",
                "direct_dash_after",
            )
        ],
    ),
    (
        "Сергей Лавров встретился с Энтони Блинкеном. «Мы готовы к диалогу», — сказал Лавров "
        "коллеге.",
        [
            (
                "direct",
                "Мы готовы к диалогу",
                "Сергей Лавров",
                None,
                "Энтони Блинкен",
                "direct_dash_after",
            )
        ],
    ),
    (
        "«Мы рады вас видеть», — сказал министр журналистам.",
        [("direct", "Мы рады вас видеть", "министр", None, None, "direct_dash_after")],
    ),
]

# A speaker's normal is nominative, the cluster's name: a feminine name pymorphy3 alone
# reads as a man's genitive, the verb's gender in the tagger's reading says nominative.
NOMINATIVE: list[Row] = [
    (
        "Телеведущая Анфиса Чехова написала в Твиттере:\nГоворят Жанна Фриске сегодня "
        "сына родила! Я искренне поздравляю Жанну!",
        [
            (
                "direct",
                "Говорят Жанна Фриске сегодня сына родила! Я искренне поздравляю Жанну!",
                "Анфиса Чехова",
                "Twitter",
                None,
                "direct_block",
            )
        ],
    ),
]

# Reports inside quoted words (written after the pattern): a verb inside the quotation
# marks has its subject inside them, so the one quoted is not the speaker of "я заявил".
NESTED: list[Row] = [
    (
        "На вечеринке в Москве певец Олег Иванов сказал: «Недавно я заявил, что готов "
        "уйти со сцены. Я немного преувеличил».",
        [
            (
                "direct",
                "Недавно я заявил, что готов уйти со сцены. Я немного преувеличил",
                "Олег Иванов",
                None,
                None,
                "direct_colon_before",
            )
        ],
    ),
    # a cue inside a relative clause of the content does not end it
    (
        "Лидер оппозиции Энрике Каприлес заявил, что правительство нарушило закон, в котором "
        "сказано, что выборы проводятся в течение 30 дней.",
        [
            (
                "indirect",
                "правительство нарушило закон, в котором сказано, что выборы проводятся в "
                "течение 30 дней",
                "Энрике Каприлес",
                None,
                None,
                "indirect_that",
            )
        ],
    ),
]

# An attribution in brackets (written after the pattern): the brackets hold the
# statement, the sentence around them is the author's.
BRACKETS: list[Row] = [
    (
        "Хотя 80-летний Уоррен Баффет пока не уходит на покой (по его словам, он не "
        "жалуется на здоровье), ему пора искать преемника.",
        [
            (
                "indirect",
                "он не жалуется на здоровье",
                "Уоррен Баффет",
                None,
                None,
                "indirect_according",
            )
        ],
    ),
]

# An office nobody in the sentences before was given (written after the pattern): the
# role phrase speaks, not the person named last.
OFFICES: list[Row] = [
    (
        "Уго Чавес перенёс операцию в Гаване. Он не появляется на публике с декабря. "
        "Неизвестно, от какой формы рака он страдает.\n\nВенесуэльский министр информации "
        "объявил в понедельник, что у Чавеса легочная инфекция.",
        [
            (
                "indirect",
                "у Чавеса легочная инфекция",
                "венесуэльский министр информации",
                None,
                None,
                "indirect_that",
            )
        ],
    ),
    # an office that speaks with a colon, or whose owner a relative word names (written
    # after NEREL train 86220)
    (
        "Соболезнования выразил Владимир Путин. В пресс-службе Кремля сообщили: «Президент "
        "высоко ценит огромный вклад Лесина».",
        [
            (
                "direct",
                "Президент высоко ценит огромный вклад Лесина",
                "Кремль",
                None,
                None,
                "direct_colon_before",
            )
        ],
    ),
    (
        "Соболезнования выразил Владимир Путин, в пресс-службе которого сообщили: президент "
        "высоко ценит вклад Лесина.",
        [
            (
                "indirect",
                "президент высоко ценит вклад Лесина",
                "Владимир Путин",
                None,
                None,
                "indirect_colon",
            )
        ],
    ),
]

# A name the press gives, with nobody as the subject: not a quote of the last speaker.
NICKNAMES: list[Row] = [
    (
        "Правительство России не смогло найти кандидатуру генерального секретаря Форума стран "
        '- экспортеров газа (ФСЭГ), который в прессе часто называют "газовой ОПЕК".',
        [],
    ),
    # a plural verb takes no singular subject (NEREL train 12364): the people around the
    # named one speak, not he
    (
        "Ассанж своей вины не признаёт и обжалует экстрадицию. Сторонники Ассанжа также "
        "считают, что дело против него сфабриковано для того, чтобы остановить разоблачения "
        "WikiLeaks.",
        [
            (
                "indirect",
                "дело против него сфабриковано для того, чтобы остановить разоблачения WikiLeaks",
                "сторонники Ассанжа",
                None,
                None,
                "indirect_that",
            )
        ],
    ),
]

# "собственным" between the pronoun and the attribution word (NEREL train 141309).
OWN_WORDS: list[Row] = [
    (
        "Ву Сяньгуань предоставлял услуги, позволяющие обходить блокировку сайтов. По его "
        "собственному заявлению, его клиентами стали порядка 8 тыс. частных лиц и 5 тыс. "
        "компаний.",
        [
            (
                "indirect",
                "его клиентами стали порядка 8 тыс. частных лиц и 5 тыс. компаний",
                "Ву Сяньгуань",
                None,
                None,
                "indirect_according",
            )
        ],
    ),
]

TABLE = OWN_WORDS + (
    BLOCK + SOURCES + INTERVIEWS + ADDRESSEES + NOMINATIVE + NESTED + BRACKETS + OFFICES + NICKNAMES
)


def _row_id(row: object) -> str:
    values = row.values if hasattr(row, "values") else row  # type: ignore[attr-defined]
    return str(values[0])[:40]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[_row_id(r) for r in TABLE])
def test_phenomenon(nlp, text, expected):
    doc = nlp(text)
    found = [
        (
            q.kind,
            q.text,
            q.speaker.normal if q.speaker else None,
            q.source.normal if q.source else None,
            q.addressee.normal if q.addressee else None,
            q.rule,
        )
        for q in doc.quotes
    ]
    assert found == expected
