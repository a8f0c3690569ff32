"""The Rust extension module (use the wrappers in ``groupwell.eq5d``)."""

from collections.abc import Sequence
from typing import Any, Final, Literal, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "__version__",
    "GroupwellError",
    "InvalidLevelError",
    "InvalidStateError",
    "InvalidStateCodeError",
    "InvalidVasError",
    "InvalidRowsError",
    "LengthMismatchError",
    "UnknownValueSetError",
    "AmbiguousValueSetError",
    "InstrumentMismatchError",
    "NoValueSetsError",
    "InvalidDefinitionError",
    "JsonError",
    "TomlError",
    "InvalidArgumentError",
    "UnavailableError",
    "ERROR_KINDS",
    "ERROR_CLASSES",
    "ValueSet",
    "find",
    "catalogue",
    "value_sets",
    "instrument_name",
    "from_json",
    "from_table",
    "crosswalk_5l_to_3l",
    "crosswalk_3l_to_5l",
    "dimension_of",
    "dimensions",
    "invalid_argument",
    "BUILD_PROFILE",
    "vas",
    "validate_vas",
    "dsu_map",
    "dsu_countries",
    "dsu_age_bands",
    "Pairs",
    "StateCounts",
    "pair",
    "change_labels",
    "state_counts",
    "level_frequencies_by_group",
    "summary",
    "Scale",
    "make_threshold",
    "threshold_preset",
    "change_classes",
    "classify_change",
    "classify_changes",
    "reliable_change_index",
    "reliable_change_indices",
    "Program",
    "program_format",
    "program_themes",
    "program_tables",
    "GoalSet",
    "Report",
    "goals_format",
]

__version__: Final[str]
BUILD_PROFILE: Final[Literal["debug", "release"]]
ERROR_KINDS: Final[tuple[str, ...]]
ERROR_CLASSES: Final[dict[str, type[GroupwellError]]]

# (row, field, message, kind)
_RawRowError = tuple[int, str, str, str]
_Batch = tuple[npt.NDArray[np.float64], list[_RawRowError], int]

class GroupwellError(ValueError):
    kind: str

class InvalidLevelError(GroupwellError):
    dimension: str
    value: str
    instrument: str
    max: int

class InvalidStateError(GroupwellError):
    input: str
    instrument: str
    reason: str

class InvalidStateCodeError(GroupwellError):
    code: str
    instrument: str
    states: int

class InvalidVasError(GroupwellError):
    value: str

class InvalidRowsError(GroupwellError):
    # Raw (row, field, message, kind) tuples from the extension; the groupwell.eq5d wrappers
    # replace them with groupwell.eq5d.RowError named tuples.
    errors: list[Any]

class LengthMismatchError(GroupwellError):
    field: str
    expected: int
    found: int

class UnknownValueSetError(GroupwellError):
    query: str
    suggestions: list[str]

class AmbiguousValueSetError(GroupwellError):
    query: str
    candidates: list[str]

class InstrumentMismatchError(GroupwellError):
    what: str
    expected: str
    found: str

class NoValueSetsError(GroupwellError):
    instrument: str

class InvalidDefinitionError(GroupwellError):
    id: str
    field: str
    reason: str

class JsonError(GroupwellError):
    line: int
    column: int
    message: str

class TomlError(GroupwellError):
    line: int
    column: int
    message: str

class InvalidArgumentError(GroupwellError):
    argument: str
    value: str
    expected: str

class UnavailableError(GroupwellError):
    what: str
    feature: str

