"""The shape of the knowledge base: strict pydantic models, one per kind of fact.

Every model forbids unknown keys, so a typo in the YAML is an error rather than a silently
ignored field. Every figure and claim carries a `source` naming an entry of `sources` in
`landscape.yaml`; the editorial source marks content the documents do not give.
"""

# No `from __future__ import annotations`: with annotations as objects, pydantic has no strings
# to evaluate when it creates each model class at import (about a fifth less import work).
# Quote only a class named before it exists (a validator returning its own class).
import copy
from collections.abc import Callable
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from roleadvisor.kb.enums import (
    EDITORIAL,
    DemandLevel,
    Intensity,
    Level,
    ProvenanceKind,
    ReadingLoad,
    RoleStatus,
    StudyMaterial,
    SupplyDemand,
)
from roleadvisor.kb.lookups import BasisLookups, ProvenanceLookups

# --- primitives ---------------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


def _as_tuple(value: object) -> object:
    """Let YAML say `source: handbook` or `source: [handbook, careers-map]`."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    return value


class _Shorthand:
    """Field metadata like BeforeValidator(expand, json_schema_input_type=written), for a
    shorthand used by dozens of fields: the schema of what YAML may hold (`written`, shown
    only by the JSON Schema) is built once, not once per field of every model. `written` must
    name no model: a model's schema belongs to the model being built."""

    def __init__(self, expand: Callable[[object], object], written: object) -> None:
        self._expand = expand
        self._written = written
        self._written_schema: core_schema.CoreSchema | None = None

    def __get_pydantic_core_schema__(
        self, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        if self._written_schema is None:
            self._written_schema = handler.generate_schema(self._written)
        return core_schema.no_info_before_validator_function(
            self._expand,
            handler(source),
            json_schema_input_schema=copy.deepcopy(self._written_schema),  # each field its own
        )


# the JSON Schema (`roleadvisor kb schema`) says what YAML may hold: one id or a list of ids
SourceRef = Annotated[
    tuple[Id, ...],
    _Shorthand(_as_tuple, written=Id | Annotated[list[Id], Field(min_length=1)]),
    Field(min_length=1),
]



def _provenance_shorthand(value: object) -> object:
    """Let YAML say `editorial`, `handbook` or `[handbook, careers-map]` for the common cases;
    a derived value always spells out its rule as a mapping."""
    if value == EDITORIAL:
        return {"kind": "editorial", "source": EDITORIAL}
    if isinstance(value, (str, list)):
        return {"kind": "sourced", "source": value}
    return value



class ValueProvenance(ProvenanceLookups, BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    kind: ProvenanceKind
    source: SourceRef
    rule: Text | None = Field(default=None, description="How a derived value was read.")

    @model_validator(mode="after")
    def _consistent(self) -> "ValueProvenance":
        editorial = EDITORIAL in self.source
        if self.kind is ProvenanceKind.editorial:
            if self.source != (EDITORIAL,) or self.rule:
                raise ValueError("an editorial value cites only `editorial` and has no rule")
        elif editorial:
            raise ValueError(
                f"a {self.kind.value} value cites documents only; say `editorial` if it is ours"
            )
        elif self.kind is ProvenanceKind.derived and not self.rule:
            raise ValueError("a derived value needs the `rule` it was derived by")
        elif self.kind is ProvenanceKind.sourced and self.rule:
            raise ValueError("a sourced value has no rule; make it `derived` if it was read in")
        return self


# the JSON Schema names the shorthands too: an id, a list of ids, or the mapping
Provenance = Annotated[
    ValueProvenance,
    BeforeValidator(
        _provenance_shorthand,
        json_schema_input_type=Id | Annotated[list[Id], Field(min_length=1)] | ValueProvenance,
    ),
]
"""Where ONE value came from: a document states it, we derived it by a rule, or it is ours.
Used beside values that a view shows on their own (tier, status, supply label, round weight,
transition duration), so a value never borrows the provenance of the text around it."""


# Tiers and sectors are open: each is declared under `tiers` / `sectors` in landscape.yaml and
# every use is cross-checked against them (kb.validation.cross_check), so adding one is a YAML edit.
Tier = Id
Sector = Id







# Round kinds are open too: declared, in the order loops are compared, under `round_kinds`.
RoundKind = Id



# --- sourced content -------------------------------------------------------------------------


class Claim(Strict):
    """One statement in the project's own words, with where it came from."""

    text: Text
    source: SourceRef


class ClaimList(Strict):
    """A list of short statements sharing one provenance."""

    items: Annotated[list[Text], Field(min_length=1)]
    source: SourceRef


class SourceDoc(Strict):
    id: Id
    title: Text
    kind: Literal["document", "editorial"]
    file: str | None = None
    as_of: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}){0,2}$")]

    @model_validator(mode="after")
    def _file_for_documents(self) -> "SourceDoc":
        if self.kind == "document" and not self.file:
            raise ValueError("a document source needs `file` (the seed file name)")
        return self


