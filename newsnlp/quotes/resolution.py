"""Resolution: map a written speaker to the one it names, through the document.

:func:`resolve` maps a :class:`~newsnlp.quotes.phrases.Ref` to the canonical name: the
cluster's fullest name for people (with gender agreement of the cue verb), the last
speaker for a pronoun, the person an office holder's role names, the role phrase in
the nominative where the role names nobody in particular. :class:`State` is what the
reader remembers while going through one section.

Пример::

    >>> from newsnlp.quotes.resolution import role_phrase
    >>> role_phrase.__name__
    'role_phrase'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document import Entity, Mention
from ..lexicon import fold_yo
from ..morph import get_morph
from ..phrase_forms import CASE_FOLD
from .context import (
    Context,
    indefinite_roles,
    institutions,
    relations,
    title_lemmas,
)
from .gender import gender_of, person_gender, same_surname
from .phrases import Ref, entity_cases
from .sources import MEDIA_NOUNS, last_medium, medium_source

__all__ = ["Resolved", "State", "resolve", "role_phrase"]


def _noun_gender(name: str) -> str | None:
    """Grammatical gender of an organisation's name (``Еврокомиссия``: femn), from its
    head noun after any adjectives (``Белый дом``: masc)."""
    morph = get_morph()
    for word in name.split()[:4]:
        parses = morph.parse(word)
        if parses and parses[0].tag.POS in ("ADJF", "PRTF") and word[:1].isalpha():
            continue  # "Белый дом", "Европейская комиссия": the noun after it
        for p in parses:
            if p.tag.POS == "NOUN" and p.tag.case == "nomn" and morph.is_known(word):
                return str(p.tag.gender) if p.tag.gender in ("masc", "femn") else None
        return None
    return None


@dataclass
class Resolved:
    """A speaker resolved to a canonical name."""

    mention: Mention
    gender: str | None
    person: bool


class State:
    """What the reader remembers while going through one section: the last speaker."""

    def __init__(self, ctx: Context, section: int) -> None:
        self.ctx = ctx
        self.section = section
        self.last: Resolved | None = None
        self.last_sentence = -10
        self.last_offset = -1

    def remember(self, resolved: Resolved, sentence: int, offset: int) -> None:
        """Keep the speaker of a quote for pronouns and bare roles that follow."""
        self.last = resolved
        self.last_sentence = sentence
        self.last_offset = offset

    def recent_speaker(self, sentence: int, gender: str | None) -> Resolved | None:
        """The last speaker if within a few sentences and of a fitting gender.

        A body (``Еврокомиссия``) can be taken up by a pronoun of its grammatical gender
        (``она заявила``), never by a gender it does not have."""
        last = self.last
        if last is None or sentence - self.last_sentence > 4:
            return None
        if not last.person and (gender is None or last.gender != gender):
            return None
        if gender is not None and last.gender is not None and last.gender != gender:
            return None
        if gender == "plur" and last.person and last.gender != "plur":
            # "Предполагают, что ...": a plural verb with no subject is nobody in
            # particular, never the one person who spoke last
            return None
        return last

    def recent_person(
        self, before: int, gender: str | None, after: int = -1, subject: bool = False
    ) -> Entity | None:
        """The person named last in ``(after, before)``, of a fitting gender; with
        ``subject``, only a mention that can be nominative (a subject)."""
        best = None
        for entity in self.ctx.entities:
            if entity.start >= before:
                break
            if entity.start <= after or entity.type != "PER":
                continue
            if self.ctx.section_index(entity.start) != self.section:
                continue
            if gender == "plur":
                continue
            g = gender_of(self.ctx, entity)
            if gender is not None and g is not None and g != gender:
                continue
            if (
                subject
                and entity.id in self.ctx.entity_tokens
                and "nomn" not in entity_cases(self.ctx, entity)
            ):
                continue
            region = self.ctx.region_at(entity.start)
            if region is not None and region.stop - region.start > 30:
                continue  # named inside someone's quoted words: not who speaks next
            best = entity
        return best

    def _name(self, entity: Entity) -> str:
        cluster = self.ctx.cluster_by_id.get(entity.cluster or "")
        return cluster.name if cluster else entity.normal

    def colleague(self, ref: Ref, sentence: int, gender: str | None) -> Resolved | None:
        """The last speaker, if the text gave them a role at the organisation a
        representative-like role names (``представитель Philips``)."""
        recent = self.recent_speaker(sentence, gender)
        if recent is None or not recent.person or recent.mention.cluster is None:
            return None
        ctx = self.ctx
        cluster_id = recent.mention.cluster
        orgs = {
            e.normal.lower()
            for i in range(ref.first, ref.stop)
            if (e := ctx.entity_at.get(i)) is not None
        }
        if not orgs:
            # "заявил официальный представитель партии Сесар Дуран ... по словам
            # представителя": the bare role the last speaker was introduced with
            written = recent.mention.text or ""
            morph = get_morph()
            same = ref.bare and any(
                fold_yo(morph.lemma(w)) == ref.role_head for w in written.lower().split()
            )
            return recent if same else None
        # the person and the organisation named in one sentence: "директора ... Philips
        # в России Елену Сябренко"
        together = False
        for sent in ctx.sentences:
            inside = [e for e in ctx.entities if sent.start <= e.start < sent.stop]
            if any(e.cluster == cluster_id for e in inside) and any(
                e.normal.lower() in orgs for e in inside
            ):
                together = True
                break
        if not together:
            return None
        m = recent.mention
        return Resolved(_mention(self.ctx, ref, m.normal, m.type, m.cluster), recent.gender, True)

    def office_holder(self, ref: Ref, phrase: str, gender: str | None) -> Entity | None:
        """The person named as a subject in the last sentences who may hold the office
        a role phrase names; None where the holder is not clear."""
        ctx = self.ctx
        start = ctx.tokens[ref.first].start
        sentence = ctx.tok_sent[ref.first]
        low_sentence = max(0, sentence - 2)
        low = ctx.sentences[low_sentence].start if ctx.sentences else 0
        head = phrase.split()[0] if phrase else ""
        candidates = [
            e
            for e in ctx.entities
            if e.type == "PER"
            and low <= e.start < start
            and ctx.section_index(e.start) == self.section
            and e.id in ctx.entity_tokens
            and "nomn" in entity_cases(ctx, e)
            # "вместе с Царнаевым": after a preposition a name is an object, never the
            # office holder just spoken of
            and not _governed(ctx, ctx.entity_tokens[e.id][0])
        ]
        # "пресс-секретарь главы государства": an office at another person's side; only
        # someone the text gave that office holds it, never just the person last named
        morph = get_morph()
        lemmas = [fold_yo(morph.lemma(w)) for w in phrase.split()]
        noun = ref.role_head or ""
        # the noun's own dependent right after it, not a second role joined by "и"
        after = lemmas[lemmas.index(noun) + 1 : lemmas.index(noun) + 2] if noun in lemmas else []
        relational = any(lemma in title_lemmas() for lemma in after)
        for entity in reversed(candidates):
            cluster = ctx.cluster_by_id.get(entity.cluster or "")
            g = gender_of(ctx, entity)
            if gender is not None and g is not None and g != gender:
                continue
            roles = cluster.roles if cluster else ()
            if any(r.split()[0] == head and r != phrase for r in roles if r):
                return None  # holds another office of this kind: not this one
            if relational and not any(r.split()[0] == head for r in roles if r):
                continue
            return entity
        return None

    def plural_antecedent(self, ref: Ref, sentence: int) -> Resolved | None:
        """Who ``они`` are: the last speaker if a group, else the group of people named
        last (``шестеро вязальщиков ... они отвечали``)."""
        last = self.last
        if last is not None and last.gender == "plur" and sentence - self.last_sentence <= 4:
            m = last.mention
            return Resolved(_mention(self.ctx, ref, m.normal, m.type, m.cluster), "plur", True)
        ctx = self.ctx
        first_sentence = max(0, sentence - 2)
        low = ctx.sent_ranges[first_sentence][0] if ctx.sent_ranges else 0
        for k in range(ref.first - 1, low - 1, -1):
            if ctx.section_index(ctx.tokens[k].start) != self.section:
                break
            token = ctx.tokens[k]
            if token.pos != "NOUN" or not token.text.islower():
                continue
            if k > 0 and ctx.tokens[k - 1].pos in ("NOUN", "PREP"):
                continue  # "на вопросы прохожих": a dependent, not who answers
            parses = get_morph().parse(token.text)
            if parses and "anim" in parses[0].tag.grammemes and parses[0].tag.number == "plur":
                group = Ref("role", k, k + 1, frozenset(), gender="plur", number="plur")
                phrase = role_phrase(ctx, group)
                return Resolved(_mention(ctx, ref, phrase, None, None), "plur", True)
        return None

    def antecedent(self, ref: Ref, sentence: int, gender: str | None) -> Resolved | None:
        """Who a pronoun or a bare role (``он``, ``протоиерей``) points back to: a person
        named as a subject since the last quote, else the last speaker, else the last
        person named."""
        start = self.ctx.tokens[ref.first].start
        recent = self.recent_speaker(sentence, gender)
        fresh = self.recent_person(start, gender, after=self.last_offset, subject=True)
        if fresh is not None and (recent is None or fresh.start > self.last_offset):
            return _person(self.ctx, ref, fresh)
        if recent is not None:
            m = recent.mention
            return Resolved(
                _mention(self.ctx, ref, m.normal, m.type, m.cluster), recent.gender, recent.person
            )
        person = self.recent_person(start, gender)
        if person is not None:
            return _person(self.ctx, ref, person)
        return None


def _mention(
    ctx: Context, ref: Ref, normal: str, type_: str | None, cluster: str | None
) -> Mention:
    start = ctx.tokens[ref.first].start
    stop = ctx.tokens[ref.stop - 1].stop
    return Mention(start, stop, ctx.text[start:stop], normal, type_, cluster)


def _person(ctx: Context, ref: Ref, entity: Entity) -> Resolved:
    cluster = ctx.cluster_by_id.get(entity.cluster or "")
    name = cluster.name if cluster else entity.normal
    type_ = cluster.type if cluster else entity.type
    return Resolved(
        _mention(ctx, ref, name, type_, entity.cluster),
        gender_of(ctx, entity) if type_ == "PER" else None,
        type_ == "PER",
    )


def _other_place(ctx: Context, ref: Ref, role: str) -> bool:
    """Whether a role given earlier names another country or city than the role phrase:
    "президент Франции" is not the "президент России" of the text."""
    morph = get_morph()
    places = {
        morph.lemma(ctx.tokens[k].text)
        for i in range(ref.first, ref.stop)
        if (e := ctx.entity_at.get(i)) is not None and e.type == "LOC"
        for k in range(*ctx.entity_tokens[e.id])
    }
    if not places:
        return False
    named = {morph.lemma(w) for w in role.split() if w[:1].isupper()}
    return bool(named) and not (named & places)


def _person_inside(ctx: Context, ref: Ref) -> bool:
    """Whether a role phrase names a person (an office of someone: ``адвокат Медведева``)."""
    return any(
        (e := ctx.entity_at.get(i)) is not None and e.type == "PER"
        for i in range(ref.first, ref.stop)
    )


def _names_inside(ctx: Context, ref: Ref) -> bool:
    """Whether a role phrase names an organisation or place (``представитель Кремля``)."""
    return any(i in ctx.entity_at for i in range(ref.first, ref.stop))


def role_phrase(ctx: Context, ref: Ref, case: str | None = None) -> str:
    """The role words of a reference in the nominative: ``представителя Кремля`` ->
    ``представитель Кремля``."""
    tokens = [ctx.tokens[i] for i in range(ref.first, ref.stop)]
    words = get_morph().nominative_phrase_words([t.text for t in tokens], case)
    out = [words[0]]
    for k in range(1, len(words)):
        if tokens[k].start != tokens[k - 1].stop:
            out.append(" ")
        out.append(words[k])
    phrase = "".join(out)
    first = phrase.split()[0] if phrase else ""
    if phrase[:1].isupper() and not first.isupper() and not _proper(first):
        # "Представитель Кремля" at a sentence start -> "представитель Кремля"
        phrase = phrase[:1].lower() + phrase[1:]
    return phrase


def _proper(word: str) -> bool:
    return any(
        {"Name", "Surn", "Patr", "Geox", "Orgn"} & p.tag.grammemes
        for p in get_morph().parse(word)[:1]
    )


_PRONOUN_NOMINATIVE = {
    "его": "он",
    "ему": "он",
    "её": "она",
    "ее": "она",
    "ей": "она",
    "их": "они",
    "им": "они",
}


def resolve(ctx: Context, ref: Ref, state: State, sentence: int, gender: str | None) -> Resolved:
    """Map a written speaker to its canonical name, using what the section said before.

    Names go to their cluster's fullest form (``Кима`` -> ``Ким Чен Ын``), with the
    gender of the cue verb choosing between people of one surname; pronouns and bare
    roles (``он``, ``протоиерей``) to the person they point back to; a role the text
    gave someone (``пресс-секретарь Кремля``) to that person; any other role stays the
    role phrase in the nominative (``представитель Кремля``): never a guess.

    Пример::

        >>> # tables of resolved speakers: tests/quotes/test_rules.py
    """
    if ref.kind == "entity" and ref.entity is not None:
        return _resolve_entity(ctx, ref, ref.entity, gender)
    if ref.kind == "pronoun":
        return _resolve_pronoun(ctx, ref, state, sentence)
    if ref.kind == "role":
        return _resolve_role(ctx, ref, state, sentence, gender)
    if ref.kind == "name":
        start, stop = ctx.tokens[ref.first].start, ctx.tokens[ref.stop - 1].stop
        name = ctx.text[start:stop]
        return Resolved(_mention(ctx, ref, name, "ORG", None), None, False)
    if ref.kind == "person":
        return _resolve_person(ctx, ref, state)
    # a place standing for an institution ("как пояснили в милиции") or the owner of
    # a document ("в заявлении Национального фронта")
    phrase = role_phrase(ctx, ref, case="gent" if ref.kind == "owner" else "loct")
    return Resolved(_mention(ctx, ref, phrase, None, None), None, False)


def _resolve_entity(ctx: Context, ref: Ref, entity: Entity, gender: str | None) -> Resolved:
    if entity.type != "PER":
        cluster = ctx.cluster_by_id.get(entity.cluster or "")
        name = cluster.name if cluster else entity.normal
        return Resolved(
            _mention(ctx, ref, name, entity.type, entity.cluster), _noun_gender(name), False
        )
    if gender in ("masc", "femn"):
        own = gender_of(ctx, entity)
        if own is not None and own != gender:
            other = same_surname(ctx, entity, gender)
            if other is not None:
                return _person(ctx, ref, other)
    return _person(ctx, ref, entity)


def _resolve_pronoun(ctx: Context, ref: Ref, state: State, sentence: int) -> Resolved:
    wanted = ref.gender
    if wanted != "plur":
        found = state.antecedent(ref, sentence, wanted)
    else:
        found = state.plural_antecedent(ref, sentence)
    if found is not None:
        return found
    # "Об этом пишет газета «Коммерсант». По её данным, ...": no person named, the
    # medium of this or the sentence before is meant
    medium = _last_medium(ctx, ref, state, since=sentence - 1)
    if medium is not None:
        return medium
    pronoun = ctx.tokens[ref.first].text.lower()
    nominative = _PRONOUN_NOMINATIVE.get(pronoun, pronoun)
    return Resolved(_mention(ctx, ref, nominative, None, None), wanted, False)


def _resolve_role(
    ctx: Context, ref: Ref, state: State, sentence: int, gender: str | None
) -> Resolved:
    named = _apposed_person(ctx, ref)
    if named is not None:
        # "законодатель Хосе Авила": the person named in apposition speaks
        return _person(ctx, ref, named)
    phrase = role_phrase(ctx, ref, ref.written_case)
    head = ref.role_head or ""
    # "СМИ" are the press at large, never the one medium named before (as in sources.py)
    # "Российские издания сообщают" are the press at large too
    if (
        head in MEDIA_NOUNS
        and head != "сми"
        and not _names_inside(ctx, ref)
        and not _only_plural(ctx, ref, head)
    ):
        # "Издание отмечает" after "газета Daily Mirror": the medium named last
        medium = _last_medium(ctx, ref, state)
        if medium is not None:
            return medium
    if head in MEDIA_NOUNS:
        # "иранское государственное телевидение заявило" with no medium named: the
        # medium as the text calls it, never a person just spoken of
        return Resolved(_mention(ctx, ref, phrase, None, None), ref.gender, False)
    person = head not in institutions()
    if head in indefinite_roles() and ref.number != "plur":
        # "— отметила представитель Philips" right after Елена Сябренко, director at
        # Philips, spoke: the representative is she
        colleague = state.colleague(ref, sentence, gender)
        if colleague is not None:
            return colleague
    if ref.number == "plur" or head in indefinite_roles() or not person:
        return Resolved(_mention(ctx, ref, phrase, None, None), ref.gender, person)
    # a role the text gave a person earlier: "пресс-секретарь Кремля" -> Песков
    best = _given_the_role(ctx, ref, head, state)
    if best is not None:
        return _person(ctx, ref, best)
    found = _role_antecedent(ctx, ref, head, phrase, state, sentence, gender)
    if found is not None:
        return found
    return Resolved(_mention(ctx, ref, phrase, None, None), ref.gender, True)


def _animate(lemma: str) -> bool:
    """Whether a role's head noun names a person (``ветеран``), not a thing."""
    parses = get_morph().parse(lemma)
    return bool(parses) and parses[0].tag.POS == "NOUN" and "anim" in parses[0].tag.grammemes


