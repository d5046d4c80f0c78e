"""One record with a real id, for the public methods service_crm adds to
native models (``crm.lead``, ``res.partner``): service_order's ``browse()``
guard covers only the suite's own ``service.*`` models, and an RPC call may
name records by ``"7"``, ``[7]`` or ``-1``."""

from odoo.exceptions import MissingError, ValidationError

from odoo.addons.service_order.tools.input_guard import INT_MAX, ensure_one


def ensure_one_record(records):
    """``records`` when it holds exactly one existing record with a real id,
    else a clean ``UserError`` / ``ValidationError`` / ``MissingError``."""
    # the shape first: browse("47") holds "4" and "7"
    for record_id in records._ids:
        if (
            not isinstance(record_id, int)
            or isinstance(record_id, bool)
            or not 0 < record_id <= INT_MAX
        ):
            raise ValidationError(
                records.env._(
                    "%(model)s: %(value)s is not a record id.",
                    model=records._description,
                    value=repr(record_id)[:40],
                )
            )
    ensure_one(records)
    record_id = records._ids[0]
    if not records.exists():
        raise MissingError(
            records.env._(
                "%(model)s %(id)s does not exist or has been deleted.",
                model=records._description,
                id=record_id,
            )
        )
    return records
