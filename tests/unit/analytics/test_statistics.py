"""The pure-Python statistics against values worked out by hand (and by scipy's
asymptotic Mann–Whitney U with continuity correction)."""

import math

import pytest

from anki_template_designer.services.analytics.statistics import (
    ewma,
    mad,
    mann_whitney_u,
    median,
    two_proportions,
)


def test_mann_whitney_u_separated_samples():
    result = mann_whitney_u([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    assert result.statistic == 0
    assert result.z == pytest.approx(-12 / math.sqrt(25 * 11 / 12))
    assert result.p_value == pytest.approx(0.012186, abs=1e-6)
    assert mann_whitney_u([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).statistic == 25


def test_mann_whitney_u_ties_and_identical_samples():
    assert mann_whitney_u([3, 3, 3], [3, 3, 3]).p_value == 1.0
    tied = mann_whitney_u([1, 2, 2, 3], [2, 3, 3, 4])
    # ranks: 1, 2,2,2 -> 3 each, 3,3,3 -> 6 each, 4 -> 8: R1 = 1+3+3+6 = 13, U = 3
    assert tied.statistic == 3
    with pytest.raises(ValueError, match="both samples"):
        mann_whitney_u([], [1])


def test_two_proportions():
    result = two_proportions(45, 50, 30, 50)
    assert result.z == pytest.approx(-0.3 / math.sqrt(0.75 * 0.25 * 0.04))
    assert result.p_value == pytest.approx(0.000532, abs=1e-6)
    assert two_proportions(50, 50, 50, 50).p_value == 1.0
    with pytest.raises(ValueError):
        two_proportions(0, 0, 1, 1)


def test_median_mad_ewma():
    assert median([3, 1, 2]) == 2 and median([4, 1, 3, 2]) == 2.5
    assert mad([1, 2, 3, 4, 100]) == pytest.approx(1.482602, abs=1e-6)
    assert ewma([0, 10, 10], 0.5) == [0, 5, 7.5]
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        ewma([1], 0)
