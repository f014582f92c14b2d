from . import period_mixin
from . import contribution
from . import dashboard
from . import management_report
from . import duplicate
