"""Self-check questions: grading is right for right answers and teaches on wrong ones; widgets and fallbacks work."""

from __future__ import annotations

import pytest

import eunato.questions as questions_module
from eunato.questions import (
    DateQuestion,
    MultipleChoice,
    NumberQuestion,
    OpenQuestion,
    OrderQuestion,
    SingleChoice,
    SortQuestion,
)

SINGLE = SingleChoice(
    "How many in both?",
    ["21", "23", "27"],
    "23",
    explanation="Since March 2024.",
    feedback={"27": "That is all EU members."},
    see="section 3",
)
MULTI = MultipleChoice(
    "Which are EU-only?",
    ["Austria", "Norway", "Malta"],
    ["Austria", "Malta"],
    explanation="Austria and Malta.",
    feedback={"Norway": "Norway is an Ally outside the EU."},
)
NUMBER = NumberQuestion("Founders?", 12, explanation="Twelve.", feedback={32: "That is today."}, minimum=0, maximum=40)
DATE = DateQuestion(
    "Warsaw declaration?",
    "2016-07-08",
    precision="day",
    explanation="8 July 2016.",
    feedback={"2018-07-10": "That is the Brussels declaration."},
)
YEAR = DateQuestion("Berlin Plus?", "2003", explanation="2003.")
ORDER = OrderQuestion("Order these", ["Berlin Plus", "Warsaw", "Brussels", "Third declaration"], explanation="By date.")
SORT = SortQuestion(
    "Sort",
    {"space": "expand", "cyber": "enhance", "mobility": "deepen"},
    ["deepen", "enhance", "expand"],
    explanation="As in the factsheet.",
    feedback={"space": "space is one of the new areas."},
)
OPEN = OpenQuestion(
    "Why did formal cooperation stall after 2004?",
    "The Cyprus-Türkiye dispute blocked formal meetings.",
    ["names the dispute", "cites a source"],
)


def test_single_choice():
    assert SINGLE.grade("23").correct
    wrong = SINGLE.grade("27")
    assert wrong.status == "incorrect" and "all EU members" in wrong.message and wrong.see == "section 3"
    assert SINGLE.grade("21").message.startswith("That is not it")
    assert SINGLE.grade(None).status == "unanswered"
    assert SINGLE.grade("99").status == "invalid"


def test_single_choice_author_errors():
    with pytest.raises(ValueError, match="is not one of the options"):
        SingleChoice("q", ["a", "b"], "c", explanation="x")
    with pytest.raises(ValueError, match="options that do not exist"):
        SingleChoice("q", ["a", "b"], "a", explanation="x", feedback={"z": "?"})


def test_multiple_choice():
    assert MULTI.grade(["Malta", "Austria"]).correct
    partly = MULTI.grade(["Austria", "Norway"])
    assert partly.status == "partly" and "Norway is an Ally" in partly.details[0] and "missed 1" in partly.details[1]
    assert MULTI.grade([]).status == "unanswered"
    assert MULTI.grade(["Narnia"]).status == "invalid"
    assert MULTI.grade("Norway").status == "incorrect"


def test_number_question():
    assert NUMBER.grade("12").correct and NUMBER.grade(12).correct
    assert "That is today" in NUMBER.grade("32").message
    assert "too low" in NUMBER.grade("10").message
    assert NUMBER.grade("twelve").status == "invalid"
    assert NUMBER.grade("400").status == "invalid" and "outside the possible range" in NUMBER.grade("400").message
    assert NUMBER.grade("").status == "unanswered"


def test_date_question():
    assert DATE.grade("2016-07-08").correct
    assert "Brussels declaration" in DATE.grade("2018-07-10").message
    assert "the right year, but too early" in DATE.grade("2016-01-01").message
    # dates in words and day/month/year are read (eunato.normalize.as_date); what is not a date is still refused
    assert DATE.grade("8 July 2016").correct and DATE.grade("08/07/2016").correct
    assert DATE.grade("sometime in July 2016").status == "invalid"
    assert DATE.grade("2016-02-30").status == "invalid"
    assert "2 years too late" in YEAR.grade("2005").message
    assert YEAR.grade("2003").correct
    # a month without its day answers a year or a month question, never a day question
    for month in ("March 2003", "march 2003", "Mar 2003", "03/2003", "March, 2003"):
        assert YEAR.grade(month).correct, month
    assert "2 years too late" in YEAR.grade("March 2005").message
    assert DateQuestion("q", "2003-03", precision="month", explanation="x").grade("March 2003").correct
    assert (
        DATE.grade("July 2016").status == "invalid"
        and "'July 2016' is not in the form" in DATE.grade("July 2016").message
    )
    assert YEAR.grade("Marsh 2003").status == "invalid"
    with pytest.raises(ValueError, match="does not match the precision"):
        DateQuestion("q", "2016-07", precision="day", explanation="x")


