"""ZIP codes must agree with the state; counties are keyed by state and name."""

import pytest
import zipcodes

from services.leads.assessments.domain import County, InvalidAnswers, check_zip
from services.leads.assessments.domain.zip_check import served_counties


def test_florida_zip_gives_its_county():
    """33101 is Miami-Dade County, Florida."""
    check = check_zip("FL", "33101")
    assert (check.zip5, check.county) == ("33101", County("FL", "Miami-Dade County"))


def test_union_county_exists_in_both_states_as_two_counties():
    """Union County NJ (07083) and Union County FL (32054) are different counties."""
    nj, fl = check_zip("NJ", "07083").county, check_zip("FL", "32054").county
    assert nj == County("NJ", "Union County")
    assert fl == County("FL", "Union County")
    assert nj != fl


@pytest.mark.parametrize(
    ("state", "zip_code"),
    [
        ("FL", "07083"),
        ("NJ", "33101"),
        ("FL", "10001"),
        ("NJ", "32054"),
        ("CA", "10001"),
        ("NY", "33101"),
    ],
)
def test_zip_from_another_state_is_refused(state, zip_code):
    """A ZIP that lies in a different state is a location.zip error."""
    with pytest.raises(InvalidAnswers) as caught:
        check_zip(state, zip_code)
    assert caught.value.codes == {"location.zip": ["zip_state_mismatch"]}
    assert state in caught.value.messages()["location.zip"][0]


def test_military_zip_with_a_florida_prefix_is_not_florida():
    """34002 starts like a Florida ZIP but is an Armed Forces Americas ZIP."""
    with pytest.raises(InvalidAnswers) as caught:
        check_zip("FL", "34002")
    assert caught.value.codes == {"location.zip": ["zip_state_mismatch"]}


def test_overseas_military_zip_filed_under_new_jersey_is_not_a_new_jersey_home():
    """09905 (an APO box the USPS data files under NJ) fails the NJ 07-08 prefix rule."""
    assert zipcodes.matching("09905")[0]["state"] == "NJ"
    with pytest.raises(InvalidAnswers) as caught:
        check_zip("NJ", "09905")
    assert caught.value.codes == {"location.zip": ["zip_state_mismatch"]}


def test_other_state_zip_is_checked_and_gives_its_county():
    """Out-of-area ZIPs are checked against the USPS data too (90210 is Los Angeles County)."""
    assert check_zip("CA", "90210").county == County("CA", "Los Angeles County")


def test_unknown_zip_outside_the_served_states_is_refused():
    """A ZIP missing from the USPS data cannot be checked outside FL and NJ."""
    with pytest.raises(InvalidAnswers) as caught:
        check_zip("TX", "00000")
    assert caught.value.codes == {"location.zip": ["zip_unknown"]}


def test_new_florida_zip_with_the_right_prefix_is_accepted_without_county():
    """In FL the prefix decides; a ZIP the data does not know yet has no county."""
    assert "32000" not in {r["zip_code"] for r in zipcodes.similar_to("320")}
    check = check_zip("FL", "32000")
    assert (check.zip5, check.county) == ("32000", None)


@pytest.mark.parametrize("zip_code", ["1234", "abcde", "331011", "", "33101-12"])
def test_malformed_zip_is_refused(zip_code):
    """Only #####, or ##### -####, is a ZIP."""
    with pytest.raises(InvalidAnswers) as caught:
        check_zip("FL", zip_code)
    assert caught.value.codes == {"location.zip": ["zip_format"]}


def test_zip_plus_four_is_reduced_to_five_digits():
    """ZIP+4 is accepted and stored as the 5-digit ZIP."""
    assert check_zip("NJ", "07083-1234").zip5 == "07083"


@pytest.mark.parametrize("state", ["ZZ", "fl", "Florida", ""])
def test_unknown_state_code_is_refused(state):
    """The state must be an upper-case USPS code."""
    with pytest.raises(InvalidAnswers) as caught:
        check_zip(state, "33101")
    assert caught.value.codes == {"location.state": ["state_unknown"]}


def test_served_states_have_67_and_21_counties():
    """Florida has 67 counties and New Jersey 21."""
    assert (len(served_counties("FL")), len(served_counties("NJ"))) == (67, 21)


@pytest.mark.parametrize("state", ["FL", "NJ"])
def test_every_zip_of_a_served_state_maps_to_a_canonical_county(state):
    """All USPS ZIPs of FL and NJ land on the canonical county list, and every county is reached."""
    reached = set()
    prefixes = {"FL": ("32", "33", "34"), "NJ": ("07", "08")}[state]
    for record in (r for r in zipcodes.filter_by(state=state) if r["zip_code"].startswith(prefixes)):
        county = check_zip(state, record["zip_code"]).county
        if record["county"]:
            assert county is not None and county.name in served_counties(state)
            reached.add(county.name)
    assert reached == served_counties(state)


def test_variant_county_spelling_is_made_canonical():
    """The data's "Desoto County" (34265) is recorded as DeSoto County."""
    assert check_zip("FL", "34265").county == County("FL", "DeSoto County")
