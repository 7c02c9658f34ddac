"""The one entry point every channel calls: answer(question, context) -> Answer.

normalise → refuse? → resolve entities → follow-up from the conversation → a figure of
nothing named? (asked back, bot.intents.vague) → route (numeric intents, a published figure or
the knowledge base) → clarify / outside the monitor / outside the scope → query → disclose →
compose. Nothing raises out of here: every failure becomes a Dutch Answer without
SQL, stack traces or paths, and the log holds ids, intent, slots and timings, never the question.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from bot.config import Settings, get_settings
from bot.conversation import ConversationStore, State
from bot.disclosure import Disclosure
from bot.intents import REGISTRY, Parsed, Run
from bot.intents.common import restore_areas, spans_from_slots
from bot.intents.compose import join_nl, last_full_year, naam
from bot.intents.help import (
    age_answer,
    flow_on_a_day,
    help_answer,
    unexplained_answer,
    unfilterable_answer,
    which_measure,
)
from bot.intents.kengetal import Kengetal, asked_gebieden, band_ages, which_base
from bot.intents.kengetal_index import (
    ASKS_MOMENT,
    asked_unit,
    asks_share,
    best_for_document,
    counts_persons,
    fits_ages,
    named_years,
    names_word,
    unnamed_bases,
)
from bot.intents.kengetal_index import proper_words as kengetal_names
from bot.intents.measures import METRICS, ON_A_DAY, Filters, base_of, rate_key
from bot.intents.members import member_answer, member_codes
from bot.intents.multi import is_new_question, open_key, open_question, split_questions
from bot.intents.parse import parse
from bot.intents.rates import rate_problem
from bot.intents.refuse import refusal, refusal_reason
from bot.intents.share import published_fits, share_answer
from bot.intents.vague import names_no_subject, only_subjectless_unknown, vague_answer
from bot.language.lexicon import load_lexicon
from bot.language.normalize import fold, normalize
from bot.language.typos import ReadAs
from bot.language.typos import correct as correct_typos
from bot.marts.warehouse import Warehouse, WarehouseError
from bot.models import Answer, Context, Kind, Option
from bot.routing import Evidence, Route, decide

log = logging.getLogger(__name__)

NUMERIC_INTENTS = {
    "cijfer",
    "vergelijking",
    "ranglijst",
    "trend",
    "verdeling",
    "filter",
    "drempel",
    "kengetal",
}
AREA_INTENTS = NUMERIC_INTENTS
# A figure from these intents needs every word of the question explained (bot.intents.coverage);
# a published figure (kengetal) is quoted with the document's own words, so it is not held back.
ABSTAINING = NUMERIC_INTENTS - {"kengetal"}
SHAPE_CUES = {"compare", "rank", "trend", "filter", "kengetal"}
_HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)

TOO_LONG = (
    "Vraag te lang: je bericht heeft meer dan {n} tekens. Stel één korte vraag, bijvoorbeeld "
    "'Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?'."
)
ERROR_TEXT = (
    "Er ging iets mis bij het beantwoorden van je vraag. "
    "Probeer het opnieuw of stel de vraag anders."
)
NOT_UNDERSTOOD = "Ik weet niet zeker wat je bedoelt. "


# Asked once before the first user (Jeugdbot.warm_up): they open the marts, build the resolver
# and index the knowledge base, which a cold first answer would otherwise wait for (~2 s).
WARM_UP_QUESTIONS = ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?", "wat betekent VA?")


class Answerer(Protocol):
    """What a channel needs from the bot: this process's Jeugdbot, or the pool of worker
    processes that `jeugdbot serve` answers in (bot/pool.py)."""

    settings: Settings

    def answer(self, question: str, context: Context | None = None) -> Answer: ...

    def warm_up(self) -> None: ...


class Jeugdbot:
    """Holds what answering needs (marts, knowledge, conversations); one per process."""

    def __init__(
        self,
        settings: Settings | None = None,
        today: date | None = None,
        warehouse: Warehouse | None = None,
        knowledge: Any = None,
    ) -> None:
        self.settings = settings or get_settings()
        self._today = today
        self._wh = warehouse
        self._knowledge = knowledge
        self._resolver: Any = None
        self._names: set[str] | None = None
        self._init_lock = threading.RLock()  # resolver opens the warehouse under it
        self.disclosure = Disclosure(self.settings.disclosure)
        self.conversations = ConversationStore(self.settings.conversation_ttl_s)

    # -- lazily opened parts ----------------------------------------------------------------

    @property
    def warehouse(self) -> Warehouse:
        if self._wh is None:
            with self._init_lock:
                if self._wh is None:
                    from bot.marts.locate import marts_path

                    self._wh = Warehouse(marts_path(self.settings), self.settings)
        return self._wh

    @property
    def resolver(self) -> Any:
        if self._resolver is None:
            with self._init_lock:
                if self._resolver is None:
                    from bot.entities import EntityResolver

                    wh = self.warehouse
                    self._resolver = EntityResolver(
                        [
                            {"gemeente_code": g.code, "gemeente_naam": g.naam,
                             "jeugdregio": g.jeugdregio}
                            for g in wh.gemeenten.values()
                        ],
                        wh.monitor_codes,
                        [
                            {"productcode": x.code, "product_naam": x.naam,
                             "segment_nr": x.segment_nr, "subsegment": x.subsegment}
                            for x in wh.producten.values()
                        ],
                        [{"segment_nr": x.nr, "segment_naam": x.naam}
                         for x in wh.segmenten.values()],
                    )  # fmt: skip
        return self._resolver

    @property
    def knowledge(self) -> Any:
        """The knowledge answerer, or None when the knowledge base cannot be loaded."""
        if self._knowledge is None:
            with self._init_lock:
                if self._knowledge is None:
                    try:
                        from bot.knowledge.answering import KnowledgeAnswerer

                        self._knowledge = KnowledgeAnswerer()
                    except Exception:  # a broken knowledge base must not stop the numbers
                        log.exception("knowledge base unavailable")
                        self._knowledge = False
        return self._knowledge or None

    def today(self) -> date:
        return self._today or date.today()

    def warm_up(self) -> None:
        """Check every SQL template, then open the marts, build the resolver and index the
        knowledge base, before the first user: a bad template stops the start, and nobody
        waits the ~2 s a cold first answer takes."""
        from bot.marts.sqlguard import check_all

        check_all()
        for question in WARM_UP_QUESTIONS:
            self.answer(question)

    # -- answering ----------------------------------------------------------------------------

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer a Dutch question; never raises."""
        ctx = context or Context()
        started = time.perf_counter()
        try:
            asked, read_as = self._read_typos(question if isinstance(question, str) else "")
            ans = _said_read_as(self._answer(asked, ctx), read_as)
        except WarehouseError as e:
            log.warning("query failed: %s", type(e).__name__)
            ans = Answer(kind=Kind.ERROR, text=e.message)
        except Exception as e:
            log.error("answer failed: %s", type(e).__name__, exc_info=True)
            ans = Answer(kind=Kind.ERROR, text=ERROR_TEXT)
        log.info(
            "answer id=%s intent=%s kind=%s route=%s query=%s slots=%s ms=%.1f",
            ans.id, ans.intent, ans.kind.value, ans.route, ans.query, _loggable(ans.slots),
            1000 * (time.perf_counter() - started),
        )  # fmt: skip
        return ans

    def _read_typos(self, question: str) -> tuple[str, list[ReadAs]]:
        """The question with clear typos of measure words read as those words ("kostne" is
        kosten, bot.language.typos); names the resolver finds are never touched."""
        cap = self.settings.max_question_chars
        if len(question) > cap or not _HAS_WORD.search(question):
            return question, []
        text = normalize(question, cap)
        ex = self.resolver.extract(text)
        claimed = [
            tuple(x.span)
            for group in (ex.gemeenten, ex.segments, ex.products, ex.ambiguous, ex.partial)
            for x in group
        ]
        claimed += [tuple(x.span) for x in getattr(ex, "subregios", []) or []]
        claimed += [tuple(x.span) for x in getattr(ex, "jeugdregios", []) or []]
        if ex.regio_span:
            claimed.append(tuple(ex.regio_span))
        corrected, read_as = correct_typos(text, claimed)
        return (corrected, read_as) if read_as else (question, [])

    def _answer(self, question: str, ctx: Context) -> Answer:
        cap = self.settings.max_question_chars
        if len(question) > cap:
            return Answer(kind=Kind.REFUSE, text=TOO_LONG.format(n=cap), intent="te_lang")
        text = normalize(question, cap)
        if not _HAS_WORD.search(text):
            return help_answer(self._regio_naam())
        folded = fold(text)
        kb = self.knowledge
        names = self._known_names() | (kb.proper_words() if kb else frozenset()) | kengetal_names()
        reason = refusal_reason(text, folded, names)
        if reason:
            return refusal(reason)

        # "pleegzorgcliënten" is "pleegzorg cliënten": split once, so every parser below reads
        # the form of care instead of counting every jeugdige (bot.language.compounds).
        text = self.resolver.split_compounds(text)
        state = self.conversations.get(ctx.conversation_id)
        if state and state.slots.get("nog_open"):
            # The question the last answer left open, typed again: ask it as it was offered.
            text = state.slots["nog_open"].get(open_key(text), text)
        wh = self.warehouse
        entities = self.resolver.extract(text)
        p = parse(text, self.today(), entities, wh.data_end)
        own_vague = names_no_subject(p, None)  # before the conversation fills it in
        measure_follow_up = self._follow_up(p, state)
        if (
            own_vague
            and not measure_follow_up
            and state is not None
            and state.question
            and state.intent in NUMERIC_INTENTS
            and only_subjectless_unknown(p)
        ):
            # "en het budget?" after a figure: the monitor holds no budget of that place and
            # period; say so and offer its measures there, keeping the conversation as it was.
            before = parse(state.question, self.today(), self.resolver.extract(state.question))
            return unexplained_answer(text, p.unexplained, wh.regio_naam, before.pieces)

        if p.metric is None and (p.gemeenten or p.regio or p.outside) and p.filters.active():
            # "S2 gezinsnabij Veldhoven 2023": a form of care, a place and no other measure word
            # name the jeugdigen in that care. A bare "hoeveel in Helmond 2023" names no measure
            # and is asked back (bot.intents.help.which_measure), never given a default count.
            p.metric = "jeugdigen"
        unfilterable = ""
        if p.metric in METRICS and not METRICS[p.metric].filterable and p.filters.active():
            if p.metric not in _POPULATION:
                # "zorgkosten segment 2 Helmond": the annual accounts have no form of care; the
                # declared costs have. Read as youths in that care it answered 145 jeugdigen.
                # Asked back below, once two questions in one message are split.
                unfilterable = METRICS[p.metric].label
            else:
                # "hoeveel kinderen wonen er in een gezinshuis?": the population has no form of
                # care, so the care the question names makes its children the clients in that
                # care. Read as inwoners the product was dropped and all 68.891 children were
                # answered.
                p.metric = "jeugdigen"
        numeric_best, intent = self._best_intent(p)
        if intent is not None and intent.name == "kengetal" and not _asks_for_figure(p):
            # "Wat staat er in bijlage 5 van het programmaplan?" names the plan but asks for
            # its content, not for one of its published figures: the knowledge base answers.
            numeric_best, intent = 0.0, None
        if not measure_follow_up and names_no_subject(p, intent.name if intent else None):
            # "wat is het budget?", "hoeveel gemeenten?": a figure of nothing named would be a
            # figure of something nobody asked; ask what it is of (bot.intents.vague).
            return vague_answer(p, wh.regio_naam, last_full_year(wh))
        members = member_codes(p, wh)
        if members is not None and not measure_follow_up:
            # "hoeveel gemeenten heeft de regio?": the marts know them; no measure counts them
            return member_answer(wh, *members)
        # A figure only the documents state ("hoeveel casussen had het RMT in 2023?", "de
        # bijdrage aan Jong Doet Mee"): quoted from them with its place, before a monitor count
        # or a passage of the knowledge base answers in its place (issue 13).
        k_score = kb.match(text, state.knowledge if state else None) if kb else 0.0
        asks_date = bool(_ASKS_DATE.search(p.folded))
        asked_areas = asked_gebieden(p)
        hit = (
            None
            if measure_follow_up
            else best_for_document(text, dates=asks_date, gebieden=asked_areas, ages=band_ages(p))
        )
        if hit is not None and asked_areas and not asked_areas & set(hit.block.gebieden_codes):
            # a monitor municipality or sub-region the document has no figure for: the monitor's
            hit = None
        monitor_share = (
            p.share is not None
            and not p.unexplained
            and not (p.spans and all(s.start > wh.data_end for s in p.spans))
        )
        ages = band_ages(p)
        if (
            monitor_share
            and hit is not None
            and not published_fits(p, hit.block.onderwerp, wh)
            # "welk percentage van de 0-23-jarigen": the monitor counts no age band
            and not (ages and fits_ages(hit.block, ages))
        ):
            # "welk deel van de kosten ging naar segment 1", every word one the monitor reads: a
            # published share of another part or measure answers another question, and the
            # monitor makes this one.
            hit = None
        bases = [] if hit is None else unnamed_bases(text, hit, asked_areas, wh.regio_naam)
        if monitor_share:
            bases = [b for b in bases if published_fits(p, b.block.onderwerp, wh)]
            bases = bases if len(bases) >= 2 else []
        if bases:
            # "het aandeel S2 in Veldhoven": of its clients, young or all inhabitants? Three
            # published figures; choosing one would answer another question.
            return which_base(text, bases)
        if (
            hit is not None
            and p.regio
            and _OWN_REGION.search(text)
            and not asked_areas
            and not p.outside
            and wh.regio_naam not in hit.block.gebieden
        ):
            # "aantal huisartsen in de regio": the user's own region, so a figure the documents
            # give for Groningen or the Netherlands is a figure for another area.
            hit = None
        if hit is not None and not fits_ages(hit.block, band_ages(p)):
            hit = None  # "hoeveel 0-4 jarigen": a figure for another age band is another figure
        if (
            hit is not None
            and p.unknown_measure
            and not (
                names_word(hit.block, p.unknown_measure)
                # "hoeveel ouders zitten in de oudersraad?" asks a count of people, not the
                # Oudersraad's budget; "hoeveel extra middelen" may be an amount
                and not (
                    asked_unit(p.folded) == "aantal"
                    and counts_persons(p.unknown_measure)
                    and hit.block.eenheid != "aantal"
                )
            )
        ):
            # "hoeveel ouders zitten in de oudersraad?" is no count of the Oudersraad's budget:
            # a published figure answers a count only when it counts the thing named.
            hit = None
        # A curated passage of the knowledge base on it answers (the quote follows, below).
        if (
            hit is not None
            and p.metric is not None
            and not p.unexplained
            and p.age_band is None
            and "kengetal" not in p.cues
            and not hit.exact
            and not hit.approximate  # "ongeveer 180 aanbieders": the monitor counts exactly
            and not (asks_share(text) and hit.block.eenheid == "procent")
        ):
            # Every word is a measure, place, period or shape the monitor knows: the monitor
            # answers ("grootste daling van het aantal jeugdigen"), not a document's figure.
            hit = None
        numeric_shape = (
            intent.name in ABSTAINING if intent is not None else bool(p.gemeenten or p.regio)
        )
        # "hoeveel klachten ...": a count of something no measure names is numeric whatever
        # intent matched, so its unknown word is named rather than a passage or help given.
        asks_count = (numeric_shape or p.unknown_measure is not None) and not measure_follow_up
        unexplained = p.unexplained if asks_count else []
        age_band = p.age_band if asks_count else None
        route = decide(
            Evidence(
                k=k_score if kb is not None else 0.0,
                n=numeric_best,
                intent=intent.name if intent is not None else None,
                document_figure=hit is not None,
                follow_up=measure_follow_up,
                definition_follow_up=bool("definition" in p.cues and state and state.definition),
                decisive=(
                    intent is not None
                    and intent.name in ("help", "weigeren")
                    and len(p.folded.split()) <= 4
                ),
                gemeente=bool(p.gemeenten or p.areas),  # a sub-region is monitor gemeenten
                area=bool(p.gemeenten or p.regio or p.areas),
                period=bool(p.spans),
                outside_only=bool(p.outside) and not (p.gemeenten or p.regio),
                measure=p.metric is not None,
                number_words=kb is not None and kb.asks_number(text),
                document_words=kb is not None and kb.asks_document(text),
                other_kind=bool(_WHICH_OTHER.search(p.folded)),
                municipal_shape=bool(_MUNICIPAL_SHAPE.search(p.folded)),
                future_only=bool(p.spans) and all(s.start > wh.data_end for s in p.spans),
                unexplained=bool(unexplained or age_band),
                unknown_measure=p.unknown_measure is not None and asks_count,
                ranks_dimension=(
                    intent is not None
                    and intent.name == "ranglijst"
                    and p.dimension not in (None, "gemeente")
                ),
            )
        )
        doc_figure = route.source == "document"
        use_kb = route.source == "knowledge"
        if doc_figure:
            numeric_best, intent, unexplained, age_band = 1.0, REGISTRY["kengetal"], [], None
            p.document_hit = hit  # the figure the router chose is the one quoted
        if use_kb:
            ans = self._knowledge_answer(kb, text, state, ctx)
            if (
                ans.intent == "kennis.onbekend"
                and p.unexplained
                and _about_the_monitor(p)
                and not kb.asks_document(text)
            ):
                # "wat is het verzuim bij aanbieders?": the documents do not know it either, and
                # the question is about what the monitor counts: name the word, offer its counts.
                return _routed(
                    unexplained_answer(text, p.unexplained, wh.regio_naam, p.pieces), route
                )
            if hit is not None and ans.kind == Kind.ANSWER:
                # The passage answers; the published figure it is about follows with its source.
                run = self._run(wh, state)
                kengetal = REGISTRY["kengetal"]
                assert isinstance(kengetal, Kengetal)
                quote = kengetal.quote(p, run, hit)
                ans.text = f"{ans.text}\n\n{quote.text}"
                ans.sources = [*ans.sources, *quote.sources]
            return _routed(ans, route)
        if unexplained:
            other = self._other_years(p, text, state, unexplained, asks_date, asked_areas)
            if other is not None:
                return _routed(other, route)
            return _routed(unexplained_answer(text, unexplained, wh.regio_naam, p.pieces), route)
        if age_band is not None:
            return _routed(age_answer(text, age_band), route)
        if p.clarify and p.clarify[0].kind == "amount_or_count" and not doc_figure:
            # "hoeveel ging er naar segment 4": money or youths, whatever intent matched
            stop = self._clarify_or_refuse(p, ctx, text)
            if stop is not None:
                return _routed(stop, route)
        if (
            (intent is None or intent.name in ("cijfer", "trend"))
            and p.metric is None
            and (p.gemeenten or p.regio)
        ):
            return _routed(which_measure(text, p.pieces), route)
        asks_figures = bool(kb is not None and kb.asks_number(text)) or bool(p.spans)
        if intent is None and p.unexplained and (asks_figures or _about_the_monitor(p)):
            # One path for a word the bot does not know: name it and offer what it counts.
            return _routed(unexplained_answer(text, p.unexplained, wh.regio_naam, p.pieces), route)
        if intent is None:
            return _routed(help_answer(wh.regio_naam, prefix=NOT_UNDERSTOOD), route)
        if intent.name in NUMERIC_INTENTS and not doc_figure:
            several = self._several(text, ctx)
            if several is not None:
                return _routed(several, route)

        if intent.name in NUMERIC_INTENTS and not doc_figure:
            # A figure is one span; a series or comparison splits a range into its years.
            stop = rate_problem(p, text, p.spans if intent.name == "cijfer" else [])
            if stop is not None:
                return _routed(stop, route)
        if intent.name in AREA_INTENTS and not doc_figure:
            # A document figure names its own area (Haaglanden, Villa Pinedo, ZHZ): no monitor
            # municipality to clarify.
            stop = self._clarify_or_refuse(p, ctx, text)
            if stop is not None:
                return _routed(stop, route)
        if unfilterable and intent.name in NUMERIC_INTENTS and not doc_figure:
            # after the places are settled: a gemeente outside the monitor is said first
            return _routed(unfilterable_answer(unfilterable, p.pieces), route)
        if intent.name in ABSTAINING and p.metric not in ON_A_DAY:
            day = next((s for s in p.spans if s.grain == "dag"), None)
            if day is not None and p.metric in METRICS:
                where = p.period_offsets.get(day.label)
                return _routed(flow_on_a_day(text, METRICS[p.metric].label, day, where), route)
        r = self._run(wh, state)
        if p.share is not None and intent.name in ABSTAINING and not doc_figure:
            # "hoeveel procent van ...": the unit asked is part of the question, so the monitor
            # makes that share or asks back; the count alone would answer another question.
            # The share is stored as the last answer, so "en in 2022?" never gets the figure
            # before it (a share follow-up is asked back: intent "aandeel" keeps no measure).
            ans = share_answer(p, r, text, intent.name)
        else:
            ans = intent.run(p, r)
        if ans.kind == Kind.ANSWER and not ans.slots.get("geen_gegevens"):
            new = State(
                intent=ans.intent,
                slots=dict(ans.slots),
                definition=ans.definition or (state.definition if state else None),
                question=text,
                knowledge=state.knowledge if state else {},
            )
            self.conversations.put(ctx.conversation_id, new)
        return _routed(ans, route)

    def _run(self, wh: Warehouse, state: State | None) -> Run:
        """What an intent runs with: the marts, the settings and the conversation so far."""
        return Run(wh=wh, settings=self.settings, disclosure=self.disclosure,
                   today=self.today(), state=state)  # fmt: skip

    def _other_years(
        self,
        p: Parsed,
        text: str,
        state: State | None,
        unexplained: list[tuple[str, tuple[int, int]]],
        asks_date: bool,
        asked_areas: frozenset[str],
    ) -> Answer | None:
        """ "hoeveel casussen had het RMT in 2021": the documents count them, for 2023 only.
        Said so, with the years they do give, instead of "ik weet niet wat je bedoelt met
        casussen": the words are known, the year is not. Only a figure that names every word
        the monitor does not know is about what was asked."""
        years = named_years(text)
        if not years:
            return None
        hit = best_for_document(
            text, dates=asks_date, gebieden=asked_areas, ages=band_ages(p), any_year=True
        )
        if hit is None or hit.block.of_years(years) or not hit.block.jaren:
            return None
        if hit.score < _OTHER_YEAR_SCORE or not all(
            names_word(hit.block, w) for w, _ in unexplained
        ):
            return None
        run = self._run(self.warehouse, state)
        kengetal = REGISTRY["kengetal"]
        assert isinstance(kengetal, Kengetal)
        quote = kengetal.quote(p, run, hit)
        quote.text = (
            f"Voor {_years_nl(years)} staat dat cijfer niet in de documenten; "
            f"wel voor {_years_nl(set(hit.block.jaren))}.\n{quote.text}"
        )
        return quote

    def _several(self, text: str, ctx: Context) -> Answer | None:
        """Several questions in one message: answer the first, name the others as open
        (the rule and its reasons are in bot.intents.multi); None when it is one question."""
        parts = split_questions(text)
        if len(parts) < 2:
            return None
        today = self.today()
        parsed = [parse(x, today, self.resolver.extract(x)) for x in parts]
        later = [
            (x, q)
            for x, q in zip(parts[1:], parsed[1:], strict=True)
            if is_new_question(parsed[0], q)
        ]
        if not later:
            return None
        ans = self._answer(parts[0], ctx)
        if ans.kind != Kind.ANSWER or ans.slots.get("geen_gegevens"):
            return ans
        places = [naam(self.warehouse, c) for c in ans.slots.get("gemeenten") or []]
        labels = [str(x.get("label")) for x in ans.slots.get("periods", [])]
        opens = [open_question(x, q, places, labels[0] if len(labels) == 1 else None)
                 for x, q in later]  # fmt: skip
        ans.text += (
            "\n\nNog open: je vroeg ook "
            + join_nl([f"'{o.text}'" for o in opens])
            + ". Ik beantwoord één vraag per keer; kies hieronder om die vraag nu te stellen."
        )
        ans.options = [*ans.options, *(Option(label=o.text, value=o.ask) for o in opens)]
        ans.slots["nog_open"] = [o.ask for o in opens]
        state = self.conversations.get(ctx.conversation_id)
        if state is not None:
            state.slots["nog_open"] = {open_key(o.text): o.ask for o in opens}
            self.conversations.put(ctx.conversation_id, state)
        return ans

    def _best_intent(self, p: Parsed) -> tuple[float, Any]:
        best, chosen = 0.0, None
        for intent in REGISTRY.values():
            score = intent.match(p)
            if score > best:
                best, chosen = score, intent
        return best, chosen

    def _knowledge_answer(self, kb: Any, text: str, state: State | None, ctx: Context) -> Answer:
        kstate = dict(state.knowledge) if state else {}
        ans: Answer = kb.answer(text, kstate)
        slots = {
            k: v for k, v in ans.slots.items() if k in ("segment", "subsegment", "productcode")
        }
        new = State(
            intent=ans.intent or "kennis",
            slots={**(state.slots if state else {}), **slots, "kennis": True}
            if slots
            else dict(state.slots if state else {}),
            definition=state.definition if state else None,
            question=text,
            knowledge=kstate,
        )
        if slots:
            new.slots["kennis_slots"] = slots
        self.conversations.put(ctx.conversation_id, new)
        return ans

    # -- follow-ups ---------------------------------------------------------------------------

    def _follow_up(self, p: Parsed, state: State | None) -> bool:
        """Fill what a follow-up leaves out from the conversation ("en in 2022?").

        True when the question is a measure-only follow-up of a figure ("wat kostte dat?",
        "en per jeugdige?"): it keeps the figure's area, period and filters and changes only
        the measure, so it must be answered from the numbers, not the knowledge base.
        """
        if state is None or not state.slots:
            return False
        s = state.slots
        kennis = s.get("kennis_slots") or {}
        anaphora = bool(
            re.search(
                r"\b(daar|daarin|daarvan|hiervan|die|deze|(dat|dit) (segment|product))\b",
                p.folded,
            )
        )
        f = p.filters
        narrowed = f.segment or f.subsegment or f.productcode or f.verwijzer
        only_verblijf = f.verblijf and not narrowed
        if kennis and anaphora and not f.active():
            p.filters.segment = kennis.get("segment")
            p.filters.subsegment = kennis.get("subsegment")
            p.filters.productcode = kennis.get("productcode")
        elif kennis and anaphora and only_verblijf and kennis.get("segment") in (1, 2):
            # "wat valt onder S1-verblijf?" then "hoeveel jeugdigen hadden daar verblijf?":
            # the segment just explained narrows verblijf (S1-verblijf is segment 1 + verblijf).
            p.filters.segment = kennis["segment"]
            sub = kennis.get("subsegment")
            p.filters.subsegment = None if sub == "verblijf" else sub
        if "metric" not in s or state.intent not in NUMERIC_INTENTS - {"kengetal"}:
            return False
        short = len(p.folded.split()) <= 4
        own_scope = bool(
            p.gemeenten
            or p.areas
            or p.regio
            or p.outside
            or p.spans
            or p.dimension
            or p.filters.active()
        )
        if p.metric is None and short and not own_scope and _PER_CLIENT.search(p.folded):
            # "en per jeugdige?": the costs of the same figure per youth. The measure patterns
            # need a cost word ("kosten per jeugdige"); a follow-up leaves it out.
            p.metric = "kosten_per_client"
        measure_only = (
            p.metric is not None
            and short
            and not own_scope
            and not p.clarify
            and (p.followup or bool(_THAT.search(p.folded)))
        )
        bare = p.metric is None and (
            p.followup or p.compare_previous or "definition" in p.cues or (short and own_scope)
        )
        # "en per 1.000 jeugdigen?": the rate of the last answer's count, same area and period.
        rate_only = p.rate is not None and p.rate_base is None and not p.clarify
        if rate_only and not own_scope:
            bare = True
        # "en het aantal?", "zonder per 1.000" after a rate: the count it was made of.
        unrate = (
            "without_rate" in p.cues
            and p.rate is None
            and (p.metric is None or bool(_BARE_FIGURE.match(p.folded)))
            and METRICS.get(str(s["metric"])) is not None
            and METRICS[str(s["metric"])].kind == "rate"
        )
        if unrate:
            bare = True
        if not (p.followup or bare or measure_only):
            return False
        if rate_only and p.rate is not None:
            count = base_of(str(s["metric"]))
            p.metric = rate_key(count, p.rate) or count
        p.metric = p.metric or s["metric"]
        if unrate:
            p.metric = base_of(str(s["metric"]))
        if "compare" in p.cues and len(p.gemeenten) == 1 and not p.regio:
            # "En hoe verhoudt zich dat tot Nuenen?": the earlier place against the new one.
            # A comparison that names its own places ("vergelijk Deurne met Asten") is
            # complete and replaces the earlier area instead.
            earlier = [c for c in s.get("gemeenten") or [] if c not in p.gemeenten]
            p.gemeenten = [*earlier, *p.gemeenten]
        named_places = bool(p.gemeenten)  # before the earlier answer's places are restored
        if not p.gemeenten and not p.regio and not p.areas:
            # "en in 2021?" after "kosten de Peel 2022": the sub-region stays one area, not
            # its five gemeenten side by side.
            if not restore_areas(
                p, list(s.get("gebieden") or []), frozenset(self.warehouse.monitor_codes)
            ):
                p.gemeenten = list(s.get("gemeenten") or [])
            p.regio = bool(s.get("regio"))
        if not p.spans and s.get("periods"):
            spans = spans_from_slots(s["periods"])
            p.spans = (
                spans[-1:]
                if p.compare_previous or (len(spans) > 2 and state.intent != "trend")
                else spans
            )
            if state.intent == "trend" and len(spans) > 1:
                p.cues.add("trend")
        if not p.filters.active() and p.dimension != "segment":
            p.filters = Filters(
                segment=s.get("segment"),
                subsegment=s.get("subsegment"),
                productcode=s.get("productcode"),
                verwijzer=s.get("verwijzer"),
                verblijf=bool(s.get("verblijf")),
            )
        if p.cues & SHAPE_CUES or p.dimension or p.compare_previous:
            return measure_only
        ranked_subregios = s.get("dimension") == "subregio" and not (p.gemeenten or p.areas)
        if state.intent == "ranglijst" and len(p.gemeenten) < 2:
            p.cues.add("rank")
            p.direction = p.direction or s.get("direction")
            p.top = p.top or s.get("top")
            if ranked_subregios:
                p.dimension = "subregio"  # "welke subregio ...", then "en in 2023?"
        elif state.intent == "filter":
            p.cues.add("filter")
            if s.get("direction") == "down":
                p.cues.add("decline")
            if ranked_subregios:
                p.dimension = "subregio"
        elif state.intent == "verdeling" and s.get("dimension") and not named_places:
            # "en in 2022?", "en het aantal?" after a breakdown: the same breakdown
            p.dimension = s["dimension"]
        elif state.intent == "trend":
            p.cues.add("trend")
        elif state.intent == "vergelijking" and len(p.spans) >= 2:
            p.cues.add("compare")
        return measure_only

    # -- entities the question cannot be answered for --------------------------------------

    def _clarify_or_refuse(self, p: Parsed, ctx: Context, text: str) -> Answer | None:
        wh = self.warehouse
        if p.clarify:
            c = p.clarify[0]
            question = c.question
            if c.kind == "unknown" and not c.options:
                question += (
                    f" De monitor bevat de gemeenten van {wh.regio_naam}: "
                    f"{join_nl([naam(wh, x) for x in wh.monitor_codes])}."
                )
            intent = "onbekende_gemeente" if c.kind == "unknown" else "verduidelijking"
            return Answer(
                kind=Kind.CLARIFY,
                text=question,
                intent=intent,
                slots={"mention": c.mention, "soort": c.kind},
                options=[
                    Option(
                        label=label,
                        # "money or youths" offers whole questions (bot.intents.rephrase)
                        value=repl
                        if c.kind == "amount_or_count"
                        else _rewrite(text, c.mention, c.span, repl),
                    )
                    for label, repl in c.options
                ],
            )
        outside = list(dict.fromkeys(p.outside))
        if outside:
            return _outside_answer(wh, text, outside, p.outside_spans)
        if ctx.scope is not None:
            wanted = set(p.gemeenten) if p.gemeenten and not p.regio else set(wh.monitor_codes)
            if not wanted <= set(ctx.scope):
                return Answer(
                    kind=Kind.REFUSE,
                    text="Dit kanaal heeft geen toegang tot de cijfers van "
                    + (
                        join_nl([naam(wh, c) for c in sorted(wanted - set(ctx.scope))])
                        if p.gemeenten and not p.regio
                        else "de hele regio"
                    )
                    + ". Vraag naar een gemeente waarvoor dit kanaal toegang heeft"
                    + (
                        f": {join_nl([naam(wh, c) for c in sorted(ctx.scope)])}."
                        if ctx.scope
                        else "."
                    ),
                    intent="buiten_scope",
                    slots={"geen_gegevens": True},
                )
        return None

    # -- helpers -------------------------------------------------------------------------------

    def _regio_naam(self) -> str:
        try:
            return self.warehouse.regio_naam
        except Exception:
            return "Een 10 voor de Jeugd"

    def _known_names(self) -> set[str]:
        """Folded municipality names: "over Son Breugel" is a place, not a person.

        Kept on the instance (not in a functools cache, which would keep every bot and its
        open DuckDB file alive for the life of the process).
        """
        if self._names is None:
            names: set[str] = set()
            for g in self.warehouse.gemeenten.values():
                f = fold(g.naam)
                names.add(f)
                names.update(f.split())
            self._names = names
        return self._names

    def close(self) -> None:
        """Close the marts connection; the bot opens it again when asked."""
        with self._init_lock:
            wh, self._wh = self._wh, None
            self._resolver = None
        if wh is not None:
            wh.close()