def _only_plural(ctx: Context, ref: Ref, head: str) -> bool:
    """Whether the role's head noun is plural in every case its phrase can stand in:
    ``Российские издания`` (the adjective allows no singular), not ``издания`` alone
    (``в материале издания`` is one)."""
    cases = frozenset({ref.written_case}) if ref.written_case else ref.cases
    numbers = {
        str(p.tag.number)
        for k in range(ref.first, ref.stop)
        for p in get_morph().parse(ctx.tokens[k].text)
        if p.tag.POS == "NOUN"
        and fold_yo(str(p.normal_form)) == head
        and CASE_FOLD.get(str(p.tag.case), str(p.tag.case)) in cases
    }
    return numbers == {"plur"}


def _given_the_role(ctx: Context, ref: Ref, head: str, state: State) -> Entity | None:
    """The last mention before ``ref`` in its section of a person the text gave this
    role (``пресс-секретарь Кремля Дмитрий Песков``, later ``пресс-секретарь``)."""
    before = ctx.tokens[ref.first].start
    best = None
    for cluster in ctx.clusters:
        if cluster.type != "PER" or not cluster.roles:
            continue
        fits = any(
            head in fold_yo(r).split() and not _other_place(ctx, ref, r) for r in cluster.roles
        )
        if not fits:
            continue
        mentions = [
            e
            for e in ctx.entities
            if e.cluster == cluster.id
            and e.start < before
            and ctx.section_index(e.start) == state.section
        ]
        if mentions and (best is None or mentions[-1].start > best.start):
            best = mentions[-1]
    return best


