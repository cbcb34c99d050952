# ruff: noqa: I001  (one import line per model module, as docs/HELPERS.md asks)
"""Import every model module so that ``Base.metadata`` holds all tables (for Alembic and tests).

New model modules (e.g. accounts, audit, registers) add one import line here.
"""

from catalogue import models  # noqa: F401
from catalogue import models_accounts  # noqa: F401
from catalogue import models_audit  # noqa: F401
from catalogue import models_registers  # noqa: F401
