"""Small-cell suppression (pure)."""

from metroagora.impact.privacy import suppress


def test_it_withholds_cells_of_fewer_than_the_minimum():
    assert suppress({"a": 12, "b": 3, "c": 4, "d": 9}, 5) == {
        "a": 12,
        "b": None,
        "c": None,
        "d": 9,
    }


def test_it_leaves_empty_cells_out():
    assert suppress({"a": 12, "b": 0, "c": 7}, 5) == {"a": 12, "c": 7}


def test_a_lone_withheld_cell_takes_the_smallest_other_with_it():
    # with 30 in all, "b" would be 30 - 12 - 7 - 9: so 7 is withheld too
    assert suppress({"a": 12, "b": 2, "c": 7, "d": 9}, 5) == {
        "a": 12,
        "b": None,
        "c": None,
        "d": 9,
    }


def test_the_secondary_suppression_is_stable_on_ties():
    assert suppress({"x": 6, "w": 6, "y": 1}, 5) == {"x": 6, "w": None, "y": None}


def test_a_minimum_of_one_withholds_nothing():
    assert suppress({"a": 1, "b": 2}, 1) == {"a": 1, "b": 2}


def test_cells_at_the_minimum_are_shown():
    assert suppress({"a": 5, "b": 5}, 5) == {"a": 5, "b": 5}
