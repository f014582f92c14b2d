from . import test_customer
from . import test_dict
from . import test_i18n
from . import test_interaction
from . import test_menus
from . import test_security
from . import test_chance
from . import test_service
