"""The closed vocabularies of the knowledge base, as plain enums.

They live apart from the pydantic models so that commands served from the validated cache
(which holds plain records, see kb.records) can name them without importing pydantic.
"""

from __future__ import annotations

from enum import Enum

EDITORIAL = "editorial"  # the source id of the project's own judgement


class ProvenanceKind(str, Enum):
    sourced = "sourced"  # a document states this value
    derived = "derived"  # we read it out of a document by a stated rule
    editorial = "editorial"  # our own judgement; the documents do not give it


class DemandLevel(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    very_high = "very-high"


class SupplyDemand(str, Enum):
    oversupplied = "oversupplied"
    balanced = "balanced"
    high_demand = "high-demand"
    high_demand_low_supply = "high-demand-low-supply"
    scarce_roles = "scarce-roles"


class Intensity(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    very_high = "very-high"


class ReadingLoad(str, Enum):
    rare = "rare"
    some = "some"
    daily = "daily"


class RoleStatus(str, Enum):
    established = "established"
    emerging = "emerging"
    fading = "fading"


class Level(str, Enum):
    entry = "entry"
    mid = "mid"
    senior = "senior"
    l5 = "l5"
    any = "any"


class StudyMaterial(str, Enum):
    """Parts of the knowledge base that a prep plan draws on to raise a dimension."""

    loop = "loop"
    pay = "pay"
    market = "market"
    roles = "roles"
    career = "career"


class FixedKind(str, Enum):
    background = "background"
    years = "years"
    skills = "skills"
    timeline = "timeline"
    company = "company"
    target_role = "target-role"
