"""Planning recipients into SendGrid-sized batches."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.newsletter.campaigns.domain.batching import SENDGRID_MAX_RECIPIENTS, plan_batches


def test_2500_recipients_make_three_batches_in_order():
    """2,500 ids become batches of 1000, 1000 and 500, in the order given."""
    ids = list(range(5000, 7500))
    batches = plan_batches(ids)
    assert [len(batch) for batch in batches] == [1000, 1000, 500]
    assert [i for batch in batches for i in batch] == ids


def test_size_is_capped_at_sendgrids_limit():
    """Asking for bigger batches still yields at most 1000 recipients per batch."""
    batches = plan_batches(list(range(2001)), size=5000)
    assert max(len(batch) for batch in batches) == SENDGRID_MAX_RECIPIENTS == 1000
    assert len(batches) == 3


def test_smaller_sizes_are_honoured():
    """A smaller size splits accordingly, the last batch holding the rest."""
    assert plan_batches([1, 2, 3, 4, 5], size=2) == [[1, 2], [3, 4], [5]]


def test_no_recipients_means_no_batches():
    """An empty audience plans nothing."""
    assert plan_batches([]) == []


def test_repeated_ids_are_planned_once():
    """A repeated id keeps only its first place, so no one is emailed twice."""
    assert plan_batches([3, 1, 3, 2, 1], size=2) == [[3, 1], [2]]


@pytest.mark.parametrize("size", [0, -5])
def test_non_positive_size_is_refused(size):
    """A batch must hold at least one recipient."""
    with pytest.raises(ValueError):
        plan_batches([1], size=size)


@given(st.lists(st.integers(min_value=1, max_value=10_000), max_size=3000), st.integers(min_value=1, max_value=2000))
def test_batches_cover_the_input_exactly_once_in_order(ids, size):
    """The batches together are the input with repeats removed, in order, none over the cap."""
    batches = plan_batches(ids, size=size)
    flat = [i for batch in batches for i in batch]
    assert flat == list(dict.fromkeys(ids))
    assert len(flat) == len(set(flat))
    assert set(flat) == set(ids)
    assert all(1 <= len(batch) <= min(size, 1000) for batch in batches)
    assert all(len(batch) == min(size, 1000) for batch in batches[:-1])