_FIGURE_WORDS = re.compile(
    r"\bhoeveel\b|\baantal|\bcijfer|\bkosten\b|\bzorgkosten|\bbedrag|\bpercentage|\bprocent|"
    r"\bgemiddeld|\bontwikkeling\b|\bgroei|\bstijging|\bdaling|\buitgaven\b"
)


def _asks_for_figure(p: Parsed) -> bool:
    """Whether a question the kengetal intent claims asks for a published figure at all."""
    return bool(p.gemeenten or p.spans or _FIGURE_WORDS.search(p.folded))


# "Wanneer ...?", "vanaf welke datum": a date, which the published figures do not hold.
# "in de regio", "onze regio": the user's own region, not "de regio Foodvalley" or "regio's".
_OWN_REGION = re.compile(r"\b(?i:de|onze|deze|eigen|hele) regio\b(?!'s|\s+[A-Z0-9'‘\"])")
# A figure of other years is offered only for a question it matches this well (the RMT's
# casussen, 0.86): "verwachte kosten 2030" shares words with the VNG's expected saving of 2022
# (0.74) but asks another thing.
_OTHER_YEAR_SCORE = 0.8
# The measures of the population: with a form of care they are the clients in that care.
_POPULATION = frozenset({"inwoners", "jeugdigen_0_17"})
_ASKS_DATE = ASKS_MOMENT  # also "in welk kwartaal": a date or a period (kengetal_index)
_WHICH_OTHER = re.compile(
    r"^(welke|welk|wat voor) (?!(gemeente|gemeenten|gemeentes|aanbieder|aanbieders|zorgaanbieder"
    r"|zorgaanbieders|product|producten|productcode|verwijzer|verwijzers|segment|segmenten"
    r"|regio|jaar|jaren|maand|kwartaal|periode|aantal|jeugdigen|kinderen"
    r"|\w*(cijfers?|kosten|aantallen))\b)\w+"
)
# A follow-up that points back at the last figure ("wat kostte dat?", "hoeveel was het?").
_THAT = re.compile(r"\b(dat|dit|het|die|deze|daarvan|hiervan)\b")
# "per jeugdige" without a cost word: the measure kosten per jeugdige, not per 1.000 jeugdigen.
_BARE_FIGURE = load_lexicon().cue("bare_figure")
_PER_CLIENT = re.compile(r"\bper (jeugdige|client|kind|jongere|persoon)\b")
_MUNICIPAL_SHAPE = re.compile(r"\b(welke|in welke|bij welke) gemeenten?\b")


