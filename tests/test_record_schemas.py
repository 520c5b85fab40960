"""The shared schemas of the Record's parts (normaliser.record_schemas) and their dump plan."""

from __future__ import annotations

from typing import Any

from marshmallow import pre_dump

from normaliser.record_schemas import TextSchema, planned_dump


def test_planned_dump_falls_back_to_marshmallow_for_what_it_does_not_plan() -> None:
    class Stamped(TextSchema):
        @pre_dump
        def _upper(self, text: Any, **kwargs: Any) -> Any:
            return text

    schema = Stamped()
    assert planned_dump(schema) == schema.dump
    assert planned_dump(TextSchema()) != TextSchema().dump
