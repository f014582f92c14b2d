from . import contribution
from . import dashboard
from . import management_report
