from . import service_sale_quote_wizard
