"""Record-level guards the shared input guard does not cover.

``odoo.addons.service_order.tools.input_guard`` gives every value the shape the
ORM documents; these helpers then check what the values point at, before the
ORM or a constraint reads it:

- ``check_record_ids``: the ids a public method is called on are real ids;
- ``ensure_one_record``: a method that works on one record refuses ``[]`` or
  several ids with a clean ``UserError`` (not "Expected singleton");
- ``ensure_existing_record``: the same, and the record exists (for the public
  methods added to native models, which ``browse()``'s guard does not cover);
- ``check_linked_records``: the many2one ids of ``vals`` exist (no foreign-key
  violation from PostgreSQL) and the caller may read them (a constraint or a
  company check never quotes a record the caller cannot see);
- ``check_parent_fixed``: a child record stays on its parent.
"""

from odoo.exceptions import MissingError, UserError, ValidationError

from .input_guard import INT_MAX, ensure_one


def check_record_ids(records):
    """``records`` when its ids are real ids: an RPC call may name records
    by ``"7"``, ``[7]`` or ``-1``, which ``browse()`` takes as they come."""
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
    return records


def ensure_one_record(records):
    """``records`` when it holds exactly one record (with a real id), else a
    ``UserError``."""
    return ensure_one(check_record_ids(records))


def ensure_existing_record(records):
    """``records`` when it holds exactly one existing record with a real id,
    else a clean ``UserError`` / ``ValidationError`` / ``MissingError``."""
    # the shape first: browse("47") holds "4" and "7"
    record = ensure_one_record(records)
    if not record.exists():
        raise MissingError(
            records.env._(
                "%(model)s %(id)s does not exist or has been deleted.",
                model=records._description,
                id=record.id,
            )
        )
    return record


def check_linked_records(model, vals_list, fnames=None, check_access=True):
    """Refuse many2one ids (and the ids x2many commands name) of ``vals_list``
    (cleaned values) that do not exist or that the caller may not read. One
    query per comodel for the existence, the access check only for a
    non-superuser (and with ``check_access``: off for a comodel the caller
    picks from without reading it himself, such as ``hr.employee`` for a
    dispatcher, whose access the caller checks otherwise)."""
    wanted = {}
    for vals in vals_list:
        if not isinstance(vals, dict):
            continue  # the input guard refuses it
        for fname, value in vals.items():
            if fnames is not None and fname not in fnames:
                continue
            field = model._fields.get(fname)
            if field is None or not value:
                continue
            if field.type == "many2one":
                ids = [value]
            elif field.type in ("one2many", "many2many"):
                ids = _command_ids(value)
            else:
                continue
            for record_id in ids:
                wanted.setdefault(field.comodel_name, {}).setdefault(record_id, fname)
    for comodel, ids in wanted.items():
        records = model.env[comodel].browse(list(ids))
        missing = records - records.exists()
        if missing:
            fname = ids[missing[0].id]
            raise ValidationError(
                model.env._(
                    "%(field)s: no record with id %(id)s.",
                    field=model._fields[fname]._description_string(model.env),
                    id=missing[0].id,
                )
            )
        # the caller's own rights: raises a plain AccessError, which names no
        # data of the record, before any constraint could quote it
        if check_access:
            records.check_access("read")


def _command_ids(commands):
    """Ids of existing records named by cleaned x2many ``commands``."""
    ids = []
    for command in commands:
        if command[0] in (1, 2, 3, 4):
            ids.append(command[1])
        elif command[0] == 6:
            ids.extend(command[2])
    return ids


def check_parent_fixed(records, vals, fname):
    """A child record stays on its parent (``fname``): moving it would take it
    out of what its record rules allowed when it was written."""
    if fname not in vals:
        return
    new_id = vals[fname] or False
    if any(record[fname].id != new_id for record in records):
        raise UserError(
            records.env._(
                "%(model)s: the %(field)s cannot be changed once the record is "
                "created; create a new record instead.",
                model=records._description,
                field=records._fields[fname]._description_string(records.env),
            )
        )
