"""Clean hostile values before suite code (or the ORM) reads them.

Values reach ``create`` / ``write`` and public methods from the web client, an
import, XML-RPC or JSON-RPC: a many2one may come as ``"7"`` or ``[7]``, a float
as ``NaN`` or ``1e308``, a date as ``"10000-01-01"`` or a dict. The ORM stores
some of these unchanged (``"7"`` lands in the column while the cache says
"empty", so checks that read ``vals`` are skipped) and crashes on others with
raw Python or psycopg2 errors. Suite code calls these helpers first, so that
every value it reads has the shape the ORM documents, and everything else is a
clean :class:`ValidationError` naming the field.

Use::

    from odoo.addons.service_order.tools.input_guard import clean_vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        ...

    def write(self, vals):
        vals = clean_vals(self, vals)
        ...

and ``clean_id`` / ``clean_ids`` / ``clean_float`` / ``clean_datetime`` /
``clean_date`` / ``clean_int`` / ``clean_str`` for the arguments of public
methods; ``ensure_one(self)`` in public methods that work on one record (a
clean UserError for ``[]`` or several ids instead of "Expected singleton").
"""

import math
from datetime import date, datetime

from odoo import _, fields
from odoo.exceptions import UserError, ValidationError
from odoo.models import BaseModel
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# larger than any real quantity, duration or amount, small enough that sums and
# products of a few of them stay finite and fit PostgreSQL's numeric columns
FLOAT_MAX = 1e12
MIN_YEAR, MAX_YEAR = 1900, 2999
# a description longer than this is not typed by a person
MAX_TEXT = 1_000_000
# base64 of a 20 MB file
MAX_BINARY = 28_000_000

_ID_FIELD_TYPES = ("many2one", "many2one_reference")
_X2MANY_TYPES = ("one2many", "many2many")
_TEXT_TYPES = ("char", "text", "html")


def _fail(label, message, env=None):
    """Raise a ValidationError "<field>: <message>" in the user's language."""
    if env is not None:
        text = message._translate(env.lang or "en_US")
        raise ValidationError(
            env._("%(field)s: %(message)s", field=label, message=text)
        )
    raise ValidationError(_("%(field)s: %(message)s", field=label, message=message))


def _label(model, fname):
    field = model._fields.get(fname)
    if field is None:
        return fname
    return field._description_string(model.env) or fname


def ensure_one(records):
    """``records`` if it holds exactly one record, else a clean UserError:
    a public method that works on one record was called (over RPC) with no id
    or with several."""
    if len(records) != 1:
        raise UserError(
            records.env._(
                "This action works on one %(model)s at a time (%(count)s given).",
                model=records._description,
                count=len(records),
            )
        )
    return records


def clean_id(value, label="id", allow_empty=True, env=None):
    """An id as an ``int`` (or ``False``); accepts ints, digit strings and
    one-record recordsets, refuses everything else."""
    if isinstance(value, BaseModel):
        if len(value) > 1:
            _fail(
                label, _lt("one record expected, got %(count)s.", count=len(value)), env
            )
        value = value.id or False
    if value is None or value is False or value == "" or value == 0:
        if not allow_empty:
            _fail(label, _lt("a value is required."), env)
        return False
    if isinstance(value, bool):
        _fail(label, _lt("an id is expected, not a boolean."), env)
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            _fail(
                label, _lt("%(value)s is not a record id.", value=repr(value[:40])), env
            )
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        _fail(
            label,
            _lt("a record id is expected, not %(kind)s.", kind=type(value).__name__),
            env,
        )
    if not 0 < value <= INT_MAX:
        _fail(label, _lt("%(value)s is not a record id.", value=value), env)
    return value


def clean_ids(value, label="ids", env=None):
    """A list of ids from an id, a digit string, a list/tuple of those or a
    recordset."""
    if isinstance(value, BaseModel):
        return list(value.ids)
    if value is None or value is False:
        return []
    if isinstance(value, (list, tuple)):
        ids = [clean_id(item, label, False, env) for item in value]
        return list(dict.fromkeys(ids))
    single = clean_id(value, label, env=env)
    return [single] if single else []


