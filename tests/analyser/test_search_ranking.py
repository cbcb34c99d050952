"""Name order follows the Norwegian alphabet: æ, ø, å come after z, in that order, case ignored."""

from analyser.search.ranking import name_key, name_order


def test_norwegian_letters_sort_after_z_in_alphabet_order() -> None:
    names = ["Åpen hall", "Zeta", "ærlig start", "Østlandet", "alfa", "Öresund"]
    ordered = [names[k] for k in name_order(names)]
    assert ordered == ["alfa", "Zeta", "ærlig start", "Öresund", "Østlandet", "Åpen hall"]


def test_one_pass_keys_equal_per_name_keys() -> None:
    names = ["Straße", "STRASSE", "Ålesund", "b", "Bø", "bø", "æ"]
    by_key = sorted(range(len(names)), key=lambda k: name_key(names[k]))
    assert name_order(names) == by_key
    names.append("a\x00b")  # the joined fast path cannot hold a NUL: falls back to one key per name
    assert name_order(names) == sorted(range(len(names)), key=lambda k: name_key(names[k]))
    assert names[name_order(names)[0]] == "a\x00b"