# --- roles -----------------------------------------------------------------------------------


PayBasis = Literal["total-comp", "base-salary", "salary", "qualitative"]


class PayFigure(Strict):
    """One pay figure as a document states it: a numeric range or a qualitative band."""

    label: Text
    basis: PayBasis
    low: Annotated[int, Field(ge=10_000, le=10_000_000)] | None = None
    high: Annotated[int, Field(ge=10_000, le=10_000_000)] | None = None
    open_ended: bool = False
    currency: Literal["USD"] = "USD"
    level: Level = Level.any
    region: Text | None = None
    note: Text | None = None
    source: SourceRef

    @model_validator(mode="after")
    def _consistent(self) -> "PayFigure":
        if self.basis == "qualitative":
            if self.low is not None or self.high is not None:
                raise ValueError("a qualitative pay band has no low/high numbers")
            if not self.note:
                raise ValueError("a qualitative pay band needs a `note` describing it")
        else:
            if self.low is None:
                raise ValueError("a numeric pay figure needs `low`")
            if self.high is not None and self.high < self.low:
                raise ValueError(f"high ({self.high}) is below low ({self.low})")
        return self


class SupplyDemandSignal(Strict):
    level: SupplyDemand
    level_provenance: Provenance = Field(
        description="Where the label comes from; `source` covers the note."
    )
    note: Text | None = None
    source: SourceRef


class SectorDemand(Strict):
    sector: Sector
    level: DemandLevel
    source: SourceRef


class IntensityRating(Strict):
    level: Intensity
    source: SourceRef


class ReadingRating(Strict):
    level: ReadingLoad
    source: SourceRef


class Round(Strict):
    """One round of an interview loop: what it tests (from a source) and how to prepare."""

    kind: RoundKind
    title: Text
    tests: Text
    source: SourceRef
    emphasis: Annotated[int, Field(ge=1, le=5)] = Field(
        description="How heavily the loop leans on this round, 1 (light) to 5 (decisive)."
    )
    emphasis_provenance: Provenance = Field(
        description="Where the weight comes from; `source` covers only what the round tests."
    )
    study: Annotated[list[Text], Field(min_length=1)]
    skip: list[Text] = []
    advice_source: SourceRef = Field(description="Provenance of `study` and `skip`.")


