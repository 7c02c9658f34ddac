"""Golden knowledge questions: load the YAML set and check the answerer against it.

Shared by the test that guards the pass rate and by `jeugdbot eval`, so both measure the same
thing. A case passes when the router would send it here (match() at or above `match_min`), the
answer has the expected kind and intent, cites at least one source, names every expected entry
id (in slots) and contains every expected fragment (in its text, table or clarification options).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.knowledge.answering import KnowledgeAnswerer
from bot.models import Answer, Kind
from bot.paths import ROOT

GOLDEN_FILE = ROOT / "tests" / "golden" / "knowledge.yaml"
ROUTE_THRESHOLD = 0.5  # match() at or above this means "a knowledge question"


class GoldenCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vraag: str
    kind: Kind = Kind.ANSWER
    intent: str | None = None
    ids: list[str] = Field(default_factory=list)
    bevat: list[str] = Field(default_factory=list)
    na: list[str] = Field(default_factory=list)  # earlier questions in the same conversation
    match_min: float = ROUTE_THRESHOLD
    groep: str = "overig"


@dataclass
class CaseResult:
    case: GoldenCase
    answer: Answer
    match: float
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def load_cases(path: Path = GOLDEN_FILE) -> list[GoldenCase]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [GoldenCase.model_validate(item) for item in raw]


def answer_ids(answer: Answer) -> list[str]:
    ids: list[str] = []
    if isinstance(answer.slots.get("entry_id"), str):
        ids.append(answer.slots["entry_id"])
    ids.extend(i for i in answer.slots.get("entry_ids", []) if isinstance(i, str))
    return ids


def _visible_text(answer: Answer) -> str:
    parts = [answer.text, answer.more or ""]
    if answer.table is not None:
        parts.extend(" ".join(row) for row in answer.table.rows)
    parts.extend(f"{o.label} {o.value}" for o in answer.options)
    return "\n".join(parts).lower()


def run_case(answerer: KnowledgeAnswerer, case: GoldenCase) -> CaseResult:
    state: dict[str, Any] = {}
    for earlier in case.na:
        answerer.answer(earlier, state)
    score = answerer.match(case.vraag, state)
    answer = answerer.answer(case.vraag, state)
    result = CaseResult(case, answer, score)
    if score < case.match_min:
        result.problems.append(f"match {score:.2f} < {case.match_min:.2f}")
    result.problems.extend(check_answer(case, answer))
    return result


def check_answer(case: GoldenCase, answer: Answer) -> list[str]:
    """What is wrong with this answer for this case, whoever produced it.

    Separate from run_case so `jeugdbot eval` can hold the answers of the core (which also
    decides between numbers and knowledge) to exactly the same checks as the answerer's own test.
    """
    problems: list[str] = []
    if answer.kind != case.kind:
        problems.append(f"kind {answer.kind.value} i.p.v. {case.kind.value}")
    if case.intent and answer.intent != case.intent:
        problems.append(f"intent {answer.intent} i.p.v. {case.intent}")
    needs_source = answer.kind in (Kind.ANSWER, Kind.CLARIFY) and answer.intent not in (
        "kennis.onbekend",
        "kennis.meer",
    )
    if needs_source and not answer.sources:
        problems.append("geen bronnen")
    found = answer_ids(answer)
    missing = [i for i in case.ids if i not in found]
    if missing:
        problems.append(f"ids ontbreken: {missing} (gevonden {found[:5]})")
    text = _visible_text(answer)
    absent = [b for b in case.bevat if b.lower() not in text]
    if absent:
        problems.append(f"tekst mist: {absent}")
    return problems


def run_all(
    answerer: KnowledgeAnswerer | None = None, path: Path = GOLDEN_FILE
) -> list[CaseResult]:
    answerer = answerer or KnowledgeAnswerer()
    return [run_case(answerer, case) for case in load_cases(path)]


def summary(results: list[CaseResult]) -> dict[str, tuple[int, int]]:
    """Passed and total per group, plus 'totaal'."""
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for result in results:
        total[result.case.groep] += 1
        passed[result.case.groep] += result.ok
    out = {group: (passed[group], total[group]) for group in sorted(total)}
    out["totaal"] = (sum(passed.values()), sum(total.values()))
    return out
