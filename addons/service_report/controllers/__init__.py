from . import position