def test_order_question():
    assert ORDER.shown != ORDER.items  # learners never see the answer order
    assert ORDER.grade(ORDER.items).correct
    wrong = ORDER.grade(["Warsaw", "Berlin Plus", "Brussels", "Third declaration"])
    assert wrong.status == "partly" and "'Berlin Plus' came before 'Warsaw'." in wrong.details
    assert ORDER.grade(None).status == "unanswered"
    assert ORDER.grade(["Warsaw"]).status == "unanswered"
    assert ORDER.grade(["Warsaw", "Warsaw", "Brussels", "Third declaration"]).status == "invalid"
    positions = {item: i for i, item in enumerate(ORDER.items, 1)}
    assert ORDER.grade_positions(positions).correct
    assert ORDER.grade_positions({**positions, "Warsaw": 1}).status == "invalid"


def test_sort_question():
    assert SORT.grade({"space": "expand", "cyber": "enhance", "mobility": "deepen"}).correct
    partly = SORT.grade({"space": "deepen", "cyber": "enhance", "mobility": "deepen"})
    assert partly.status == "partly" and "space is one of the new areas" in partly.details[0]
    assert SORT.grade({}).status == "unanswered"
    assert SORT.grade(["space"]).status == "invalid"
    assert "no group chosen yet" in SORT.grade({"space": "expand"}).details[0]


@pytest.mark.parametrize("question", [SINGLE, MULTI, NUMBER, DATE, ORDER, SORT, OPEN])
def test_static_fallbacks_state_the_question_and_hide_the_answer(question):
    text, html = question.text(), question.html()
    assert question.prompt in text and "Answer:" not in text
    assert question.explanation not in text
    assert repr(question) == str(question) == text
    assert question.answer_text() not in text.replace(question.prompt, "") or question in (SINGLE, MULTI, SORT)
    assert "<details><summary>Show the answer</summary>" in html
    hidden = html.split("<details>", 1)[1]
    assert hidden.count("</details>") == 1


def test_plain_text_never_gives_the_answer_or_its_explanation():
    # the options are shown (the learner must see them), but nothing says which is right
    for q in (SINGLE, MULTI, NUMBER, DATE, ORDER, SORT, OPEN):
        bundle = q._repr_mimebundle_()
        assert q.explanation not in bundle["text/plain"]
        assert "Answer" not in bundle["text/plain"]
    assert "12" not in NUMBER.text() and "2016-07-08" not in DATE.text()
    assert " → ".join(ORDER.items) not in ORDER.text()
    assert OPEN.model_answer not in OPEN.text() and "names the dispute" not in OPEN.text()


def test_open_question_reveals_model_answer_and_checklist_without_grading():
    assert OPEN.grade("").status == "unanswered"
    noted = OPEN.grade("Türkiye and Cyprus blocked each other.")
    assert noted.status == "submitted" and not noted.correct
    assert any(OPEN.model_answer in d for d in noted.details)
    assert any("cites a source" in d for d in noted.details)
    assert "Model answer" in OPEN.html().split("<details>", 1)[1]
    with pytest.raises(ValueError, match="needs a model answer"):
        OpenQuestion("q", "", ["x"])


