from . import test_callback_asset
