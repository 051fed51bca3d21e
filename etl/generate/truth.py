"""The ground-truth record of one synthetic article, filled in while its text is written.

The generator knows what it put in, so it records each fact as it writes it
rather than re-extracting. `Truth.record()` gives the gold-file shape of
`../shared/gold/seeds/*.json`: the spec record (../shared/spec/EXTRACTION.md)
plus `body_must_contain`, `body_must_not_contain` and `*_optional` lists.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("host", "speaker", "attendee", "commentator", "quoted")
LEVELS = ("province", "prefecture", "county", "zone")


@dataclass
class Truth:
    officials: dict[str, dict] = field(default_factory=dict)
    officials_optional: list[str] = field(default_factory=list)
    regions: dict[str, dict] = field(default_factory=dict)
    regions_optional: list[str] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    figures_optional: list[dict] = field(default_factory=list)
    rankings: list[dict] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    campaigns_optional: list[str] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    meetings_optional: list[dict] = field(default_factory=list)
    body_must_contain: list[str] = field(default_factory=list)
    body_must_not_contain: list[str] = field(default_factory=list)
    article_optional: list[str] = field(default_factory=list)

    def official(self, name: str, titles: list[str] | tuple[str, ...], role: str) -> None:
        """Add a role (and the titles stated with it) to a person; one entry a person, first-seen order."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        entry = self.officials.setdefault(name, {"name": name, "titles": [], "roles": []})
        for title in titles:
            if title not in entry["titles"]:
                entry["titles"].append(title)
        if role not in entry["roles"]:
            entry["roles"].append(role)

    def region(self, name: str, admin_code: str | None, level: str) -> None:
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
        self.regions.setdefault(name, {"name": name, "admin_code": admin_code, "level": level})

    def optional_region(self, name: str) -> None:
        if name not in self.regions and name not in self.regions_optional:
            self.regions_optional.append(name)

    def has_figure(self, kind: str, value: int | float) -> bool:
        return any(f["kind"] == kind and f["value"] == value
                   for f in (*self.figures, *self.figures_optional))

    def figure(self, kind: str, value: int | float, unit: str, text: str, *, optional: bool = False) -> None:
        """Record a figure; the same (kind, value) twice is one figure, as the spec says."""
        if self.has_figure(kind, value):
            return
        (self.figures_optional if optional else self.figures).append(
            {"kind": kind, "value": value, "unit": unit, "text": text})

    def campaign(self, text: str, *, optional: bool = False) -> None:
        if text in self.campaigns or text in self.campaigns_optional:
            return
        (self.campaigns_optional if optional else self.campaigns).append(text)

    def record(self, file: str, sha256: str, article: dict) -> dict:
        """The gold-file record for `file`; `article` is the spec's article object."""
        out: dict = {"file": file, "sha256": sha256, "article": article}
        if self.article_optional:
            out["article_optional"] = list(self.article_optional)
        out["body_must_contain"] = list(self.body_must_contain)
        out["body_must_not_contain"] = list(self.body_must_not_contain)
        out["meetings"] = list(self.meetings)
        if self.meetings_optional:
            out["meetings_optional"] = list(self.meetings_optional)
        out["officials"] = list(self.officials.values())
        if self.officials_optional:
            out["officials_optional"] = list(self.officials_optional)
        out["regions"] = list(self.regions.values())
        out["regions_optional"] = list(self.regions_optional)
        out["figures"] = list(self.figures)
        out["figures_optional"] = list(self.figures_optional)
        out["rankings"] = list(self.rankings)
        out["campaigns"] = list(self.campaigns)
        out["campaigns_optional"] = list(self.campaigns_optional)
        out["keywords"] = []
        return out