def _role_antecedent(
    ctx: Context,
    ref: Ref,
    head: str,
    phrase: str,
    state: State,
    sentence: int,
    gender: str | None,
) -> Resolved | None:
    """A bare role, a relation or a description as someone just spoken of; an office
    as its holder just named."""
    office = head in title_lemmas() and not ref.bare and head not in relations()
    if not office and (
        ref.bare
        or head in relations()
        or not _names_inside(ctx, ref)
        # "признался ветеран НХЛ", "форвард «Реала» написал": a description by the
        # body one plays or worked for, of someone just spoken of
        or (head not in title_lemmas() and _animate(head) and not _person_inside(ctx, ref))
    ):
        # "сказал протоиерей", "северокорейский диктатор", "жена бизнесмена",
        # "ветеран футбола": someone just spoken of.
        return state.antecedent(ref, sentence, gender or ref.gender)
    if (
        ref.entity is None
        and head in title_lemmas()
        and not _person_inside(ctx, ref)  # "адвокат Медведева" is Medvedev's lawyer
    ):
        # "Премьер-министр Израиля заявил" after "Беньямин Нетаньяху отказался ...":
        # an office is its holder just named, unless that person holds another
        # office of the kind ("президент России" is not "президент Франции").
        holder = state.office_holder(ref, phrase, gender or ref.gender)
        if holder is not None:
            return _person(ctx, ref, holder)
    return None


