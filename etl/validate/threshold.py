"""The batch-level stop: too many quarantined records means a systematic break, not bad pages."""

from __future__ import annotations


class BatchRejected(RuntimeError):
    """More of a batch was quarantined than the allowed share."""

    def __init__(self, n_total: int, n_quarantined: int, max_rate: float) -> None:
        self.n_total, self.n_quarantined, self.max_rate = n_total, n_quarantined, max_rate
        super().__init__(
            f"batch rejected: {n_quarantined} of {n_total} records quarantined "
            f"({n_quarantined / n_total:.1%}), more than the allowed {max_rate:.1%}"
        )


def check_failure_rate(n_total: int, n_quarantined: int, max_rate: float) -> float:
    """The quarantined share of a batch; raises BatchRejected when it exceeds `max_rate` (0 to 1).

    An empty batch has share 0. Raises ValueError for counts or a rate that make no sense
    (negative, more quarantined than total, a rate outside [0, 1]).
    """
    if n_total < 0 or n_quarantined < 0 or n_quarantined > n_total:
        raise ValueError(f"impossible counts: {n_quarantined} quarantined of {n_total}")
    if not 0 <= max_rate <= 1:
        raise ValueError(f"max_rate must be between 0 and 1, not {max_rate}")
    rate = n_quarantined / n_total if n_total else 0.0
    if rate > max_rate:
        raise BatchRejected(n_total, n_quarantined, max_rate)
    return rate
