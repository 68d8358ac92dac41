"""Editing shares that must sum to 1 (year split, category mix); pure Python, no Qt.

Every function takes shares that sum to 1 (within the file tolerance, 1e-6) and
returns a new tuple that sums to 1 within 1e-12 and has no negative entry: the
rounding residue goes to the largest share the edit adjusted.

>>> rebalance([0.5, 0.25, 0.25], 0, 0.0)
(0.0, 0.5, 0.5)
>>> rebalance([0.25, 0.25, 0.5], 0, 0.75, locked={2})  # clipped: share 2 is locked
(0.5, 0.0, 0.5)
>>> move_boundary([0.5, 0.5], 0, 0.25)
(0.25, 0.75)
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence


def rebalance(
    shares: Sequence[float], index: int, value: float, locked: Collection[int] = ()
) -> tuple[float, ...]:
    """Set ``shares[index]`` to ``value`` and scale the other unlocked shares to make up 1.

    Parameters
    ----------
    shares : sequence of float
        Current shares (sum 1).
    index : int
        The share being edited; its own entry in ``locked`` is ignored.
    value : float
        Its new value, clipped to ``0 .. 1 - sum(locked others)``.
    locked : collection of int
        Indices that keep their value.

    Returns
    -------
    tuple of float
        The new shares. The unlocked others keep their proportions (an equal split
        when they are all 0); with no unlocked other the shares come back unchanged.
    """
    old = tuple(float(s) for s in shares)
    others = [j for j in range(len(old)) if j != index and j not in locked]
    if not others:
        return old
    room = max(0.0, 1.0 - math.fsum(old[j] for j in locked if j != index))
    value = min(max(float(value), 0.0), room)
    new = list(old)
    new[index] = value
    for j, s in zip(others, _spread([old[j] for j in others], room - value), strict=True):
        new[j] = s
    return _settle(new, others)


def move_boundary(shares: Sequence[float], boundary: int, position: float) -> tuple[float, ...]:
    """Move the boundary between shares ``boundary`` and ``boundary + 1`` to ``position``.

    Boundary ``i`` sits at the cumulative position ``sum(shares[:i + 1])``; ``position``
    is clipped to ``[sum(shares[:i]), sum(shares[:i + 2])]`` so only the two shares
    either side change.
    """
    if not 0 <= boundary < len(shares) - 1:
        raise IndexError(f"no boundary {boundary} between {len(shares)} shares")
    new = [float(s) for s in shares]
    start = math.fsum(new[:boundary])
    pair = new[boundary] + new[boundary + 1]
    new[boundary] = min(max(float(position) - start, 0.0), pair)
    new[boundary + 1] = pair - new[boundary]
    return _settle(new, [boundary, boundary + 1])


def add_share(shares: Sequence[float]) -> tuple[float, ...]:
    """Append a share of ``1 / (n + 1)``, scaling the others by ``n / (n + 1)``."""
    n = len(shares)
    new = [float(s) * n / (n + 1) for s in shares] + [1.0 / (n + 1)]
    return _settle(new, range(n + 1))


def remove_share(shares: Sequence[float], index: int) -> tuple[float, ...]:
    """Remove ``shares[index]``, giving it to the others in proportion to their shares.

    Raises
    ------
    ValueError
        When ``shares`` has only one entry (the last share cannot go).
    """
    if len(shares) <= 1:
        raise ValueError("cannot remove the last share")
    rest = [float(s) for j, s in enumerate(shares) if j != index]
    if len(rest) == len(shares):
        raise IndexError(f"no share {index} among {len(shares)}")
    new = _spread(rest, 1.0)
    return _settle(new, range(len(new)))


def _spread(weights: Sequence[float], total: float) -> list[float]:
    """Scale non-negative ``weights`` to sum to ``total`` (equal parts when all are 0)."""
    weight = math.fsum(weights)
    if weight <= 0.0:
        return [total / len(weights)] * len(weights)
    return [total * w / weight for w in weights]


def _settle(shares: list[float], adjusted: Collection[int]) -> tuple[float, ...]:
    """Put the rounding residue ``1 - sum`` on the largest adjusted share (never below 0)."""
    target = max(adjusted, key=lambda j: shares[j])
    shares[target] = max(0.0, shares[target] + 1.0 - math.fsum(shares))
    return tuple(shares)