def _resolve_person(ctx: Context, ref: Ref, state: State) -> Resolved:
    """A name the tagger missed: the cluster of its surname in this section, if any."""
    words = [ctx.tokens[k].text for k in range(ref.first, ref.stop)]
    name = get_morph().nominative_name(words)
    surname = name.split()[-1].lower()
    for cluster in ctx.clusters:
        if cluster.type != "PER" or surname not in cluster.name.lower().split():
            continue
        if any(
            e.cluster == cluster.id and ctx.section_index(e.start) == state.section
            for e in ctx.entities
        ):
            m = _mention(ctx, ref, cluster.name, "PER", cluster.id)
            return Resolved(m, person_gender(cluster.name), True)
    return Resolved(_mention(ctx, ref, name, "PER", None), person_gender(name), True)


def _last_medium(ctx: Context, ref: Ref, state: State, since: int = -1) -> Resolved | None:
    """The medium named last before a reference, in its section (and in sentence
    ``since`` or later), as a speaker."""
    best = last_medium(ctx, ctx.tokens[ref.first].start, state.section, since)
    if best is None:
        return None
    source = medium_source(ctx, best)
    return Resolved(_mention(ctx, ref, source.normal, "ORG", best.cluster), None, False)


def _apposed_person(ctx: Context, ref: Ref) -> Entity | None:
    """The person a role phrase ends with: ``поддерживающий Чавеса законодатель Хосе
    Авила`` -> Хосе Авила (not Чавес, whose name stands inside the role)."""
    if ref.number == "plur":
        return None  # "Адвокаты Эндрюс": her lawyers, not she
    if ref.entity is not None and ref.entity.type == "PER":
        return ref.entity
    if (ref.role_head or "") in institutions():
        return None  # "пресс-служба Кадырова": his office speaks, not he
    for i in range(ref.first + 1, ref.stop):
        entity = ctx.entity_at.get(i)
        if entity is None or entity.type != "PER" or ctx.entity_tokens[entity.id][1] != ref.stop:
            continue
        # "законодатель Хосе Авила" (apposition) or "адвокат Медведева" (his lawyer):
        # the case alone cannot tell a surname apart, the parse of the sentence can
        si = ctx.tok_sent[i]
        a = ctx.sent_ranges[si][0]
        words = ctx.parse(si)
        if i - a < len(words) and words[i - a].rel in ("appos", "flat:name"):
            return entity
    return None


def _governed(ctx: Context, first: int) -> bool:
    """Whether a preposition right before token ``first`` governs it."""
    return first > 0 and ctx.tokens[first - 1].pos == "PREP"
