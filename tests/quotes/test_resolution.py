"""quotes/resolution.py and gender.py: a written speaker mapped to whom it names, through
the document (text | speaker normal of the last quote | gender the document gives)."""

from __future__ import annotations

import pytest

from newsnlp.quotes.context import Context
from newsnlp.quotes.gender import gender_of, person_gender
from newsnlp.quotes.resolution import State, resolve, role_phrase

RESOLVED = [
    # a surname alone goes to the cluster's fullest name
    ("Владимир Путин прибыл. «Мы готовы», — сказал Путин.", "Владимир Путин"),
    # a pronoun to the last speaker of its gender
    ("«Мы готовы», — сказала Алла Бут. «Я не сдамся», — добавила она.", "Алла Бут"),
    # a role the text gave a person earlier
    (
        "Пресс-секретарь Кремля Дмитрий Песков прибыл. «Визит важен», — сказал "
        "пресс-секретарь Кремля.",
        "Дмитрий Песков",
    ),
    # a role that names nobody stays the role, in the nominative
    ("«Решения нет», — сообщил представитель Кремля.", "представитель Кремля"),
    # "СМИ" (no entity: the press at large) is no medium named before (NEREL 107943)
    (
        "Рейтинговое агентство RAEX понизило рейтинг банка «Пересвет». В октябре 2016 года "
        "СМИ со ссылкой на данные агентства Fitch сообщили о том, что крупные заемщики "
        "банка имеют признаки аффилированности.",
        "СМИ",
    ),
    # an indeclinable "СМИ" before a place: the country's press speaks (factRuEval 347)
    (
        "По сообщению оппозиционных СМИ Беларуси, после оглашения приговора присутствующие "
        "в зале начали скандировать лозунги.",
        "оппозиционные СМИ Беларуси",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), RESOLVED, ids=[r[1] for r in RESOLVED])
def test_speaker_resolves_through_the_document(nlp, text, speaker):
    assert nlp(text).quotes[-1].speaker.normal == speaker


def test_resolve_maps_a_ref_to_a_mention(nlp):
    d = nlp("Владимир Путин прибыл. Путин заявил.")
    ctx = Context(d.text, d.tokens, d.sentences, d.sections, d.entities, d.clusters)
    from newsnlp.quotes.phrases import np_at

    first = next(i for i, t in enumerate(ctx.tokens) if t.text == "Путин" and i > 2)
    ref = np_at(ctx, first, len(ctx.tokens))
    resolved = resolve(ctx, ref, State(ctx, 0), 1, "masc")
    assert (resolved.mention.normal, resolved.person) == ("Владимир Путин", True)


def test_gender_comes_from_the_documents_verbs_first(nlp):
    # pymorphy3 lists "Эммануэль" as a woman's name; the verbs say otherwise
    d = nlp("Эммануэль Макрон заявил о реформе. Эммануэль Макрон уехал.")
    ctx = Context(d.text, d.tokens, d.sentences, d.sections, d.entities, d.clusters)
    person = next(e for e in ctx.entities if e.type == "PER")
    assert gender_of(ctx, person) == "masc"
    assert person_gender("Алла Бут") == "femn"


def test_role_phrase_is_nominative(nlp):
    d = nlp("По словам представителя Кремля, визит важен.")
    ctx = Context(d.text, d.tokens, d.sentences, d.sections, d.entities, d.clusters)
    from newsnlp.quotes.phrases import np_at

    i = next(i for i, t in enumerate(ctx.tokens) if t.text == "представителя")
    assert role_phrase(ctx, np_at(ctx, i, len(ctx.tokens))) == "представитель Кремля"