class InterviewLoop(Strict):
    emphasis: Claim
    rounds: Annotated[list[Round], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_rounds(self) -> "InterviewLoop":
        kinds = [r.kind for r in self.rounds]
        if len(set(kinds)) != len(kinds):
            raise ValueError("each round kind may appear once in a loop")
        return self


TransitionMeasure = Literal["learn-skills", "interview-ready"]


class Transition(Strict):
    """A route into this role from a background, with how long it takes.

    `measure` says what the weeks count: time to learn the role's core skills, or time to be
    ready to interview (shorter, and only meaningful under a deadline). The two never mix."""

    background: Id
    duration: Text
    measure: TransitionMeasure = "learn-skills"
    duration_provenance: Provenance = Field(
        description="Where the duration comes from; `source` covers the route and skills."
    )
    min_weeks: Annotated[int, Field(ge=0, le=520)]
    max_weeks: Annotated[int, Field(ge=0, le=520)]
    reuse: list[Text] = []
    learn: Annotated[list[Text], Field(min_length=1)]
    source: SourceRef

    @model_validator(mode="after")
    def _ordered(self) -> "Transition":
        if self.max_weeks < self.min_weeks:
            raise ValueError(f"max_weeks ({self.max_weeks}) is below min_weeks ({self.min_weeks})")
        return self


class LevelExpectation(Strict):
    level: Level
    years: Text
    expectations: Annotated[list[Text], Field(min_length=1)]
    red_flags: list[Text] = []
    source: SourceRef


class SkillSet(Strict):
    items: Annotated[list[Id], Field(min_length=1)]
    source: SourceRef


class Role(Strict):
    id: Id
    name: Text
    aliases: list[Id] = []
    tier: Tier
    tier_provenance: Provenance = Field(description="Who puts the role in this tier.")
    status: RoleStatus = RoleStatus.established
    status_provenance: Provenance = Field(description="Who calls the role new, settled or fading.")
    summary: Claim
    primary_focus: Claim | None = None
    key_skill: Claim | None = None
    day_to_day: ClaimList
    skills: SkillSet
    skill_priorities: ClaimList | None = None
    tools: ClaimList | None = None
    outputs: ClaimList | None = None
    use_cases: ClaimList | None = None
    loop: InterviewLoop
    pay: list[PayFigure] = []
    supply_demand: SupplyDemandSignal | None = None
    sector_demand: list[SectorDemand] = []
    coding_intensity: IntensityRating | None = None
    research_reading: ReadingRating | None = None
    path_to_staff: Claim | None = None
    entry_points: ClaimList | None = None
    transitions: list[Transition] = []
    levels: list[LevelExpectation] = []
    best_for: Claim | None = None
    skip_if: Claim | None = None
    notes: list[Claim] = []

    @model_validator(mode="after")
    def _unique_parts(self) -> "Role":
        sectors = [d.sector for d in self.sector_demand]
        if len(set(sectors)) != len(sectors):
            raise ValueError("each sector may appear once in sector_demand")
        backgrounds = [t.background for t in self.transitions]
        if len(set(backgrounds)) != len(backgrounds):
            raise ValueError("each background may appear once in transitions")
        return self


class RolesFile(Strict):
    roles: Annotated[list[Role], Field(min_length=1)]


# --- skills and backgrounds -------------------------------------------------------------------


SkillCategoryId = Literal[
    "language", "ml", "genai", "data", "infrastructure", "engineering", "research",
    "safety", "product", "analysis",
]


class SkillCategory(Strict):
    id: SkillCategoryId
    name: Text


class Skill(Strict):
    id: Id
    name: Text
    category: SkillCategoryId
    keywords: list[Text] = Field(default=[], description="Phrases that signal this skill.")


class Background(Strict):
    """Where a person comes from: the questionnaire's background choices."""

    id: Id
    name: Text
    role: Id | None = Field(default=None, description="The role this background is, if any.")
    skills: list[Id] = Field(default=[], description="Skills such a person usually has.")


class SkillsFile(Strict):
    categories: Annotated[list[SkillCategory], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(min_length=1)]
    backgrounds: Annotated[list[Background], Field(min_length=1)]

    @model_validator(mode="after")
    def _categories_named(self) -> "SkillsFile":
        named = {c.id for c in self.categories}
        missing = sorted({s.category for s in self.skills} - named)
        if missing:
            raise ValueError(f"skill categories without a name in `categories`: {missing}")
        return self


# --- choices that explain themselves ---------------------------------------------------------


class Explained(BasisLookups, Strict):
    """A choice the knowledge base makes (a weight, a tuned value, a rule): the documents it
    rests on, or our own judgement (`editorial`), which then says why in one line."""

    what: ClassVar[str] = "choice"  # how the error names it

    source: SourceRef
    why: Annotated[str, Field(min_length=1, max_length=200)] | None = None

    @model_validator(mode="after")
    def _editorial_says_why(self) -> "Explained":
        if EDITORIAL in self.source and not self.why:
            raise ValueError(f"an editorial {self.what} needs `why`: its rationale in one line")
        return self


# --- the headline pay figure ------------------------------------------------------------------


class PayHeadline(Explained):
    """Which of a role's pay figures heads its summary (`roles`, `show`, JSON) and leads the
    comparison: the figure of this level and basis in the market; else the role's first range
    in the market, else its first range, else its first figure."""

    id: Id = Field(description="Names the comparison row (its JSON key, with underscores).")
    label: Text = Field(description="The comparison row of the headline figure.")
    level: Level
    basis: PayBasis
    market: Annotated[list[Text], Field(min_length=1)] = Field(
        description="Region names that mean the market, each matched as a whole word."
    )
    ranges_id: Id = Field(description="Names the comparison row of the market's ranges.")
    ranges_label: Text = Field(
        description="The comparison row of a role's other ranges in the market, for the role "
        "as a whole (per-level and per-city figures stay in `show`)."
    )


# --- the landscape: tiers, sectors, confusions, market ---------------------------------------


class TierInfo(Strict):
    id: Tier
    name: Text
    purpose: Claim


class SectorInfo(Strict):
    id: Sector
    name: Text


class RoundKindInfo(Strict):
    id: RoundKind
    name: Text = Field(description="How a round of this kind is labelled in views.")


class Confusion(Strict):
    """Roles people mix up, with the one line that tells them apart."""

    id: Id
    roles: Annotated[list[Id], Field(min_length=2, max_length=4)]
    distinction: Claim
    detail: ClaimList | None = None


class CompanyVariation(Strict):
    company_type: Text
    roles: list[Id] = []
    note: Claim


class Stat(Strict):
    label: Text
    percent: Annotated[float, Field(ge=0, le=100)] | None = None
    count: Annotated[int, Field(ge=0)] | None = None
    total: Annotated[int, Field(ge=1)] | None = None
    total_basis: Literal["stated", "inferred"] = Field(
        default="stated",
        description="`inferred` when the document gives the share but not the base it counts.",
    )
    note: Text | None = None
    source: SourceRef

    @model_validator(mode="after")
    def _has_value(self) -> "Stat":
        if self.percent is None and self.count is None:
            raise ValueError("a statistic needs `percent` or `count`")
        if self.count is not None and self.total is not None and self.count > self.total:
            raise ValueError(f"count ({self.count}) exceeds total ({self.total})")
        if self.total_basis == "inferred" and (self.total is None or not self.note):
            raise ValueError("an inferred base needs `total` and a `note` on how it was inferred")
        return self


class Responsibility(Strict):
    label: Text
    frequency: Literal["very-common", "common", "less-common"]
    source: SourceRef


class MarketAnalysis(Strict):
    """The job-description analysis: what postings ask for, and how often."""

    title: Text
    sample: Claim
    languages: list[Stat] = []
    skills: list[Stat] = []
    quality_practices: list[Stat] = []
    stack: list[Stat] = []
    responsibilities: list[Responsibility] = []
    findings: list[Claim] = []


class AdviceTopic(Strict):
    id: Id
    title: Text
    audience: Text | None = None
    items: ClaimList
    roles: list[Id] = Field(default=[], description="Roles whose `show` view carries this topic.")
    in_loop: bool = Field(default=False, description="Also shown beside these roles' loops.")


class Disagreement(Strict):
    """Two or more documents that say different things about the same point. Both are kept,
    and every view that shows the point shows all sides."""

    id: Id
    topic: Text
    roles: list[Id] = Field(default=[], description="Roles whose views show the disagreement.")
    sides: Annotated[list[Claim], Field(min_length=2)]

    @model_validator(mode="after")
    def _distinct_sources(self) -> "Disagreement":
        if len({side.source for side in self.sides}) != len(self.sides):
            raise ValueError("each side of a disagreement cites a different source")
        return self


class Landscape(Strict):
    sources: Annotated[list[SourceDoc], Field(min_length=1)]
    tiers: Annotated[list[TierInfo], Field(min_length=1)]
    sectors: Annotated[list[SectorInfo], Field(min_length=1)]
    round_kinds: Annotated[list[RoundKindInfo], Field(min_length=1)]
    confusions: list[Confusion] = []
    company_variations: list[CompanyVariation] = []
    pay: list[PayFigure] = Field(default=[], description="Figures that span roles.")
    pay_headline: PayHeadline = Field(description="Which of a role's pay figures leads.")
    trends: list[Claim] = []
    market: MarketAnalysis
    advice: list[AdviceTopic] = []
    disagreements: list[Disagreement] = []


# --- self-assessment, checkpoints, cheat sheet, practice problems -----------------------------


class Anchor(Strict):
    score: Literal[1, 3, 5]
    text: Text



class Dimension(Strict):
    id: Id
    name: Text
    question: Text
    anchors: Annotated[list[Anchor], Field(min_length=3, max_length=3)]
    material: list[StudyMaterial] = Field(
        default=[], description="What to study when the person rates themselves low here."
    )
    source: SourceRef

    @model_validator(mode="after")
    def _anchors_1_3_5(self) -> "Dimension":
        if sorted(a.score for a in self.anchors) != [1, 3, 5]:
            raise ValueError("anchors must be given for scores 1, 3 and 5")
        return self


class ScoreBand(Strict):
    id: Id
    low: Annotated[int, Field(ge=0, le=100)]
    high: Annotated[int, Field(ge=0, le=100)]
    advice: Text
    source: SourceRef


class Checkpoint(Strict):
    day: Annotated[int, Field(ge=0, le=365)]
    task: Text
    source: SourceRef


class CheatSheetEntry(Strict):
    pattern: Text
    framework: Text
    example: Text
    source: SourceRef


class RubricLevel(Strict):
    grade: Literal["strong-hire", "lean-hire", "no-hire"]
    criterion: Text


class PracticeProblem(Strict):
    id: Id
    title: Text
    prompt: Text
    hints: list[Text] = []
    strong_answer: Text
    rubric: Annotated[list[RubricLevel], Field(min_length=1)]
    expected_roles: Annotated[list[Id], Field(min_length=1)]
    source: SourceRef


class AssessmentFile(Strict):
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    bands: Annotated[list[ScoreBand], Field(min_length=1)]
    checkpoints: Annotated[list[Checkpoint], Field(min_length=1)]
    cheat_sheet: list[CheatSheetEntry] = []
    practice_problems: list[PracticeProblem] = []

    @field_validator("bands")
    @classmethod
    def _bands_cover_range(cls, bands: list[ScoreBand], info: ValidationInfo) -> list[ScoreBand]:
        dimensions = info.data.get("dimensions")
        if not dimensions:
            return bands  # the dimensions' own error is reported instead
        low, high = len(dimensions), 5 * len(dimensions)
        expected = low
        for band_low, band_high in sorted((b.low, b.high) for b in bands):
            if band_low != expected or band_high < band_low:
                raise ValueError(
                    f"score bands must cover {low}-{high} without gaps or overlaps "
                    f"(a band starts at {band_low}, expected {expected})"
                )
            expected = band_high + 1
        if expected != high + 1:
            raise ValueError(f"score bands must end at {high}, they end at {expected - 1}")
        return bands

    @field_validator("checkpoints")
    @classmethod
    def _checkpoints_in_order(cls, checkpoints: list[Checkpoint]) -> list[Checkpoint]:
        days = [c.day for c in checkpoints]
        if days != sorted(set(days)):
            raise ValueError("checkpoints must be in increasing day order, each day once")
        return checkpoints