@final
class ValueSet:
    @property
    def id(self) -> str: ...
    @property
    def instrument(self) -> str: ...
    @property
    def builtin(self) -> bool: ...
    @property
    def info(self) -> dict[str, Any]: ...
    @property
    def table(self) -> npt.NDArray[np.float64]: ...
    def to_json(self) -> str: ...
    def index(self, state: Any) -> float: ...
    def score(
        self,
        states: Any,
        errors: str = "raise",
        decimals: int | None = None,
        mask: npt.NDArray[np.bool_] | None = None,
    ) -> _Batch: ...
    def score_text(
        self,
        offsets: npt.NDArray[np.int32] | npt.NDArray[np.int64],
        data: npt.NDArray[np.uint8],
        errors: str = "raise",
        decimals: int | None = None,
        mask: npt.NDArray[np.bool_] | None = None,
    ) -> _Batch: ...
    def score_codes(
        self,
        codes: Any,
        errors: str = "raise",
        decimals: int | None = None,
        mask: npt.NDArray[np.bool_] | None = None,
    ) -> _Batch: ...
    def score_levels(
        self,
        levels: Any,
        errors: str = "raise",
        decimals: int | None = None,
        masks: Any = None,
    ) -> _Batch: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def find(name: str, instrument: str | None = None) -> ValueSet: ...
def catalogue() -> list[ValueSet]: ...
def value_sets(instrument: str | None = None) -> list[ValueSet]: ...
def instrument_name(instrument: str) -> str: ...
def from_json(text: str) -> ValueSet: ...
def from_table(id: str, instrument: str, pairs: Any) -> ValueSet: ...
def crosswalk_5l_to_3l(value_set: ValueSet) -> ValueSet: ...
def crosswalk_3l_to_5l(value_set: ValueSet) -> ValueSet: ...
def dimension_of(name: str) -> Literal["MO", "SC", "UA", "PD", "AD"] | None: ...
def dimensions() -> list[str]: ...
def invalid_argument(argument: str, value: str, expected: str) -> InvalidArgumentError: ...
def vas(value: Any, errors: str = "raise") -> float: ...
def validate_vas(
    values: Any, errors: str = "raise", mask: npt.NDArray[np.bool_] | None = None
) -> _Batch: ...
def dsu_map(
    states: Any,
    age: Any,
    sex: Any,
    country: str,
    direction: str = "5L->3L",
    copula: bool = True,
    codes: bool = False,
    errors: str = "raise",
    decimals: int | None = None,
    state_mask: npt.NDArray[np.bool_] | None = None,
    age_mask: npt.NDArray[np.bool_] | None = None,
) -> _Batch: ...
def dsu_countries() -> list[str]: ...
def dsu_age_bands() -> list[str]: ...

# Profile analyses (groupwell._analysis wraps them).
_PchcTable = dict[str, Any]  # category: list[str], number: list[int], percent: list[float], pairs: int
_Shannon = tuple[float, float, float]

@final
class Pairs:
    def __len__(self) -> int: ...
    @property
    def instrument(self) -> str | None: ...
    @property
    def ids(self) -> npt.NDArray[np.int64] | list[str]: ...
    @property
    def pre_rows(self) -> npt.NDArray[np.uint64]: ...
    @property
    def post_rows(self) -> npt.NDArray[np.uint64]: ...
    @property
    def pre_codes(self) -> npt.NDArray[np.uint16]: ...
    @property
    def post_codes(self) -> npt.NDArray[np.uint16]: ...
    @property
    def excluded(self) -> tuple[list[Any], list[str]]: ...
    def pchc(self, no_problems: bool, totals: bool) -> _PchcTable: ...
    def pchc_by_dimension(self, no_problems: bool, totals: bool) -> list[_PchcTable]: ...
    def probability_of_superiority(self) -> tuple[float, float, float, float, float]: ...
    def health_profile_grid(
        self, value_set: ValueSet, no_problems: bool = False, decimals: int | None = None
    ) -> tuple[
        npt.NDArray[np.uint16], npt.NDArray[np.uint16], npt.NDArray[np.uint8], int
    ]: ...

@final
class StateCounts:
    @property
    def n(self) -> int: ...
    @property
    def missing(self) -> int: ...
    @property
    def invalid(self) -> int: ...
    @property
    def instrument(self) -> str: ...
    @property
    def counts(self) -> npt.NDArray[np.uint64]: ...
    def distinct(self) -> int: ...
    def level_frequencies(self) -> tuple[list[list[int]], list[list[float]]]: ...
    def cumulative_frequencies(
        self,
    ) -> tuple[list[str], list[int], list[float], list[int], list[float]]: ...
    def hsdc(self) -> tuple[list[float], list[float], float, int]: ...
    def shannon_by_dimension(self, h_max: str) -> list[_Shannon]: ...
    def shannon_profile(self, h_max: str) -> _Shannon: ...
    def level_sum_distribution(self) -> tuple[list[int], list[int], list[float]]: ...
    def level_frequency_distribution(self) -> tuple[list[str], list[int], list[float]]: ...

