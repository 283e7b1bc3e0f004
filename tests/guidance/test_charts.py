"""Indicator charts: valid SVG, labelled for screen readers, no inline style, never colour alone."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from kunskapsnav.guidance import charts
from kunskapsnav.guidance import implementation as services
from tests.guidance.implementation_base import ImplementationTestCase

SVG = "{http://www.w3.org/2000/svg}"


def chart(*series: charts.Series, target: Decimal | None = Decimal(80)) -> ET.Element:
    svg = charts.line_chart(
        chart_id="c1",
        title="Andel <med> uppföljning & mer",
        description="Två serier.",
        series=list(series),
        target=target,
        unit="%",
    )
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def two_series() -> list[charts.Series]:
    return [
        charts.Series(
            "Dalarna", [(dt.date(2022, 1, 1), Decimal(50)), (dt.date(2023, 1, 1), Decimal(60))]
        ),
        charts.Series(
            "Falun <b>",
            [(dt.date(2022, 1, 1), Decimal(40)), (dt.date(2023, 1, 1), Decimal("75.5"))],
        ),
    ]


def test_the_svg_is_valid_xml_labelled_by_its_title_and_description() -> None:
    root = chart(*two_series())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Andel <med> uppföljning & mer"  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").get("id") == "c1-title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").get("id") == "c1-desc"  # type: ignore[union-attr]


def test_there_is_no_style_attribute_and_no_script() -> None:
    root = chart(*two_series())
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert element.tag != f"{SVG}script"
        assert element.tag != f"{SVG}style"


def test_series_differ_in_dash_and_marker_not_only_in_colour() -> None:
    root = chart(*two_series())
    lines = root.findall(f".//{SVG}polyline")
    assert len(lines) == 2
    assert lines[0].get("stroke") != lines[1].get("stroke")
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert root.findall(f".//{SVG}circle"), "first series: circles"
    assert root.findall(f".//{SVG}rect"), "second series: squares"


def test_the_target_is_a_labelled_line() -> None:
    root = chart(*two_series())
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Målvärde 80" in texts
    assert "Falun <b>" in texts


def test_a_single_point_and_no_target_still_draw() -> None:
    root = chart(charts.Series("Dalarna", [(dt.date(2022, 1, 1), Decimal("0.5"))]), target=None)
    assert root.findall(f".//{SVG}circle")


class ChartsForTests(ImplementationTestCase):
    def test_a_chart_and_a_table_per_indicator_with_region_and_unit_series(self) -> None:
        implementation = self.refresh()
        for unit, start, value in (
            (None, dt.date(2023, 1, 1), Decimal(60)),
            (None, dt.date(2024, 1, 1), Decimal(70)),
            (self.falun_unit, dt.date(2024, 1, 1), Decimal(40)),
        ):
            services.record_measurement(
                implementation,
                self.indicator,
                acting_user=None,
                period_start=start,
                period_end=start.replace(month=12, day=31),
                value=value,
                unit=unit,
            )
        with self.assertNumQueries(2):
            (result,) = charts.charts_for(implementation)
        assert [s.label for s in result.series] == ["Dalarna", "Falun"]
        assert result.rows == [
            (dt.date(2023, 1, 1), [Decimal(60), None]),
            (dt.date(2024, 1, 1), [Decimal(70), Decimal(40)]),
        ]
        ET.fromstring(str(result.svg))  # noqa: S314
        assert "Målvärdet är 80" in str(result.svg)