def test_open_question_widget_shows_the_checklist_after_writing():
    form = OPEN.widget()
    ticks = OPEN.checklist_box
    OPEN.check_button.click()
    assert ticks.layout.display == "none" and "Write your answer" in form.children[-1].value
    OPEN.control_widgets.value = "Türkiye blocked formal meetings with Cyprus."
    OPEN.check_button.click()
    assert ticks.layout.display is None and "Model answer" in form.children[-1].value


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (SINGLE, "23"),
        (NUMBER, "12"),
        (DATE, "2016-07-08"),
    ],
)
def test_widget_check_button_shows_feedback(question, response):
    form = question.widget()
    question.control_widgets.value = response
    question.check_button.click()
    feedback_area = form.children[-1]
    assert "eunato-correct" in feedback_area.value
    wrong_option = next(o for o in SINGLE.options if o != SINGLE.answer)
    question.control_widgets.value = (
        wrong_option if question is SINGLE else "1900" if question is NUMBER else "2001-01-01"
    )
    question.check_button.click()
    assert "eunato-correct" not in feedback_area.value and "eunato-feedback" in feedback_area.value


def test_order_widget_positions():
    form = ORDER.widget()
    for drop, item in zip(ORDER.control_widgets, ORDER.shown, strict=True):
        drop.value = ORDER.items.index(item) + 1
    ORDER.check_button.click()
    assert "eunato-correct" in form.children[-1].value
    ORDER.control_widgets[0].value = ORDER.control_widgets[1].value
    ORDER.check_button.click()
    assert "same position" in form.children[-1].value


def test_sort_and_multi_widgets():
    form = SORT.widget()
    for item, drop in SORT.control_widgets.items():
        drop.value = SORT.answers[item]
    SORT.check_button.click()
    assert "eunato-correct" in form.children[-1].value
    multi = MULTI.widget()
    for box in MULTI.control_widgets:
        box.value = box.description in MULTI.answers
    MULTI.check_button.click()
    assert "eunato-correct" in multi.children[-1].value


def test_no_test_hooks_on_the_form():
    """Tests reach the live controls through the question (control_widgets, check_button), as explorers do;
    the form a learner sees carries no private attributes for tests."""
    for question in (SINGLE, ORDER, OPEN):
        form = question.widget()
        assert not [name for name in vars(form) if name.startswith("_eunato")]
        assert question.check_button in form.children


def test_mimebundle_has_text_html_and_widget():
    bundle = SINGLE._repr_mimebundle_()
    assert bundle["text/plain"] == SINGLE.text()
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- what a learner saw in the walk-through of round six -----------------------------------------------------------
def test_choices_are_shown_in_a_stable_shuffled_order_so_the_first_option_is_not_always_the_answer():
    """The question files list the answer first; learners see the options in an order drawn from the prompt."""
    options = ["right", "wrong a", "wrong b", "wrong c"]
    first = SingleChoice("Which one?", options, "right", explanation="x")
    again = SingleChoice("Which one?", options, "right", explanation="x")
    assert sorted(first.options) == sorted(options) and first.options == again.options, "same order every run"
    assert first.options != options
    assert first.grade("right").correct and first.grade(first.choices_text()[first.options.index("right")][:3]).correct
    multi = MultipleChoice("Which ones?", ["a", "b", "c", "d"], ["a", "b"], explanation="x")
    assert sorted(multi.options) == ["a", "b", "c", "d"] and multi.grade(["b", "a"]).correct


def test_in_the_course_bank_the_answer_is_not_mostly_the_first_option():
    from eunato import bank

    singles = [q for q in (i.build() for i in bank.items()) if isinstance(q, SingleChoice)]
    first = sum(q.options[0] == q.answer for q in singles)
    assert len(singles) > 20 and first <= len(singles) / 2, f"{first} of {len(singles)} answers are shown first"


def test_long_labels_wrap_and_code_marks_show_as_code_not_backticks():
    import ipywidgets as w

    q = SingleChoice(
        "Why `iloc[-1]`?", ["Because `iloc` takes the last row", "No reason"], "No reason", explanation="x"
    )
    form = q.widget()
    prompt = form.children[0].value
    assert "<code>iloc[-1]</code>" in prompt and "`" not in prompt.split("</style>")[-1]
    assert ".widget-radio-box label" in prompt and "white-space:normal" in prompt, "long labels must wrap"
    radio = q.control_widgets
    assert isinstance(radio, w.RadioButtons) and "Because iloc takes the last row" in radio._options_labels
    radio.value = "Because `iloc` takes the last row"  # the value is still the option itself
    q.check_button.click()
    assert "eunato-feedback" in form.children[-1].value and not q.last.correct
    multi = MultipleChoice("Pick", ["`a`", "b"], ["`a`"], explanation="x")
    multi.widget()
    boxes = multi.control_widgets
    assert sorted(b.description for b in boxes) == ["a", "b"]
    next(b for b in boxes if b.description == "a").value = True
    multi.check_button.click()
    assert multi.last.correct