def pair(
    pre_ids: Any,
    pre_states: Any,
    post_ids: Any,
    post_states: Any,
    instrument: str,
    duplicates: str = "error",
    pre_mask: npt.NDArray[np.bool_] | None = None,
    post_mask: npt.NDArray[np.bool_] | None = None,
) -> Pairs: ...
def change_labels() -> list[str]: ...
def state_counts(
    states: Any,
    instrument: str,
    errors: str = "raise",
    mask: npt.NDArray[np.bool_] | None = None,
) -> StateCounts: ...
def level_frequencies_by_group(
    states: Any,
    instrument: str,
    groups: Any,
    errors: str = "raise",
    mask: npt.NDArray[np.bool_] | None = None,
) -> list[tuple[str, list[list[int]], list[list[float]], int, int, int]]: ...
def summary(
    values: Any,
    groups: Any = None,
    confidence: float = 0.95,
    mask: npt.NDArray[np.bool_] | None = None,
) -> list[tuple[str | None, dict[str, Any]]]: ...

# Summed scales (groupwell.scales wraps them).
# (total, subscales, answered, prorated, band)
_ScaleScore = tuple[float | None, list[float | None], int, bool, str | None]
# (totals, subscales, answered, prorated, band indices (-1 = none), errors, missing)
_ScaleBatch = tuple[
    npt.NDArray[np.float64],
    list[npt.NDArray[np.float64]],
    npt.NDArray[np.int64],
    npt.NDArray[np.bool_],
    npt.NDArray[np.int64],
    list[_RawRowError],
    int,
]

