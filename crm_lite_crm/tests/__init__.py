from . import test_lead_access
