from . import crm_dict
from . import res_partner
from . import interaction
from . import sale_order
