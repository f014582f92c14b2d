from . import assign_wizard
from . import loss_wizard
from . import partner_merge_duplicates
