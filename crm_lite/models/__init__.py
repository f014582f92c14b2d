from . import crm_dict
from . import crm_workflow_mixin
from . import res_partner
from . import interaction
from . import sale_order
from . import chance
from . import plan
from . import service