def clean_int(value, label="value", minimum=INT_MIN, maximum=INT_MAX, env=None):
    if value is None or value is False:
        return 0
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit():
            _fail(
                label,
                _lt("%(value)s is not a whole number.", value=repr(value[:40])),
                env,
            )
        value = int(text)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            _fail(
                label, _lt("%(value)s is not a whole number.", value=repr(value)), env
            )
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(
            label,
            _lt("a whole number is expected, not %(kind)s.", kind=type(value).__name__),
            env,
        )
    if not minimum <= value <= maximum:
        _fail(
            label,
            _lt(
                "%(value)s is out of range (%(min)s to %(max)s).",
                value=value,
                min=minimum,
                max=maximum,
            ),
            env,
        )
    return value


def clean_float(value, label="value", minimum=-FLOAT_MAX, maximum=FLOAT_MAX, env=None):
    """A finite float within bounds (``False``/``None`` is 0.0)."""
    if value is None or value is False:
        return 0.0
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            _fail(label, _lt("%(value)s is not a number.", value=repr(value[:40])), env)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(
            label,
            _lt("a number is expected, not %(kind)s.", kind=type(value).__name__),
            env,
        )
    try:
        value = float(value)
    except OverflowError:
        _fail(label, _lt("the number is too large."), env)
    if not math.isfinite(value):
        _fail(label, _lt("the number must be finite."), env)
    if not minimum <= value <= maximum:
        _fail(
            label,
            _lt(
                "%(value)s is out of range (%(min)s to %(max)s).",
                value=value,
                min=minimum,
                max=maximum,
            ),
            env,
        )
    return value


def _check_year(moment, label, env=None):
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        _fail(
            label,
            _lt(
                "dates must lie between the years %(min)s and %(max)s.",
                min=MIN_YEAR,
                max=MAX_YEAR,
            ),
            env,
        )
    return moment


def clean_datetime(value, label="date", env=None):
    """A naive UTC ``datetime`` (or ``False``) from a datetime, a date or a
    string in the ORM's formats."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            _fail(label, _lt("dates are naive UTC values."), env)
        return _check_year(value, label, env)
    if isinstance(value, date):
        return _check_year(datetime(value.year, value.month, value.day), label, env)
    if not isinstance(value, str) or len(value) > 40:
        _fail(label, _lt("a date and time is expected."), env)
    try:
        moment = fields.Datetime.to_datetime(value)
    except (ValueError, TypeError, OverflowError):
        _fail(
            label,
            _lt("%(value)s is not a valid date and time.", value=repr(value)),
            env,
        )
    return _check_year(moment, label, env)


def clean_date(value, label="date", env=None):
    """A ``date`` (or ``False``) from a date, a datetime or a string."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, datetime):
        return _check_year(value, label, env).date()
    if isinstance(value, date):
        return _check_year(value, label, env)
    if not isinstance(value, str) or len(value) > 40:
        _fail(label, _lt("a date is expected."), env)
    try:
        day = fields.Date.to_date(value)
    except (ValueError, TypeError, OverflowError):
        _fail(label, _lt("%(value)s is not a valid date.", value=repr(value)), env)
    return _check_year(day, label, env)


def clean_str(value, label="text", max_length=MAX_TEXT, env=None):
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        _fail(
            label,
            _lt("a text is expected, not %(kind)s.", kind=type(value).__name__),
            env,
        )
    if len(value) > max_length:
        _fail(
            label,
            _lt("the text is too long (%(max)s characters at most).", max=max_length),
            env,
        )
    return value


