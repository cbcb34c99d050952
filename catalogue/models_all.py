"""Import every model module so that ``Base.metadata`` holds all tables (for Alembic and tests).

New model modules (e.g. accounts, audit, registers) add one import line here.
"""

from catalogue import models  # noqa: F401
