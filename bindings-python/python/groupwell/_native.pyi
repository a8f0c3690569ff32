"""The Rust extension module (use the wrappers in ``groupwell.eq5d``)."""

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