_MONITOR_DIMENSIONS = frozenset(w for w, d in load_lexicon().dimensions.items() if d != "gemeente")


def _about_the_monitor(p: Parsed) -> bool:
    """Whether a question names a dimension of the monitor ("het verzuim bij aanbieders").

    Not a measure: its patterns also match inside words ("jeugdzorgwerker", "Jeugdwet")."""
    return bool(p.dimension or _MONITOR_DIMENSIONS & set(p.folded.split()))


def _outside_answer(
    wh: Warehouse, text: str, outside: list[str], spans: list[tuple[int, int]]
) -> Answer:
    """A place outside the monitor: say so, and offer the region and its gemeenten instead.

    A clarification, not an answer: the question had a place the monitor has no figures for,
    and the options ask the same question for a place it has."""
    names = join_nl([naam(wh, c) for c in outside])
    members = [naam(wh, c) for c in wh.monitor_codes]
    span = spans[0] if spans else None
    mention = text[span[0] : span[1]] if span else naam(wh, outside[0])
    places = [f"regio {wh.regio_naam}", *members]
    return Answer(
        kind=Kind.CLARIFY,
        text=(
            f"{names} hoort niet bij {wh.regio_naam}: de monitor bevat geen gegevens over "
            f"{names}, alleen over de {len(wh.monitor_codes)} gemeenten van {wh.regio_naam} "
            f"({join_nl(members)}). Over andere gemeenten kan ik dus geen cijfers geven "
            "(ook geen 0). Bedoel je de regio of een van haar gemeenten? Kies hieronder."
        ),
        intent="buiten_monitor",
        slots={"gemeenten": outside, "geen_gegevens": True},
        options=[Option(label=x, value=_rewrite(text, mention, span, x)) for x in places],
    )


