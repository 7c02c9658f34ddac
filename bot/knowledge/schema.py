"""Pydantic models of the knowledge files: the one contract between content authors and the engine.

Every content YAML under knowledge/ is a list of entries. An entry is discriminated on `soort`;
the soorten with exact look-ups (doel, opgave, actie, begrip, segment, product) get typed `velden`
so that a typo in a number or a missing carrier fails at load time instead of giving a wrong answer.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PRODUCTCODE_PATTERN = r"^[0-9]{2}[A-Z0-9][0-9]{2}$"

# Titles of the source documents, used for Source.titel in every answer.
DOCUMENT_TITLES: dict[str, str] = {
    "000_05fd599307ad2e89.txt": "Programmaplan Een 10 voor de Jeugd 2024-2028",
    "001_9ed6bf435e31ceb8.txt": "Programmaplan meerjarenperspectief jeugdhulp Zuid-Holland Zuid",
    "002_2d82f4a8b97cdc0c.txt": "Uitvoeringsplan Jeugdhulp Haaglanden 2023-2024",
    "004_1007e2a72d4ad2b5.txt": "VNG ledenbrief Doorstart hervormingsagenda jeugd (30 mei 2022)",
    "standaardproductcodelijst_jeugdwet.csv": "Standaardproductcodelijst Jeugdwet (Zorginstituut)",
    "jz020_productcategorie.csv": "iJw codelijst JZ020 productcategorie (Zorginstituut)",
    "pdc_demo.csv": "Productencatalogus (PDC) Een 10 voor de Jeugd (demo)",
    "pdc_demo.yaml": "Productencatalogus (PDC) Een 10 voor de Jeugd (demo)",
}

Soort = Literal[
    "doel",
    "opgave",
    "actie",
    "segment",
    "product",
    "begrip",
    "plan",
    "ambitie",
    "prioriteit",
    "project",
    "principe",
    "maatregel",
    "financien",
    "governance",
    "monitoring",
    "overig",
]

# A cell the document conversion cut off or an author left for later is not content: an arrow
# ("<", "Zie <", "->"), an empty string, or a word that stands for "nothing here". Shown to a user
# it reads as a broken answer ("Planning: <"), so the loader refuses it; what the source really
# says belongs in the field, or, where it says nothing, a sentence that says so.
_STUB = re.compile(
    r"^\s*(?:(?:zie\s*)?[<>^←→↑↓]+|-+>|<-+|zie(?:\s+(?:boven|onder|links|rechts|hierboven|"
    r"hieronder|toelichting))?|idem|todo|tbd|tba|fixme|xxx|none|null|nan|undefined|\?+|\.{2,}|…)"
    r"\s*[.:]?\s*$",
    re.IGNORECASE,
)


def stub_problem(value: Any) -> str | None:
    """Why a field value is a stub rather than content, or None when it is content. A null
    is a field not given (optional), which the answers leave out; an empty string is not."""
    if isinstance(value, str):
        if not value.strip():
            return "leeg"
        if _STUB.match(value):
            return f"placeholder {value.strip()!r}"
    return None


def _stubs(value: Any, path: str = "") -> list[str]:
    """Every stub anywhere in a field tree, named by its path ("planning", "posten/2025")."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _stubs(v, f"{path}/{k}" if path else str(k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _stubs(v, f"{path}[{i}]")]
    problem = stub_problem(value)
    return [f"{path or 'waarde'}: {problem}"] if problem else []


def _refuse_stubs(velden: Any) -> None:
    found = _stubs(velden)
    if found:
        raise ValueError("velden met een placeholder in plaats van inhoud: " + "; ".join(found))


# Personal contact details must never enter the base: e-mail addresses and phone numbers.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<![\d.,])(?:\+31|0)[\s-]?\d(?:[\s-]?\d){7,9}(?![\d.,])")


