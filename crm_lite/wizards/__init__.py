from . import assign_wizard
from . import loss_wizard
from . import onboard_wizard
from . import partner_merge
from . import handover_wizard
from . import call_wizard
