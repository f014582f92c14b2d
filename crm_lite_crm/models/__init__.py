from . import ir_ui_menu
from . import res_partner
