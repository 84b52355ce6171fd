"""Reading the EU portal's search-API JSON: every trap of the format, every bad input."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from metroagora.funding import portal
from metroagora.funding.portal_fixtures import (
    CODES,
    generate_pages,
    portal_page,
    portal_result,
    stub_result,
    to_json,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
PROGRAMMES = {code: short for short, code in CODES.items()}


def parse(data, **kwargs):
    raw = data if isinstance(data, str | bytes) else to_json(data)
    return portal.parse_portal_json(raw, PROGRAMMES, now=NOW, **kwargs)


def result(identifier="LIFE-2026-SAP-CLIMA-CCA", **kwargs):
    kwargs.setdefault("opens", NOW - timedelta(days=30))
    kwargs.setdefault("deadlines", [NOW + timedelta(days=60)])
    return portal_result(identifier, **kwargs)


def problems(error: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in error.value.problems]


# --- The format -----------------------------------------------------------------------


def test_it_reads_one_page():
    parsed = parse(portal_page([result(), result("CERV-2026-CITIZENS-TOWN-TT", programme="CERV")]))
    assert [c.identifier for c in parsed.calls] == [
        "LIFE-2026-SAP-CLIMA-CCA",
        "CERV-2026-CITIZENS-TOWN-TT",
    ]
    call = parsed.calls[0]
    assert call.programme == "LIFE"
    assert call.title == "Nature-based solutions for heat resilience in dense urban areas"
    assert call.opens_at == NOW - timedelta(days=30)
    assert call.deadline == NOW + timedelta(days=60)
    assert call.second_deadline is None
    assert call.deadline_model == "single-stage"
    assert call.url.endswith("/topic-details/LIFE-2026-SAP-CLIMA-CCA")
    assert parsed.rows == 2


def test_it_reads_a_list_of_pages():
    pages = [portal_page([result("A-1")], 1), portal_page([result("A-2")], 2)]
    assert [c.identifier for c in parse(pages).calls] == ["A-1", "A-2"]


def test_every_metadata_value_is_an_array_but_scalars_are_tolerated():
    row = result()
    row["metadata"]["title"] = "A title given as a plain string"
    row["metadata"]["keywords"] = ["  Urban   heat ", "", "urban heat", "Cities"]
    call = parse(portal_page([row])).calls[0]
    assert call.title == "A title given as a plain string"
    assert call.keywords == ["Urban heat", "Cities"]  # cleaned and de-duplicated


def test_it_reads_the_budget_overview_json_string():
    row = result(
        budget=6_000_000, expected_grants=3, min_contribution=1_500_000, max_contribution=2_000_000
    )
    assert isinstance(row["metadata"]["budgetOverview"][0], str)
    call = parse(portal_page([row])).calls[0]
    assert call.budget_eur == 6_000_000
    assert call.expected_grants == 3
    assert call.min_contribution == 1_500_000
    assert call.max_contribution == 2_000_000
    assert call.action_type == "LIFE Standard Action Projects"


def test_the_budget_of_the_topic_is_picked_from_a_map_covering_the_whole_call():
    row = result("HORIZON-MISS-2026-CIT-01-02", programme="HORIZON")
    overview = {
        "budgetTopicActionMap": {
            "111": [
                {
                    "action": "HORIZON-MISS-2026-CIT-01-01 - HORIZON-IA",
                    "budgetYearMap": {"2026": "9000000"},
                    "expectedGrants": 1,
                }
            ],
            "222": [
                {
                    "action": "HORIZON-MISS-2026-CIT-01-02 - HORIZON-CSA HORIZON Coordination "
                    "and Support Actions",
                    "budgetYearMap": {"2026": 1_000_000, "2027": "500000"},
                    "expectedGrants": 2,
                    "minContribution": "",
                    "maxContribution": 750000,
                }
            ],
        }
    }
    row["metadata"]["budgetOverview"] = [json.dumps(overview)]
    row["metadata"].pop("ccm2Id")
    row["metadata"].pop("typesOfAction")
    call = parse(portal_page([row])).calls[0]
    assert call.budget_eur == 1_500_000  # by its identifier, both years
    assert call.expected_grants == 2
    assert call.min_contribution is None
    assert call.max_contribution == 750_000
    assert call.action_type == "HORIZON-CSA HORIZON Coordination and Support Actions"
    row["metadata"]["ccm2Id"] = ["111"]  # the topic's own id wins
    assert parse(portal_page([row])).calls[0].budget_eur == 9_000_000


def test_dates_come_from_the_budget_overview_when_the_metadata_has_none():
    row = result()
    del row["metadata"]["startDate"]
    del row["metadata"]["deadlineDate"]
    call = parse(portal_page([row])).calls[0]
    assert call.opens_at == datetime(2026, 5, 2, tzinfo=UTC)
    assert call.deadline == datetime(2026, 7, 31, tzinfo=UTC)


def test_two_stage_calls_keep_both_deadlines():
    first, second = NOW + timedelta(days=20), NOW + timedelta(days=180)
    call = parse(portal_page([result(deadlines=[second, first], model="two-stage")])).calls[0]
    assert call.deadline_model == "two-stage"
    assert (call.deadline, call.second_deadline) == (first, second)


def test_several_dates_of_a_single_stage_call_are_cut_offs():
    dates = [NOW + timedelta(days=d) for d in (10, 100, 200)]
    call = parse(portal_page([result(deadlines=dates, model="single-stage")])).calls[0]
    assert call.deadline_model == "multiple cut-off"
    assert (call.deadline, call.second_deadline) == (dates[0], dates[2])


def test_rows_sharing_an_identifier_are_merged_preferring_the_richest():
    rich = result(description="<p>The full description, with many details.</p>")
    poor = result(description="<p>Short.</p>", keywords=())
    poor["metadata"].pop("budgetOverview")
    poor["metadata"]["language"] = ["fr"]
    parsed = parse(portal_page([poor, stub_result("LIFE-2026-SAP-CLIMA-CCA"), rich]))
    assert len(parsed.calls) == 1
    call = parsed.calls[0]
    assert call.description == "<p>The full description, with many details.</p>"
    assert call.budget_eur == 4_000_000
    assert call.keywords == ["Climate adaptation", "Cities"]
    assert parsed.merged == 2  # the poorer row and the stub
    assert parsed.stubs == 0


def test_missing_fields_of_the_best_row_are_filled_from_its_twins():
    best = result()
    best["metadata"]["callTitle"] = []
    twin = result(call_title="LIFE 2026 call", description="")
    twin["metadata"].pop("keywords")
    call = parse(portal_page([best, twin])).calls[0]
    assert call.call_title == "LIFE 2026 call"


def test_stubs_alone_are_skipped_and_counted():
    parsed = parse(portal_page([result(), stub_result("HORIZON-STUB-ONLY")]))
    assert [c.identifier for c in parsed.calls] == ["LIFE-2026-SAP-CLIMA-CCA"]
    assert parsed.stubs == 1
    assert parsed.stub_identifiers == ["HORIZON-STUB-ONLY"]


def test_a_stale_open_status_does_not_make_a_closed_call_open():
    row = result(opens=NOW - timedelta(days=90), deadlines=[NOW - timedelta(days=2)], status="open")
    parsed = parse(portal_page([row]))
    call = parsed.calls[0]
    assert call.portal_status == "open"
    assert portal.derived_status(call, NOW) == "closed"
    assert parsed.stale_status == 1


def test_status_codes_of_the_portal_are_understood():
    row = result(status="forthcoming")
    assert row["metadata"]["status"] == ["31094501"]
    assert parse(portal_page([row])).calls[0].portal_status == "forthcoming"


def test_dates_in_every_form_the_portal_uses():
    assert portal.parse_datetime("2026-03-04T00:00:00.000+0000") == datetime(2026, 3, 4, tzinfo=UTC)
    assert portal.parse_datetime("2026-03-04T17:00:00+0100") == datetime(2026, 3, 4, 16, tzinfo=UTC)
    assert portal.parse_datetime("2026-03-04") == datetime(2026, 3, 4, tzinfo=UTC)
    assert portal.parse_datetime("2026-03-04T17:00:00Z") == datetime(2026, 3, 4, 17, tzinfo=UTC)
    assert portal.parse_datetime("1772582400000") == datetime(2026, 3, 4, tzinfo=UTC)


def test_the_digest_changes_with_the_data_only():
    a = parse(portal_page([result()])).calls[0]
    b = parse(portal_page([result()])).calls[0]
    assert a.digest() == b.digest()
    c = parse(portal_page([result(budget=5_000_000)])).calls[0]
    assert c.digest() != a.digest()


# --- Bad input: a clear report, with the position ---------------------------------------


def test_malformed_json_is_reported_with_line_and_column():
    raw = '{"results": [\n  {"metadata": {"identifier": ["X"],}}\n]}'
    with pytest.raises(portal.PortalFormatError) as error:
        parse(raw)
    assert problems(error) == [
        "this is not valid JSON: Expecting property name enclosed in double quotes "
        "(line 2, column 37)"
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"items": []},
        [],
        "a string",
        [{"results": []}, {"hits": []}],
        {"results": {"not": "a list"}},
    ],
)
def test_something_else_than_the_portal_format_is_refused(data):
    with pytest.raises(portal.PortalFormatError) as error:
        parse(json.dumps(data))
    assert "not the EU Funding & Tenders Portal's search format" in error.value.report()


def test_a_result_without_metadata_is_reported_with_its_position():
    with pytest.raises(portal.PortalFormatError) as error:
        parse([portal_page([result()]), portal_page([result("B-1"), {"reference": "x"}], 2)])
    assert problems(error) == ["page 2, result 2: not a portal result (no metadata object)"]


def test_a_missing_identifier_is_reported_with_its_position():
    with pytest.raises(portal.PortalFormatError) as error:
        parse(portal_page([result(), result(None)]))
    assert problems(error) == ["page 1, result 2: the identifier is missing (metadata.identifier)"]


def test_a_deadline_before_the_opening_is_an_impossible_date():
    row = result(opens=NOW, deadlines=[NOW - timedelta(days=5)])
    with pytest.raises(portal.PortalFormatError) as error:
        parse(portal_page([row]))
    assert problems(error) == [
        "page 1, result 1, LIFE-2026-SAP-CLIMA-CCA: the deadline (2026-05-27) is before the "
        "opening date (2026-06-01)"
    ]


def test_an_unknown_programme_is_reported_and_can_be_left_out():
    row = result("EU4H-2026-PJ-01", programme=None, programme_code="43332642")
    with pytest.raises(portal.PortalFormatError) as error:
        parse(portal_page([result(), row]))
    [message] = problems(error)
    assert message.startswith("page 1, result 2, EU4H-2026-PJ-01: unknown programme 43332642")
    parsed = parse(portal_page([result(), row]), skip_unknown_programmes=True)
    assert [c.identifier for c in parsed.calls] == ["LIFE-2026-SAP-CLIMA-CCA"]
    assert parsed.unknown_programme == 1


def test_an_unknown_programme_with_another_problem_still_fails():
    row = result(
        "EU4H-2026-PJ-01",
        programme=None,
        programme_code="43332642",
        opens=NOW,
        deadlines=[NOW - timedelta(days=1)],
    )
    with pytest.raises(portal.PortalFormatError):
        parse(portal_page([row]), skip_unknown_programmes=True)


def test_unreadable_values_are_each_reported():
    bad_date = result("A-1")
    bad_date["metadata"]["deadlineDate"] = ["next Tuesday"]
    bad_budget = result("A-2")
    bad_budget["metadata"]["budgetOverview"] = ['{"budgetTopicActionMap": {']
    inverted = result("A-3", min_contribution=3_000_000, max_contribution=1_000_000)
    with pytest.raises(portal.PortalFormatError) as error:
        parse(portal_page([bad_date, bad_budget, inverted]))
    assert problems(error) == [
        "page 1, result 1, A-1: the deadline 'next Tuesday' is not a date (expected 2026-03-04)",
        "page 1, result 2, A-2: budgetOverview is not valid JSON: Expecting property name "
        "enclosed in double quotes (line 1, column 27)",
        "page 1, result 3, A-3: the minimum contribution (3,000,000) is above the maximum "
        "(1,000,000)",
    ]


def test_every_problem_is_reported_at_once_and_long_reports_are_cut():
    rows = [result(None) for _ in range(portal.MAX_PROBLEMS + 5)]
    with pytest.raises(portal.PortalFormatError) as error:
        parse(portal_page(rows))
    assert error.value.total == portal.MAX_PROBLEMS + 5
    assert len(error.value.problems) == portal.MAX_PROBLEMS
    assert error.value.report().endswith("... and 5 more problems.")


def test_a_file_too_big_is_refused_before_reading():
    raw = to_json(portal_page([result() for _ in range(20)]))
    with pytest.raises(portal.PortalFormatError) as error:
        parse(raw, max_bytes=1000)
    assert "the file is too big" in error.value.report()
    assert "--max-size" in error.value.report()


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(portal.PortalFormatError) as error:
        parse(b'{"results": [{"metadata": {"title": ["Ca\xe7a"]}}]}')
    assert "not UTF-8" in error.value.report() or "not valid JSON" in error.value.report()


# --- The generator (tests and benchmarks) ---------------------------------------------------


def test_generated_pages_hold_every_trap_and_parse():
    pages, made = generate_pages(120, seed=3, now=NOW, page_size=40)
    parsed = parse(pages)
    assert len(parsed.calls) == 120
    assert parsed.merged >= 6  # duplicates of every 20th topic, stubs of every 50th
    assert parsed.stubs == 1  # the stub without any real row
    assert parsed.stale_status > 0
    by_id = {c.identifier: c for c in parsed.calls}
    for generated in made:
        assert portal.derived_status(by_id[generated.identifier], NOW) == generated.status
    assert any(c.deadline_model == "two-stage" for c in parsed.calls)
