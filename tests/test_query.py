"""The query language parses into the tree the backends compile."""

import pytest

from indexer.query import BoolOp, Not, Phrase, QueryError, Term, parse_query


def test_plain_words_are_ranked_not_required() -> None:
    q = parse_query("خطوط المساعدة")
    assert q.root == BoolOp("OR", [Term("خطوط"), Term("المساعدة")])


def test_a_filter_given_twice_keeps_both_values_once_each() -> None:
    q = parse_query('state:France year:2014 state:"Bosnia and Herzegovina" state:France')
    assert q.filters == {"state": ["France", "Bosnia and Herzegovina"], "year": ["2014"]}


def test_phrase_operators_prefix_exact_and_filters() -> None:
    q = parse_query('"المواد الإباحية" AND تكنولوج* NOT =البنات symbol:A/HRC/28/56 year:2014')
    assert q.filters == {"symbol": ["A/HRC/28/56"], "year": ["2014"]}
    assert q.root == BoolOp(
        "AND",
        [
            Phrase("المواد الإباحية"),
            Term("تكنولوج", prefix=True),
            Not(Term("البنات", exact=True)),
        ],
    )


def test_arabic_conjunctions_are_words_not_operators() -> None:
    q = parse_query("الأطفال و الإنترنت أو ليس")
    assert isinstance(q.root, BoolOp) and q.root.op == "OR"
    assert [t.word for t in q.root.children] == ["الأطفال", "و", "الإنترنت", "أو", "ليس"]


def test_or_and_parentheses() -> None:
    q = parse_query("(بغاء OR اتجار) AND أطفال")
    assert q.root == BoolOp("AND", [BoolOp("OR", [Term("بغاء"), Term("اتجار")]), Term("أطفال")])


@pytest.mark.parametrize(
    "bad",
    ['"open phrase', "NOT الأطفال", "الأطفال AND", "OR الأطفال", "(الأطفال", "*", "x" * 1001,
     "a\x00b", "symbol:"],
)
def test_malformed_queries_say_why(bad: str) -> None:
    with pytest.raises(QueryError) as err:
        parse_query(bad)
    assert str(err.value)