def test_a_format_message_never_gives_the_answer_as_its_example():
    for answer in (7, 15, 23):
        q = NumberQuestion("How many?", answer, explanation="x")
        message = q.grade("twenty").message
        assert f"such as {answer}." not in message and "such as" in message, message
    for answer, precision in (("1990", "year"), ("2012", "year"), ("1990-05-20", "day"), ("2016-07-08", "day")):
        q = DateQuestion("When?", answer, precision=precision, explanation="x")
        for response in ("", "soon"):
            assert answer not in q.grade(response).message, q.grade(response).message
        q.widget()
        assert answer not in q.control_widgets.placeholder


def test_the_course_banks_format_messages_never_name_the_answer():
    from eunato import bank

    for q in (i.build() for i in bank.items()):
        if isinstance(q, NumberQuestion):
            assert f"such as {q.answer:g}." not in q.grade("not a number").message, q.id
        if isinstance(q, DateQuestion):
            assert q.answer not in q.form(), q.id


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2,5", 2.5), ("1,234", 1234), ("1,234.5", 1234.5), ("12.5%", 12.5), (" 23 ", 23), ("-3", -3), ("12,0", 12)],
)
def test_numbers_in_common_forms_including_a_decimal_comma(typed, value):
    assert questions_module._parse_number(typed) == value


@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", float("nan"), "1,2,3", "twelve", True])
def test_what_is_not_a_number_is_refused(typed):
    assert questions_module._parse_number(typed) is None
    assert NUMBER.grade(typed).status == "invalid"


def test_a_value_is_shown_as_given_not_rounded_into_the_answer():
    message = NUMBER.grade(12.0000001).message
    assert "12.0000001 is too high" in message, message
    assert NUMBER.grade("12,0").correct


def test_multiple_choice_counts_its_right_picks_in_good_english():
    assert MULTI.grade(["Austria", "Norway"]).message.startswith("1 of your 2 picks is right")
    assert MULTI.grade(["Austria", "Malta", "Norway"]).message.startswith("2 of your 3 picks are right")


def test_an_open_questions_checklist_shows_once_as_tick_boxes_and_its_box_asks_for_no_set_length():
    form = OPEN.widget()
    assert OPEN.control_widgets.placeholder == "Write your answer here"
    OPEN.control_widgets.value = "Because of the dispute."
    OPEN.check_button.click()
    shown = form.children[-1].value
    assert "Model answer" in shown and "Checklist" not in shown and "names the dispute" not in shown
    assert OPEN.checklist_box.layout.display is None and "Checklist: names the dispute" in OPEN.last.details


def test_in_the_course_bank_the_answer_is_not_given_away_by_its_length():
    """The answer had been by far the longest option in 29 single-choice items (the diagnostic and the final quiz
    among them), so a learner could pick it without knowing anything: no answer may be more than 1.5 times as long
    as the longest wrong option. It was still the longest option in 41 of 60, which "pick the longest" exploits:
    now in at most a third of them, and never in the diagnostic or the final quiz, which measure what was learnt."""
    from eunato import bank

    long, longest, measured, single = [], [], [], 0
    for item in bank.items():
        q = item.build()
        if isinstance(q, SingleChoice):
            single += 1
            longest_wrong = max(len(o) for o in q.options if o != q.answer)
            if len(q.answer) > 1.5 * longest_wrong:
                long.append(f"{q.id}: answer {len(q.answer)} characters, longest wrong option {longest_wrong}")
            if len(q.answer) > longest_wrong:
                longest.append(q.id)
                if item.use in ("diagnostic", "post"):
                    measured.append(q.id)
    assert not long, "\n".join(long)
    assert len(longest) <= single / 3, f"the answer is the longest option in {len(longest)} of {single}: {longest}"
    assert not measured, f"the answer is the longest option in the diagnostic or final quiz: {measured}"
