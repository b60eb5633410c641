"""Checkers for exercises/05_debates.ipynb: limits and debates (analysis and evaluation).

5.1 sorts claims into facts and interpretations; 5.2 and 5.3 use the course's data (members.csv,
defence_expenditure.csv) to test a claim from a debate; 5.4 reads the perspectives table; 5.5 and 5.6
are written answers with a model answer and a checklist. Expected values are computed from the data,
the same way the solution notebook computes them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import data
from ..checks import Exercise, Feedback, describe

# --- 5.1 fact or interpretation? ----------------------------------------------------------------------
CLAIMS = {
    "A": "Cyprus joined the EU on 1 May 2004 and is not a NATO Ally.",
    "B": "The dispute over Cyprus wastes taxpayers' money.",
    "C": "Berlin Plus has been used for two EU operations, Concordia and Althea.",
    "D": "Strategic autonomy for the EU would weaken NATO.",
    "E": "France invoked Article 42(7) TEU on 17 November 2015.",
    "F": "France chose Article 42(7) because it preferred to deal with other governments bilaterally.",
}
CLAIM_KINDS = {
    "A": "fact",
    "B": "interpretation",
    "C": "fact",
    "D": "interpretation",
    "E": "fact",
    "F": "interpretation",
}
_WHY = {
    "A": "a date and a membership that documents confirm (the accession treaty; NATO's list of Allies).",
    "B": "a judgement about cost and value: NATO Secretary General Rasmussen's (2010). Attribute it.",
    "C": "NATO's and the EU's records of the operations confirm it.",
    "D": "a prediction about effects, held by some and disputed by others (see Chapter 5, strategic autonomy).",
    "E": "the date is recorded in the European Parliament research briefing PE 572.799.",
    "F": "an explanation of motives: the European Parliament's research service says the choice 'has been explained "
    "in various ways', this among them. A motive is an interpretation even when it is plausible.",
}


def _word(value) -> str | None:
    text = str(value).strip().casefold()
    if text.startswith("fact"):
        return "fact"
    if text.startswith("interp") or text in {"opinion", "judgement", "judgment"}:
        return "interpretation"
    return None


def _judge_claims(answer) -> Feedback | bool:
    if not isinstance(answer, Mapping):
        return Feedback(
            "invalid",
            f"You gave {describe(answer)}; the answer is a dictionary such as "
            "{'A': 'fact', 'B': 'interpretation', ...}, one entry per claim.",
        )
    given = {}
    for key, value in answer.items():
        letter = str(key).strip().upper()
        if letter not in CLAIMS:
            return Feedback("invalid", f"{key!r} is not one of the claims; use the letters A to F.")
        kind = _word(value)
        if kind is None:
            return Feedback("invalid", f"For claim {letter} write 'fact' or 'interpretation', not {value!r}.")
        given[letter] = kind
    missing = sorted(set(CLAIMS) - set(given))
    if missing:
        return Feedback("invalid", f"Classify every claim: {', '.join(missing)} missing.")
    wrong = [k for k in sorted(CLAIMS) if given[k] != CLAIM_KINDS[k]]
    if not wrong:
        return True
    details = tuple(f"{k} is {'a fact' if CLAIM_KINDS[k] == 'fact' else 'an interpretation'}: {_WHY[k]}" for k in wrong)
    return Feedback(
        "incorrect",
        f"{len(CLAIMS) - len(wrong)} of {len(CLAIMS)} right. Ask of each: could a document or an event confirm it, "
        "or is it someone's judgement?",
        details,
        see="Chapter 5, section 'Facts and interpretations'",
    )


ex1 = Exercise(
    "5.1",
    "Classify each claim A to F as 'fact' or 'interpretation'.",
    kind="any",
    judge=_judge_claims,
    hints=(
        "A fact can be checked against a document or an event: a date, a membership, an operation.",
        "Words such as 'wastes', 'weaken' or 'because it preferred' signal a judgement about value, effect or motive.",
    ),
    solution="answer = {'A': 'fact', 'B': 'interpretation', 'C': 'fact', 'D': 'interpretation', 'E': 'fact', "
    "'F': 'interpretation'}",
    explanation="Facts: A, C, E (checkable against documents). Interpretations: B (Rasmussen's judgement), D (a "
    "disputed prediction), F (an explanation of motives, one of several the European Parliament's research service reports).",
    see="Chapter 5, section 'Facts and interpretations'",
)

# --- 5.2 who does the neutrality safeguard of Article 42(7) protect? -------------------------------------
_now = data.membership_on("2024-03-07")
EU_OUTSIDE_NATO = sorted(_now.loc[_now["group"] == "EU only", "country"])
_both = sorted(_now.loc[_now["group"] == "both", "country"])

ex2 = Exercise(
    "5.2",
    "Which EU members are not NATO Allies (on 7 March 2024), so that Article 5 does not cover them and only "
    "Article 42(7) TEU does?",
    kind="names",
    expected=set(EU_OUTSIDE_NATO),
    wrong={
        frozenset({"Finland", "Sweden"}): "Finland and Sweden left non-alignment and joined NATO in 2023 and 2024.",
        frozenset({"Austria", "Ireland", "Malta"}): "Cyprus is also an EU member outside NATO (and outside the "
        "Partnership for Peace).",
    },
    hints=(
        "`now = data.membership_on('2024-03-07')` has a column `group`.",
        "Keep the rows whose group is 'EU only', then take the `country` column as a list.",
    ),
    solution="answer = now.loc[now['group'] == 'EU only', 'country'].tolist()",
    explanation=f"{', '.join(EU_OUTSIDE_NATO)}: the 'certain Member States' whose 'specific character' of security "
    "and defence policy Article 42(7) does not prejudice. For the other EU members, 42(7) says NATO remains 'the "
    "foundation of their collective defence'.",
    see="Chapter 5, section 'Neutral members'",
)

# --- 5.3 test a claim with the data: spending before 2025 -----------------------------------------------
_spending = data.defence_expenditure()
AT_TWO = _spending[_spending["pct_gdp"] >= 2].groupby("year")["country"].nunique()
_first_year, _last_year = int(AT_TWO.index.min()), int(AT_TWO.index.max())

ex3 = Exercise(
    "5.3",
    f"Claim: 'Europeans only began to spend 2% of GDP on defence when Washington pressed them in 2025.' "
    f"How many more Allies were at or above 2% in {_last_year} than in {_first_year}, in NATO's figures?",
    kind="int",
    expected=int(AT_TWO.loc[_last_year] - AT_TWO.loc[_first_year]),
    wrong={
        int(AT_TWO.loc[_last_year]): f"That is the count for {_last_year}. Subtract the count for {_first_year}.",
        int(AT_TWO.loc[_first_year]): f"That is the count for {_first_year}. The question asks for the increase.",
    },
    hints=(
        "`spending = data.defence_expenditure()` has columns country, year and pct_gdp.",
        "Keep rows with pct_gdp >= 2, then count countries per year: .groupby('year')['country'].nunique().",
        f"Take the value for {_last_year} minus the value for {_first_year}.",
    ),
    solution="at_two = spending[spending['pct_gdp'] >= 2].groupby('year')['country'].nunique()\n"
    f"answer = int(at_two.loc[{_last_year}] - at_two.loc[{_first_year}])",
    explanation=f"From {int(AT_TWO.loc[_first_year])} in {_first_year} to {int(AT_TWO.loc[_last_year])} in "
    f"{_last_year} (the last an estimate): the rise began long before 2025, so the claim's 'only' and '2025' do not "
    "survive the data. Why governments spent more (the Wales pledge, Russia's wars, US pressure) is a further, "
    "interpretive question.",
    see="Chapter 5, section 'Burden-sharing'",
)

# --- 5.4 read the perspectives table ---------------------------------------------------------------------
_views = data.perspectives()
_span = _views.groupby("debate")["year"].agg(lambda y: int(y.max() - y.min()))
LONGEST = str(_span.idxmax())

ex4 = Exercise(
    "5.4",
    "In the perspectives table, which debate has positions spread over the longest period (last year minus first "
    "year)? Give its key as in the `debate` column.",
    kind="text",
    expected=LONGEST,
    wrong={d: f"{d} spans {s} years; another debate spans more." for d, s in _span.items() if d != LONGEST},
    hints=(
        "`views = data.perspectives()` has columns debate and year.",
        "views.groupby('debate')['year'].agg(lambda y: y.max() - y.min()) gives the span per debate; then .idxmax().",
    ),
    solution="span = views.groupby('debate')['year'].agg(lambda y: y.max() - y.min())\nanswer = span.idxmax()",
    explanation=f"'{LONGEST}' spans {int(_span.max())} years, from "
    f"{int(_views.loc[_views['debate'] == LONGEST, 'year'].min())} to "
    f"{int(_views.loc[_views['debate'] == LONGEST, 'year'].max())}: an argument that outlasts the people who started it.",
    see="Chapter 5, the chart of positions",
)

# --- 5.5 written: compare the two clauses ------------------------------------------------------------------
MODEL_CLAUSES = (
    "Both clauses commit members to help one another when attacked, and both refer to Article 51 of the UN Charter. "
    "Article 5 is triggered by an 'armed attack' in Europe or North America and lets each Ally take 'such action as "
    "it deems necessary, including the use of armed force'; it was invoked once, after 11 September 2001. Article "
    "42(7) speaks of 'armed aggression' on a member's territory and of an 'obligation of aid and assistance by all "
    "the means in their power', which sounds stronger, but it 'shall not prejudice the specific character' of some "
    "members' policies (the neutral and non-aligned: Austria, Ireland, Malta, and Cyprus outside NATO) and says "
    "that for NATO members NATO remains the foundation of collective defence. Behind Article 5 stand NATO's "
    "integrated command and plans; behind 42(7) there are no comparable EU structures, and France's request in 2015 "
    "was handled bilaterally between governments (as the European Parliament's research service notes). So the wording is stronger in 42(7), the machinery stronger behind Article 5."
)

ex5 = Exercise(
    "5.5",
    "Compare Article 42(7) TEU with Article 5 of the North Atlantic Treaty: what triggers each, what each "
    "obliges, who is covered, and what stands behind each. About 100 to 180 words.",
    kind="written",
    model_answer=MODEL_CLAUSES,
    rubric=(
        "compare the triggers ('armed attack' in Europe or North America; 'armed aggression' on a member's territory)?",
        (
            "compare the obligations ('such action as it deems necessary' against 'aid and assistance by all the "
            "means in their power')?"
        ),
        "mention the neutrality safeguard and who it concerns, and the clause on NATO as the foundation?",
        "say what stands behind each clause (NATO's command and plans; little EU machinery), with the 2015 case?",
        "quote only briefly, and attribute any judgement that is not in the texts?",
    ),
    min_words=60,
    hints=(
        "Read the two excerpts in Chapter 5, section 'Reading the sources', side by side.",
        "Four headings help: trigger, obligation, who is covered, what stands behind it.",
    ),
    see="Chapter 5, sections 'Neutral members' and 'Reading the sources'",
)

# --- 5.6 written: evaluate a claim -------------------------------------------------------------------------
MODEL_EVALUATION = (
    "The claim that 'nothing happened between the EU and NATO from 2004 to 2016 because the two simply lost "
    "interest' mixes a fact with a wrong explanation. It is a fact that no new joint framework was agreed between "
    "Althea (December 2004) and the Warsaw Joint Declaration (July 2016). But 'nothing happened' is false: the "
    "timeline records Atalanta beside NATO off Somalia (2008), the Lisbon Treaty (2009), NATO's 2010 Strategic "
    "Concept and the Wales pledge (2014). And 'lost interest' ignores the documented cause: after Cyprus joined "
    "the EU, Türkiye blocked formal NATO-EU meetings that included Cyprus and Cyprus blocked Türkiye's part in EU "
    "defence, as NATO's Secretary General Rasmussen said on the record in 2010 and Politico Europe reported. Each "
    "side blames the other, and that part is interpretation. A better claim: formal cooperation was blocked by a "
    "dispute between two members while practical cooperation went on."
)

ex6 = Exercise(
    "5.6",
    "Evaluate this claim: 'Nothing happened between the EU and NATO from 2004 to 2016 because the two simply lost "
    "interest.' Separate what is fact from what is interpretation, use the timeline and at least one attributed "
    "position, and propose a better-supported claim. About 100 to 180 words.",
    kind="written",
    model_answer=MODEL_EVALUATION,
    rubric=(
        "separate the fact (no new joint framework 2004-2016) from the interpretation ('lost interest')?",
        "use the timeline to show that events did happen in those years (name at least two)?",
        "give the documented explanation (the Cyprus-Türkiye blockage) with an attributed source?",
        "note that whose fault the blockage was is itself disputed (each side's position)?",
        "end with a better-supported claim of your own?",
    ),
    min_words=60,
    hints=(
        "Start with data.timeline() between 2004-12-02 and 2016-07-08: what is there?",
        "Then read explore.positions('cyprus-turkey') in Chapter 5: who said what, when?",
    ),
    see="Chapter 1, section '2004-2016'; Chapter 5, section 'The Cyprus-Türkiye blockage'",
)

__all__ = [
    "AT_TWO",
    "CLAIMS",
    "CLAIM_KINDS",
    "EU_OUTSIDE_NATO",
    "LONGEST",
    "MODEL_CLAUSES",
    "MODEL_EVALUATION",
    "ex1",
    "ex2",
    "ex3",
    "ex4",
    "ex5",
    "ex6",
]