class _Velden(BaseModel):
    """Typed fields; extra keys are allowed because documents give more than the rules require."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="before")
    @classmethod
    def _no_stubs(cls, data: Any) -> Any:
        # An optional field left out is fine; one written down must hold content.
        if isinstance(data, dict):
            _refuse_stubs(data)
        return data


class DoelVelden(_Velden):
    nummer: int = Field(ge=1)
    kader: Literal["hervormingsagenda"]


class OpgaveVelden(_Velden):
    nummer: int = Field(ge=1)
    kader: Literal["hervormingsagenda", "programma-10vdj"]


class ActieVelden(_Velden):
    """Reform agenda actions need the full Bijlage 4 row; action plans keep what they give."""

    kader: str
    hoofdstuk: int | None = Field(default=None, ge=1, le=8)
    nummer: int | None = Field(default=None, ge=1)
    uitvoerder: str | None = None
    planning: str | None = None
    # Where the planning column gives no term: the sentence the answer shows instead, saying so.
    planning_uitleg: str | None = None
    # The planning column only points to the toelichting ("<", "Zie <"): `planning` then holds
    # the term the toelichting gives, and the answer says where it comes from.
    planning_uit_toelichting: bool = False
    toelichting: str | None = None

    @model_validator(mode="after")
    def _reform_agenda_rows_complete(self) -> ActieVelden:
        if self.kader == "hervormingsagenda":
            missing = [
                name
                for name in ("hoofdstuk", "nummer", "uitvoerder", "toelichting")
                if getattr(self, name) in (None, "")
            ]
            if not self.planning and not self.planning_uitleg:
                missing.append("planning (of planning_uitleg: waarom de bron er geen noemt)")
            if missing:
                raise ValueError(
                    "actie met kader hervormingsagenda mist velden: " + ", ".join(missing)
                )
        return self


class BegripVelden(_Velden):
    afkorting: str = Field(min_length=1)
    betekenissen: list[str] = Field(min_length=1)


class SegmentVelden(_Velden):
    """A segment (nummer, naam) or a sub-segment entry (the same plus `subsegment`)."""

    nummer: int = Field(ge=1, le=5)
    naam: str = Field(min_length=1)
    subsegmenten: list[str] = Field(default_factory=list)
    subsegment: str | None = None
    productcodes: list[str] = Field(default_factory=list)


class ProductVelden(_Velden):
    productcode: str = Field(pattern=PRODUCTCODE_PATTERN)
    naam: str = Field(min_length=1)
    segment: int | None = Field(default=None, ge=1, le=5)
    subsegment: str | None = None
    lijst: Literal["regio", "landelijk"]


class Bron(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(min_length=1)
    locatie: str = Field(min_length=1)


class _EntryBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)

    id: str = Field(pattern=ID_PATTERN)
    titel: str = Field(min_length=1)
    tekst: str = Field(min_length=1)
    bron: Bron
    trefwoorden: list[str] = Field(default_factory=list)
    aliassen: list[str] = Field(default_factory=list)

    @field_validator("trefwoorden", "aliassen", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        # YAML reads a bare year or code ("2015", "43") as a number; it is still a search word.
        if value is None:
            return []
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value

    @model_validator(mode="after")
    def _no_contact_details(self) -> _EntryBase:
        for name, text in (("titel", self.titel), ("tekst", self.tekst)):
            problem = stub_problem(text)
            if problem:
                raise ValueError(f"{name} is geen inhoud: {problem}")
        for text in (self.titel, self.tekst):
            if _EMAIL.search(text) or _PHONE.search(text):
                raise ValueError("bevat persoonlijke contactgegevens (e-mailadres of telefoon)")
        return self

    @property
    def document_titel(self) -> str:
        return DOCUMENT_TITLES.get(self.bron.document, self.bron.document)


class DoelEntry(_EntryBase):
    soort: Literal["doel"]
    velden: DoelVelden


class OpgaveEntry(_EntryBase):
    soort: Literal["opgave"]
    velden: OpgaveVelden


class ActieEntry(_EntryBase):
    soort: Literal["actie"]
    velden: ActieVelden


class BegripEntry(_EntryBase):
    soort: Literal["begrip"]
    velden: BegripVelden


class SegmentEntry(_EntryBase):
    soort: Literal["segment"]
    velden: SegmentVelden


class ProductEntry(_EntryBase):
    soort: Literal["product"]
    velden: ProductVelden


class OtherEntry(_EntryBase):
    """Plans, ambitions, priorities, projects, ...: free fields, searched as text."""

    soort: Literal[
        "plan",
        "ambitie",
        "prioriteit",
        "project",
        "principe",
        "maatregel",
        "financien",
        "governance",
        "monitoring",
        "overig",
    ]
    velden: dict[str, Any] = Field(default_factory=dict)

    @field_validator("velden", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        value = {} if value is None else value
        _refuse_stubs(value)
        return value


Entry = Annotated[
    DoelEntry | OpgaveEntry | ActieEntry | BegripEntry | SegmentEntry | ProductEntry | OtherEntry,
    Field(discriminator="soort"),
]

ENTRY_ADAPTER: TypeAdapter[Any] = TypeAdapter(Entry)
ENTRY_LIST_ADAPTER: TypeAdapter[list[Any]] = TypeAdapter(list[Entry])

AnyEntry = (
    DoelEntry | OpgaveEntry | ActieEntry | BegripEntry | SegmentEntry | ProductEntry | OtherEntry
)