@final
class Scale:
    @staticmethod
    def sci93() -> Scale: ...
    @staticmethod
    def from_json(text: str) -> Scale: ...
    def to_json(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def items(self) -> list[str]: ...
    @property
    def bands(self) -> list[tuple[str, float, float]]: ...
    @property
    def subscales(self) -> list[tuple[str, list[str], int]]: ...
    @property
    def total_range(self) -> tuple[float, float]: ...
    @property
    def direction(self) -> Literal["higher_is_worse", "higher_is_better"]: ...
    @property
    def total(self) -> Literal["sum", "mean"]: ...
    @property
    def max_missing(self) -> int: ...
    def score_one(self, answers: Any, offset: Any) -> _ScaleScore: ...
    def score_rows(self, answers: Any, offset: Any, errors: str) -> _ScaleBatch: ...
    def score_columns(
        self, columns: list[tuple[str, Any, npt.NDArray[np.bool_] | None]], offset: Any, errors: str
    ) -> _ScaleBatch: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

# Change classification (groupwell.change wraps them).
# (kind, mid, sd, reliability)
_Threshold = tuple[str, float | None, float | None, float | None]

def make_threshold(
    kind: str, mid: float | None = None, sd: float | None = None, reliability: float | None = None
) -> _Threshold: ...
def threshold_preset(name: str, sd: float | None = None) -> _Threshold: ...
def change_classes() -> list[str]: ...
def classify_change(
    baseline: Any, follow_up: Any, direction: str, threshold: _Threshold
) -> str | None: ...
def classify_changes(
    baseline: Any,
    follow_up: Any,
    direction: str,
    threshold: _Threshold,
    baseline_mask: npt.NDArray[np.bool_] | None = None,
    follow_up_mask: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int8]: ...
def reliable_change_index(baseline: Any, follow_up: Any, sd: float, reliability: float) -> float: ...
def reliable_change_indices(
    baseline: Any,
    follow_up: Any,
    sd: float,
    reliability: float,
    baseline_mask: npt.NDArray[np.bool_] | None = None,
    follow_up_mask: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.float64]: ...

# The program model (groupwell.program wraps it). Dates of records are ordinals
# (datetime.date.toordinal()).
# (severity, code, path, table, index, field, (file, line, column) or None, message, text)
_Finding = tuple[
    Literal["error", "warning"],
    str,
    str,
    str,
    int | None,
    str | None,
    tuple[str, int, str | None] | None,
    str,
    str,
]
# (enrolment, participant, group, timepoint, measurement, (date, target, distance_days),
#  (window start, window end), candidates, at_group_end, (anchor, offset), explanation)
_Assignment = tuple[
    int, str, str, str, int, tuple[int, int, int], tuple[int, int], int, bool, tuple[str, str], str
]
# (enrolment, participant, group, timepoint, window or None, reason)
_Missing = tuple[int, str, str, str, tuple[int, int] | None, str]
# (measurement, participant, date, reason)
_Unassigned = tuple[int, str, int, str]
_Assignments = tuple[list[_Assignment], list[_Missing], list[_Unassigned]]
# (theme, format, unit, peer_led)
_Filter = tuple[str | None, str | None, str | None, bool | None]
# ([(column, distinct values, codes)], days since 1970-01-01, values)
_Tidy = tuple[
    list[tuple[str, list[str], npt.NDArray[np.uint32]]],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
]

@final
class Program:
    @staticmethod
    def from_json(text: str | bytes | bytearray) -> Program: ...
    @staticmethod
    def new(id: str, name: str, start: str, end: str) -> Program: ...
    @staticmethod
    def from_csv(
        skeleton: Program,
        tables: Sequence[tuple[str, str | bytes | bytearray, str]],
        columns: dict[str, dict[str, str]],
        measurement_columns: str | None = None,
    ) -> Program: ...
    def to_json(self) -> str: ...
    def to_csv_tables(self) -> list[tuple[str, str]]: ...
    def skeleton(self) -> Program: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def period(self) -> tuple[int, int]: ...
    @property
    def owners(self) -> list[str]: ...
    @property
    def timepoints(self) -> list[str]: ...
    @property
    def instrument(self) -> str: ...
    @property
    def counts(self) -> list[tuple[str, int]]: ...
    @property
    def has_sources(self) -> bool: ...
    def validate(self) -> list[_Finding]: ...
    def validate_and_assign(self) -> tuple[list[_Finding], _Assignments]: ...
    def assign_timepoints(self) -> _Assignments: ...
    def groups_running(self, start: str, end: str, filter: _Filter) -> str: ...
    def participants_in(self, start: str, end: str, filter: _Filter) -> list[str]: ...
    def attendance(self) -> list[tuple[str, int, int, int, float | None]]: ...
    def participant_attendance(self) -> list[tuple[str, str, int, int, float | None]]: ...
    def completion(
        self,
    ) -> list[tuple[str, int, int, int, int, int, int, float | None, float | None]]: ...
    def group_summaries(
        self,
    ) -> list[tuple[str, str, str, list[str], int, int | None, int, bool | None]]: ...
    def tidy(self, value_sets: list[str], subscales: bool) -> _Tidy: ...
    def tidy_csv(self, value_sets: list[str], subscales: bool) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

def program_format() -> str: ...
def program_themes() -> list[str]: ...
def program_tables() -> list[str]: ...

# Goals (groupwell.goals wraps them).
@final
class GoalSet:
    @staticmethod
    def from_json(text: str | bytes | bytearray) -> GoalSet: ...
    @staticmethod
    def from_toml(text: str | bytes | bytearray) -> GoalSet: ...
    def to_json(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def ids(self) -> list[str]: ...
    def evaluate(self, program: Program) -> Report: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Report:
    @staticmethod
    def from_json(text: str | bytes | bytearray) -> Report: ...
    def to_json(self) -> str: ...
    def to_json_compact(self) -> str: ...
    def to_markdown(self) -> str: ...
    def to_html(self) -> str: ...
    def to_html_fragment(self) -> str: ...
    @property
    def program_id(self) -> str: ...
    @property
    def program_name(self) -> str: ...
    def __len__(self) -> int: ...

def goals_format() -> str: ...
