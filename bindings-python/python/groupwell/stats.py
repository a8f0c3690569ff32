"""Descriptive statistics of scores (index values, EQ VAS, scale totals), computed by the Rust
core: :func:`summary` (needs pandas, as the EQ-5D analyses do).

    >>> from groupwell.stats import summary
    >>> summary([1.0, 2.0, 3.0, 4.0])[["n", "mean", "median", "q1", "q3"]]
       n  mean  median    q1    q3
    0  4   2.5     2.5  1.75  3.25
"""

from __future__ import annotations

from ._analysis import summary

__all__ = ["summary"]
