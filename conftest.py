"""Repository-wide pytest set-up (the tests are run by `make test`)."""

import logging


class _DropTestFrameworkImportError(logging.Filter):
    """pytest-odoo imports ``odoo.tests`` before it turns Odoo's ``test_enable``
    flag on, so Odoo logs a spurious ERROR ("Importing test framework...") with a
    long stack at start-up. Drop exactly that record; everything else stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_DropTestFrameworkImportError())


def pytest_collection_modifyitems(items):
    """Give Odoo test classes outside an addon (top-level tests/) the attributes
    Odoo's MetaCase only sets for modules named ``odoo.addons.*``; without them
    their setUpClass fails with "no attribute 'test_tags'"."""
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is None or cls.__module__.startswith("odoo.addons."):
            continue
        if not any(base.__module__ == "odoo.tests.common" for base in cls.__mro__):
            continue
        if getattr(cls, "test_tags", None) is None:
            cls.test_tags = {"standard", "post_install"}
        if not hasattr(cls, "test_module"):
            cls.test_module = cls.__module__.split(".")[0]
            cls.test_class = cls.__name__
            cls.test_sequence = 0
