"""Import every model module so that ``Base.metadata`` holds all tables (for Alembic and tests)."""

from catalogue.accounts import models as accounts_models  # noqa: F401
from catalogue.audit import models as audit_models  # noqa: F401
from catalogue.audit import records as record_audit_models  # noqa: F401
from catalogue.awards import models as award_models  # noqa: F401
from catalogue.cases import models as case_models  # noqa: F401
from catalogue.initiatives import models as initiative_models  # noqa: F401
from catalogue.instruments import models as instrument_models  # noqa: F401
from catalogue.registers import models as register_models  # noqa: F401
from catalogue.reviews import models as review_models  # noqa: F401
