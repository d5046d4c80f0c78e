from . import maintenance_equipment
from . import service_asset_meter
from . import service_asset_meter_reading
from . import service_order
