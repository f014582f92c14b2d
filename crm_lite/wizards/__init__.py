from . import assign_wizard