def _said_read_as(ans: Answer, read_as: list[ReadAs]) -> Answer:
    """Say which typed words were read as which measure words: in the "Ik begreep" line, or
    before the reply when it has none (a question back)."""
    if not read_as:
        return ans
    said = ", ".join(f"'{r.typed}' als {r.word}" for r in read_as)
    if "Ik begreep: " in ans.text:
        ans.text = ans.text.replace("Ik begreep: ", f"Ik begreep: {said} · ", 1)
    else:
        ans.text = f"(Ik las {said}.) {ans.text}"
    ans.slots = {**ans.slots, "gelezen_als": {r.typed: r.word for r in read_as}}
    return ans


def _years_nl(years: set[int]) -> str:
    return join_nl([str(y) for y in sorted(years)])


def _routed(ans: Answer, route: Route) -> Answer:
    """The answer with the routing decision that led to it, for the log and the tests."""
    ans.route = route.describe()
    return ans


def _rewrite(text: str, mention: str, span: tuple[int, int] | None, replacement: str) -> str:
    """The question with the unclear name replaced: the value of a clarification option."""
    if span and text[span[0] : span[1]].lower() == mention.lower():
        return text[: span[0]] + replacement + text[span[1] :]
    pattern = re.compile(re.escape(mention), re.IGNORECASE)
    out, n = pattern.subn(replacement, text, count=1)
    return out if n else f"{text} ({replacement})"


def _loggable(slots: dict[str, Any]) -> dict[str, Any]:
    """Slots for the log: codes, labels and choices only; never figures or question text."""
    keep = (
        "metric",
        "gemeenten",
        "regio",
        "segment",
        "subsegment",
        "productcode",
        "dimension",
        "reden",
    )
    out = {k: slots[k] for k in keep if k in slots}
    if "periods" in slots:
        out["periods"] = [p.get("label") for p in slots["periods"]]
    return out


@lru_cache(maxsize=1)
def get_bot() -> Jeugdbot:
    """The process-wide bot built from the environment's settings."""
    return Jeugdbot(get_settings())


def answer(question: str, context: Context | None = None) -> Answer:
    """Answer with the process-wide bot."""
    return get_bot().answer(question, context)
