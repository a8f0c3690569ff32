"""groupwell: outcomes of group-based health programs.

The EQ-5D part (:mod:`groupwell.eq5d`) scores health states with every published value set::

    >>> import groupwell
    >>> from groupwell.eq5d import value_set
    >>> uk = value_set("UK", "3L")
    >>> uk.id
    '3L_UK'
    >>> uk.index("11111")
    1.0

Summed scales such as SCI-93 are in :mod:`groupwell.scales`, change between timepoints
(improved, unchanged, worsened) in :mod:`groupwell.change`::

    >>> from groupwell import change, scales
    >>> scales.sci93().score([2] * 35).total
    70.0
    >>> change.classify(80, 70, direction="higher_is_worse", threshold=change.sci93_reliable(21.3))
    'unchanged'

Programs (units, groups, participants, enrolments, sessions, measurements), their validation,
timepoints and the tidy table of scores are in :mod:`groupwell.program`::

    >>> from groupwell import program
    >>> p = program.Program.new("pilot", "Pilot", "2015-01-01", "2015-12-31")
    >>> p.validate().is_valid, p.timepoints
    (True, ['baseline', 'week15'])

Goals of a program (JSON or TOML) are evaluated against it by :mod:`groupwell.goals`, into a
report with the numbers behind every outcome, as tables, Markdown or HTML::

    >>> from groupwell import goals
    >>> g = goals.GoalSet.from_dict({"goals": [{"id": "groups", "title": "Five groups",
    ...     "type": "group_count", "period": {"start": "2015-01-01", "end": "2015-12-31"},
    ...     "at_least": 5}]})
    >>> g.evaluate(p).outcomes
    {'groups': 'not_met'}

Every error groupwell raises is a :class:`GroupwellError` (a :class:`ValueError`), with one
subclass per cause::

    >>> try:
    ...     uk.index("11114")
    ... except groupwell.InvalidLevelError as e:
    ...     print(e.kind, e.dimension, e.value)
    InvalidLevel AD 4
"""

from __future__ import annotations

from . import _native
from ._native import (
    AmbiguousValueSetError,
    GroupwellError,
    InstrumentMismatchError,
    InvalidArgumentError,
    InvalidDefinitionError,
    InvalidLevelError,
    InvalidRowsError,
    InvalidStateCodeError,
    InvalidStateError,
    InvalidVasError,
    JsonError,
    LengthMismatchError,
    NoValueSetsError,
    TomlError,
    UnavailableError,
    UnknownValueSetError,
)

__version__: str = _native.__version__

#: Every error kind of the core, each with its own exception class (see ``ERROR_CLASSES``).
ERROR_KINDS: tuple[str, ...] = _native.ERROR_KINDS
#: Core error kind → exception class.
ERROR_CLASSES: dict[str, type[GroupwellError]] = dict(_native.ERROR_CLASSES)

from . import eq5d, stats  # noqa: E402  (after the names eq5d imports from here)
from . import change, program, scales  # noqa: E402  (they use helpers of eq5d)
from . import goals  # noqa: E402  (uses groupwell.program)

__all__ = [
    "ERROR_CLASSES",
    "ERROR_KINDS",
    "AmbiguousValueSetError",
    "GroupwellError",
    "InstrumentMismatchError",
    "InvalidArgumentError",
    "InvalidDefinitionError",
    "InvalidLevelError",
    "InvalidRowsError",
    "InvalidStateCodeError",
    "InvalidStateError",
    "InvalidVasError",
    "JsonError",
    "LengthMismatchError",
    "NoValueSetsError",
    "TomlError",
    "UnavailableError",
    "UnknownValueSetError",
    "__version__",
    "change",
    "eq5d",
    "goals",
    "program",
    "scales",
    "stats",
]
