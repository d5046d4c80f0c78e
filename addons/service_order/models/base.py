from odoo import api, models
from odoo.exceptions import UserError
from odoo.models import NewId

# the suite's own models: every call over RPC starts with browse(ids)
SUITE_MODEL_PREFIX = "service."
MAX_ID = 2**31 - 1


class Base(models.AbstractModel):
    _inherit = "base"

    @api.private
    def browse(self, ids=()):
        """Refuse record ids of the wrong shape on the suite's models.

        ``execute_kw(model, method, [ids])`` browses whatever the client sends:
        ``[[7]]`` or ``"12"`` (read as the records ``'1'`` and ``'2'``) give
        records whose first field access fails deep in suite code with a
        TypeError or a psycopg2 error. A clean error here instead; ids of the
        ORM's own shapes (ints, new ids) pass unchanged.
        """
        if (
            ids
            and ids.__class__ is not int
            and self._name.startswith(SUITE_MODEL_PREFIX)
        ):
            ids = self._check_browse_ids(ids)
        return super().browse(ids)

    def _check_browse_ids(self, ids):
        """The shapes a client can send (a list, a string, a number, a dict,
        a boolean) are checked (a dict by its keys, as the ORM reads it); the
        ORM's own iterables (tuples, generators, sets) pass unchanged."""
        if isinstance(ids, (list, dict)):
            if all(
                (type(id_) is int and -MAX_ID <= id_ <= MAX_ID)
                or isinstance(id_, NewId)
                for id_ in ids
            ):
                return ids
        elif not isinstance(ids, (str, bytes, float, bool)):
            return ids
        raise UserError(
            self.env._(
                "%(model)s: record ids must be whole numbers.",
                model=self._description,
            )
        )
