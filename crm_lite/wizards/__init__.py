from . import assign_wizard
from . import loss_wizard
from . import handover_wizard