def _clean_commands(model, field, value, label):
    """x2many values: a list of commands (or of ids)."""
    env = model.env
    if value is None or value is False:
        return []
    if isinstance(value, BaseModel):
        return [(6, 0, value.ids)]
    if not isinstance(value, (list, tuple)):
        _fail(label, _lt("a list of commands is expected."), env)
    comodel = model.env[field.comodel_name]
    commands = []
    for command in value:
        if isinstance(command, (list, tuple)):
            if not command or isinstance(command[0], bool):
                _fail(
                    label,
                    _lt("malformed command %(command)s.", command=repr(command)[:80]),
                    env,
                )
            code = command[0]
            if code not in (0, 1, 2, 3, 4, 5, 6):
                _fail(
                    label, _lt("unknown command %(code)s.", code=repr(code)[:40]), env
                )
            if code in (0, 1):
                if len(command) < 3 or not isinstance(command[2], dict):
                    _fail(
                        label,
                        _lt(
                            "malformed command %(command)s.", command=repr(command)[:80]
                        ),
                        env,
                    )
                ref = (
                    command[1] if code == 0 else clean_id(command[1], label, False, env)
                )
                commands.append((code, ref, clean_vals(comodel, command[2])))
            elif code in (2, 3, 4):
                if len(command) < 2:
                    _fail(
                        label,
                        _lt(
                            "malformed command %(command)s.", command=repr(command)[:80]
                        ),
                        env,
                    )
                commands.append((code, clean_id(command[1], label, False, env), 0))
            elif code == 5:
                commands.append((5, 0, 0))
            else:
                if len(command) < 3:
                    _fail(
                        label,
                        _lt(
                            "malformed command %(command)s.", command=repr(command)[:80]
                        ),
                        env,
                    )
                commands.append((6, 0, clean_ids(command[2], label, env)))
        elif isinstance(command, dict):
            commands.append((0, 0, clean_vals(comodel, command)))
        else:
            # a bare id: the ORM links it
            commands.append((4, clean_id(command, label, False, env), 0))
    return commands


def _clean_selection(model, field, value, label):
    env = model.env
    if value is None or value is False:
        return False
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        _fail(label, _lt("a choice is expected."), env)
    allowed = {key for key, _name in field._description_selection(model.env)}
    if value not in allowed:
        _fail(
            label,
            _lt(
                "%(value)s is not one of the allowed values.",
                value=repr(str(value)[:40]),
            ),
            env,
        )
    return value


def _refuse_related(field, label, env):
    """A read-only related field follows its source: the ORM would store a
    value written to it as it is (a time log "moved" to another company
    while its order stays put)."""
    if field.related and field.readonly:
        _fail(
            label,
            _lt("it follows %(path)s and cannot be set.", path=field.related),
            env,
        )


def clean_value(model, fname, value):
    """One value of ``vals`` for field ``fname`` of ``model``, cleaned."""
    env = model.env
    field = model._fields.get(fname)
    if field is None:
        _fail(fname, _lt("no such field on %(model)s.", model=model._description), env)
    label = _label(model, fname)
    _refuse_related(field, label, env)
    ftype = field.type
    if ftype in _ID_FIELD_TYPES:
        return clean_id(value, label, env=env)
    if ftype in _X2MANY_TYPES:
        return _clean_commands(model, field, value, label)
    if ftype == "integer":
        return clean_int(value, label, env=env)
    if ftype in ("float", "monetary"):
        return clean_float(value, label, env=env)
    if ftype == "datetime":
        return clean_datetime(value, label, env)
    if ftype == "date":
        return clean_date(value, label, env)
    if ftype == "selection":
        return _clean_selection(model, field, value, label)
    if ftype in _TEXT_TYPES:
        if ftype == "char" and field.translate and isinstance(value, dict):
            return value
        return clean_str(value, label, env=env)
    if ftype in ("binary", "image"):
        if value is None or value is False:
            return False
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        return clean_str(value, label, MAX_BINARY, env)
    if ftype == "boolean":
        if not isinstance(value, (bool, int, type(None))):
            _fail(label, _lt("true or false is expected."), env)
        return bool(value)
    return value


def clean_vals(model, vals):
    """A copy of ``vals`` with every value in the ORM's documented shape.

    Raises :class:`ValidationError` (nothing is written) on the first value that
    cannot be one: an unknown field, a many2one that is not an id, a float that
    is not finite or absurdly large, a date out of range, a selection value that
    does not exist, a malformed x2many command.
    """
    if not isinstance(vals, dict):
        _fail(
            model._description,
            _lt("the values to save must map field names to values."),
            model.env,
        )
    cleaned = {}
    for fname, value in vals.items():
        if not isinstance(fname, str):
            _fail(str(fname)[:40], _lt("field names are strings."), model.env)
        cleaned[fname] = clean_value(model, fname, value)
    return cleaned


def clean_field_names(model, field_names):
    """A list of field names of ``model`` (``default_get``, ``read_group``
    arguments), else a clean ValidationError."""
    if field_names is None or field_names is False:
        return []
    if isinstance(field_names, str):
        field_names = [field_names]
    if not isinstance(field_names, (list, tuple)) or not all(
        isinstance(fname, str) for fname in field_names
    ):
        _fail(
            model._description,
            _lt("a list of field names is expected."),
            model.env,
        )
    return list(field_names)
