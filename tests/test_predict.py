"""Predict-then-explore: every prediction judges right, wrong and unusable guesses, and the gate opens only after a usable one."""

from __future__ import annotations

import pytest

from eunato import data, predict
from eunato.explorers.start import year_explorer


@pytest.mark.parametrize("pred_id", predict.PREDICTIONS)
def test_every_prediction_accepts_its_truth_and_names_a_wrong_guess(pred_id):
    p = predict.prediction(pred_id)
    truth = p.truth()
    status, message = p.judge(truth)
    assert status == "right", message
    if isinstance(p.control, predict.Number):
        wrong = p.control.minimum if truth != p.control.minimum else p.control.maximum
    elif isinstance(p.control, predict.Multi):
        wrong = [v for _, v in p.control.pairs if v not in truth][:2]
    else:
        wrong = next(v for _, v in p.control.pairs if v != truth)
    status, message = p.judge(wrong)
    assert status == "off" and ("data say" in message or "You named" in message), message


@pytest.mark.parametrize("pred_id", predict.PREDICTIONS)
@pytest.mark.parametrize("bad", [None, "banana", -10_000, 3.5e9])
def test_unusable_guesses_get_a_sentence_and_keep_the_explorer_closed(pred_id, bad):
    gate = predict.predict_then_explore(pred_id, year_explorer())
    status, message = gate.reveal(bad)
    assert status == "invalid" and message.endswith(".") and "Error" not in message
    assert not gate.revealed


def test_number_guess_says_how_far_off():
    p = predict.prediction("00.overlap-peak")
    truth = predict.overlap_peak_year()
    status, message = p.judge(truth - 20)
    assert status == "off" and "20 off" in message and str(truth) in message


def test_multi_guess_names_the_missed_and_the_extra():
    p = predict.prediction("04.crossed-2pct")
    truth = predict.crossed_two_percent()
    extra = next(c for c in sorted(data.defence_expenditure()["country"].unique()) if c not in truth)
    status, message = p.judge([truth[0], extra])
    assert status == "off"
    assert f"You named 1 of the {len(truth)}" in message and extra in message and truth[1] in message


def test_truths_come_from_the_data():
    counts = data.membership_counts()
    assert counts.loc[counts["year"] == predict.overlap_peak_year(), "both"].iloc[0] == counts["both"].max()
    spend = data.defence_expenditure()
    for country in predict.crossed_two_percent():
        rows = spend[spend["country"] == country].set_index("year")["pct_gdp"]
        assert rows[2022] < 2 <= rows[2024]


def test_the_static_fallback_keeps_the_answer_out_of_plain_text():
    gate = predict.predict_then_explore("00.overlap-peak", year_explorer())
    bundle = gate._repr_mimebundle_()
    truth = str(predict.overlap_peak_year())
    assert truth not in bundle["text/plain"]
    assert "<details>" in bundle["text/html"] and truth in bundle["text/html"].split("<details>")[1]
    shown = bundle["text/html"].split("<details")[0]  # what a reader sees before opening anything
    assert truth not in shown and "eunato-explorer-static" not in shown
    assert "eunato-explorer-static" in bundle["text/html"].split("eunato-predict-explorer")[1]


def test_unknown_prediction_names_the_known_ones():
    with pytest.raises(KeyError, match=r"00\.overlap-peak"):
        predict.prediction("99.nothing")


def test_the_two_percent_prediction_names_its_release_and_computes_from_it():
    p = predict.prediction("04.crossed-2pct")
    assert "June 2024 release" in p.prompt
    assert predict.crossed_two_percent() == predict.crossed_two_percent(release=data.FULL_RELEASE)
    newest = data.spending_releases()["release"].max()
    spend = data.defence_expenditure(newest)
    assert predict.crossed_two_percent(release=newest) == [] or set(spend["year"]) >= {2022, 2024}


def test_the_gap_bands_cover_every_distance():
    bands = [predict.gap_band({"gap": g}) for g in (0.0, 0.1, 0.49, 0.5, 1.5, 1.51, 3.5)]
    assert bands == [predict.GAP_BANDS[i] for i in (0, 1, 1, 2, 2, 3, 3)]


def test_the_poland_prediction_reads_the_newest_release_and_names_it():
    from eunato.charts import releases

    p = predict.prediction("04.poland-gap")
    newest = data.spending_releases()["release"].max()
    assert releases.short_label(newest) in p.prompt
    gap = releases.gap_to_core(releases.ally_path("Poland"))
    assert gap["release"] == newest and p.truth() == predict.gap_band(gap)


def test_the_warsaw_and_debate_truths_come_from_the_tables():
    areas = data.areas()
    warsaw = areas[areas["kind"] == "Warsaw area"]
    assert len(warsaw) == 7
    assert predict.warsaw_areas_in_no_line() == sum(not data.split_list(v) for v in warsaw["compass_line"])
    views = data.perspectives()
    oldest = views.loc[views["year"].idxmin(), "debate"]
    assert predict.oldest_debate() == predict._debate_labels()[oldest]


def test_every_chapter_explorer_cell_asks_for_a_prediction_first():
    import json
    import re

    from eunato import manifest

    used = set()
    for c in manifest.chapters()[:6]:
        cells = json.loads((manifest.ROOT / c.notebook).read_text(encoding="utf-8"))["cells"]
        code = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
        found = [m for src in code for m in re.findall(r'predict_then_explore\("([^"]+)"', src)]
        assert found, f"{c.notebook} has no predict_then_explore cell"
        assert all(f.startswith(f"{c.number:02d}.") for f in found), (c.notebook, found)
        used.update(found)
    assert used <= set(predict.PREDICTIONS)
