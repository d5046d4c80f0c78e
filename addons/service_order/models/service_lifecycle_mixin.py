from odoo import api, models

# The lifecycle's writes carry LIFECYCLE_TOKEN in the context under the
# model's context key (``_lifecycle_context_key``; STATE_CHANGE_CTX for the
# service order): they may write ``state`` and the server-stamped fields, past
# the model's guards. The token is a Python object compared with ``is``: a
# client (JSON-RPC, XML-RPC, the web client) can only send JSON values in its
# context, never this object, so setting the key to anything it can send
# ("1", True, {...}) unlocks nothing. Server code uses
# ``record._write_lifecycle(vals)`` or
# ``with_context(**record._state_write_context())``.
STATE_CHANGE_CTX = "service_order_state_change"
LIFECYCLE_TOKEN = object()


def is_lifecycle_write(env, key=STATE_CHANGE_CTX):
    """True when ``env`` carries the lifecycle's token under ``key`` (server
    code only)."""
    return env.context.get(key) is LIFECYCLE_TOKEN


class ServiceLifecycleMixin(models.AbstractModel):
    """A state that moves only through the model's ``action_*`` methods.

    The actions check the whole batch, then call ``_set_state(state, extra)``,
    which writes through ``_write_lifecycle(vals)`` with the token in the
    context; the model's ``write()`` refuses a state change (and whatever else
    it reserves to the lifecycle) unless ``_is_lifecycle_write()``. Each model
    has its own context key, so the lifecycle of one model unlocks nothing on
    another (an order's action writing a contract stays a plain write).
    """

    _name = "service.lifecycle.mixin"
    _description = "Service Lifecycle Mixin"

    # context key of this model's lifecycle writes
    _lifecycle_context_key = STATE_CHANGE_CTX

    @api.model
    def _state_write_context(self):
        """Context of the lifecycle's own writes (server code only: the token
        cannot be sent by a client)."""
        return {self._lifecycle_context_key: LIFECYCLE_TOKEN}

    @api.model
    def _is_lifecycle_write(self):
        """True when this environment writes as the lifecycle."""
        return is_lifecycle_write(self.env, self._lifecycle_context_key)

    def _write_lifecycle(self, vals):
        """Write ``vals`` as part of the lifecycle: past the model's lifecycle
        guards (access rights and record rules still apply). For server code
        of the suite that records what an action did, e.g. a value stamped on
        completion."""
        return self.with_context(**self._state_write_context()).write(vals)

    def _prepare_state_values(self, state):
        """Values written with a new ``state`` (extension point: e.g. the day
        the state changed)."""
        return {"state": state}

    def _set_state(self, state, extra=None):
        vals = self._prepare_state_values(state)
        vals.update(extra or {})
        return self._write_lifecycle(vals)
