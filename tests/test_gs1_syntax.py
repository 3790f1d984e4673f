"""The AI table comes from GS1's Barcode Syntax Dictionary (lotline/gs1/data)."""

from lotline.gs1.syntax import CSET_82, ai_table, lookup, match_ai_prefix, matches_pattern


def test_dictionary_loads_core_ais():
    assert len(ai_table()) > 500
    gtin, lot, expiry, count = lookup("01"), lookup("10"), lookup("17"), lookup("37")
    assert gtin and gtin.predefined_length and gtin.max_length == 14
    assert gtin.dl_qualifier_sequences == (("22", "10", "21"), ("235",))
    assert lot and not lot.predefined_length and lot.max_length == 20 and lot.components[0].charset == "X"
    assert expiry and expiry.components[0].linters == ("yymmd0",)
    assert count and count.max_length == 8 and not count.predefined_length


def test_ranges_are_expanded():
    for ai in ("3100", "3105"):
        weight = lookup(ai)
        assert weight and weight.predefined_length and weight.excludes == ("310n",)
    assert lookup("3106") is None
    assert lookup("91") and lookup("99")


def test_prefix_matching_and_patterns():
    found = match_ai_prefix("3103001250")
    assert found is not None and found.ai == "3103"
    assert matches_pattern("3103", "310n") and matches_pattern("3199", "31nn")
    assert not matches_pattern("3203", "310n")


def test_cset_82_has_82_characters():
    assert len(CSET_82) == 82
    assert " " not in CSET_82 and "[" not in CSET_82 and "^" not in CSET_82
