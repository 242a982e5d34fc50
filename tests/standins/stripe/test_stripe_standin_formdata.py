"""Decoding Stripe's nested form encoding."""

from __future__ import annotations

import pytest

from standins.stripe.errors import StripeError
from standins.stripe.formdata import decode, metadata


def test_nested_keys_and_indexed_arrays_decode_to_dicts_and_lists():
    """`line_items[0][price]` and `metadata[k]` become a list of dicts and a dict."""
    params = decode(
        [
            ("mode", "subscription"),
            ("line_items[0][price]", "price_1"),
            ("line_items[0][quantity]", "2"),
            ("metadata[lead_id]", "L1"),
            ("expand[0]", "subscription"),
        ]
    )
    assert params == {
        "mode": "subscription",
        "line_items": [{"price": "price_1", "quantity": "2"}],
        "metadata": {"lead_id": "L1"},
        "expand": ["subscription"],
    }


def test_empty_brackets_append_to_an_array():
    """`expand[]=a&expand[]=b` is the list [a, b]."""
    assert decode([("expand[]", "a"), ("expand[]", "b")]) == {"expand": ["a", "b"]}


def test_indexes_order_the_list_numerically():
    """Index 10 comes after index 2."""
    pairs = [(f"lookup_keys[{i}]", str(i)) for i in (10, 2, 0, 1, 3, 4, 5, 6, 7, 8, 9)]
    assert decode(pairs)["lookup_keys"] == [str(i) for i in range(11)]


@pytest.mark.parametrize("pairs", [[("a", "1"), ("a[b]", "2")], [("a[b]", "1"), ("a", "2")], [("a[b", "1")]])
def test_conflicting_or_malformed_keys_are_a_400(pairs):
    """A key used both as a value and a hash, or a broken bracket, is refused with 400."""
    with pytest.raises(StripeError) as caught:
        decode(pairs)
    assert caught.value.status == 400


def test_metadata_empty_value_unsets_a_key():
    """`metadata[k]=` removes k, as on Stripe."""
    assert metadata({"metadata": {"a": "", "b": "2"}}, current={"a": "1", "c": "3"}) == {"b": "2", "c": "3"}
