"""Share editing keeps the shares summing to 1, non-negative, and locked shares fixed."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.scenario.shares import add_share, move_boundary, rebalance, remove_share

WEIGHTS = st.one_of(st.just(0.0), st.floats(1e-3, 1.0))
VALUES = st.floats(-0.5, 1.5, allow_nan=False)


@st.composite
def share_lists(draw: st.DrawFn, min_size: int = 1) -> list[float]:
    """1 to 10 shares summing to 1 (some may be 0)."""
    weights = draw(st.lists(WEIGHTS, min_size=min_size, max_size=10))
    if math.fsum(weights) == 0.0:
        weights[0] = 1.0
    total = math.fsum(weights)
    return [w / total for w in weights]


def assert_valid(shares: tuple[float, ...]) -> None:
    assert isinstance(shares, tuple)
    assert abs(math.fsum(shares) - 1.0) <= 1e-12
    assert min(shares) >= 0.0


@given(st.data())
def test_rebalance_keeps_sum_locks_and_proportions(data: st.DataObject) -> None:
    shares = data.draw(share_lists())
    index = data.draw(st.integers(0, len(shares) - 1))
    locked = data.draw(st.sets(st.integers(0, len(shares) - 1)))
    value = data.draw(VALUES)
    new = rebalance(shares, index, value, locked)
    assert_valid(new)
    for j in locked - {index}:
        assert new[j] == shares[j]
    others = [j for j in range(len(shares)) if j != index and j not in locked]
    if not others:
        assert new == tuple(shares)
        return
    room = 1.0 - math.fsum(shares[j] for j in locked if j != index)
    assert new[index] == pytest.approx(min(max(value, 0.0), room), abs=1e-12)
    for j in others:  # the unlocked others keep their proportions
        for k in others:
            assert new[j] * shares[k] == pytest.approx(new[k] * shares[j], abs=1e-12)


@given(st.data())
def test_move_boundary_changes_only_the_two_neighbours(data: st.DataObject) -> None:
    shares = data.draw(share_lists(min_size=2))
    boundary = data.draw(st.integers(0, len(shares) - 2))
    position = data.draw(VALUES)
    new = move_boundary(shares, boundary, position)
    assert_valid(new)
    changed = {j for j in range(len(shares)) if new[j] != shares[j]}
    assert changed <= {boundary, boundary + 1}
    low, high = math.fsum(shares[:boundary]), math.fsum(shares[: boundary + 2])
    at = math.fsum(new[: boundary + 1])
    assert at == pytest.approx(min(max(position, low), high), abs=1e-12)


@given(share_lists())
def test_add_share_takes_an_equal_part(shares: list[float]) -> None:
    n = len(shares)
    new = add_share(shares)
    assert_valid(new)
    assert len(new) == n + 1 and new[-1] == pytest.approx(1 / (n + 1), abs=1e-12)
    for old, scaled in zip(shares, new, strict=False):
        assert scaled == pytest.approx(old * n / (n + 1), abs=1e-12)


@given(st.data())
def test_remove_share_redistributes_proportionally(data: st.DataObject) -> None:
    shares = data.draw(share_lists(min_size=2))
    index = data.draw(st.integers(0, len(shares) - 1))
    new = remove_share(shares, index)
    assert_valid(new)
    rest = shares[:index] + shares[index + 1 :]
    assert len(new) == len(rest)
    if math.fsum(rest) > 0.0:
        for old, grown in zip(rest, new, strict=True):
            assert grown == pytest.approx(old / math.fsum(rest), abs=1e-12)
    else:
        assert new == pytest.approx([1 / len(rest)] * len(rest), abs=1e-12)


def test_rebalance_examples() -> None:
    assert rebalance([0.33, 0.33, 0.34], 1, 0.5, {2}) == pytest.approx((0.16, 0.5, 0.34))
    assert rebalance([1.0, 0.0, 0.0], 0, 0.4) == pytest.approx((0.4, 0.3, 0.3))  # equal spread
    assert rebalance([0.2, 0.3, 0.5], 0, 0.9, {2}) == pytest.approx((0.5, 0.0, 0.5))  # clipped
    assert rebalance([0.2, 0.8], 0, 0.5, {1}) == (0.2, 0.8)  # no unlocked other
    assert rebalance([1.0], 0, 0.5) == (1.0,)


def test_move_boundary_and_remove_refusals() -> None:
    assert move_boundary([0.5, 0.5], 0, 0.9) == pytest.approx((0.9, 0.1))
    assert move_boundary([0.2, 0.3, 0.5], 0, 0.9) == pytest.approx((0.5, 0.0, 0.5))
    with pytest.raises(IndexError):
        move_boundary([0.5, 0.5], 1, 0.5)
    with pytest.raises(ValueError, match="last share"):
        remove_share([1.0], 0)
    with pytest.raises(IndexError):
        remove_share([0.5, 0.5], 2)
