"""Travel distances and times between coordinates.

Plain Python (no Odoo import) so the optimiser and its benchmark can use it
without a database. ``travel_matrix_minutes`` is the single function a real
routing engine (OSRM, Valhalla, a commercial API) would replace: everything
else in the dispatch code only consumes the matrix it returns.
"""

import math

EARTH_RADIUS_KM = 6371.0088
DEFAULT_ROAD_FACTOR = 1.3
DEFAULT_SPEED_KMH = 50.0


def known_point(lat, lon):
    """``(lat, lon)`` as floats, or ``None`` when the place is unknown.

    Odoo stores "not geocoded" as 0.0 / 0.0 (or leaves the fields empty):
    such a point, and one that is not finite or out of range, is no real
    place and must be left out of every travel estimate (a site at 0, 0 would
    otherwise be thousands of kilometres away from everything).
    """
    try:
        lat, lon = float(lat or 0.0), float(lon or 0.0)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if lat == 0.0 and lon == 0.0:
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return (lat, lon)


def partner_point(partner):
    """The coordinates of a partner (a site, a customer), or ``None``."""
    if not partner:
        return None
    return known_point(partner.partner_latitude, partner.partner_longitude)


def home_point(employee):
    """The home base of a technician (``hr.employee`` or its public view),
    or ``None``."""
    if not employee:
        return None
    return known_point(employee.home_latitude, employee.home_longitude)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres between two (lat, lon) points."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(km, road_factor=DEFAULT_ROAD_FACTOR, speed_kmh=DEFAULT_SPEED_KMH):
    """Driving minutes for a straight-line distance ``km``.

    The road distance is estimated as ``km * road_factor`` and driven at
    ``speed_kmh`` on average.
    """
    if speed_kmh <= 0:
        raise ValueError("speed_kmh must be positive")
    if road_factor <= 0:
        raise ValueError("road_factor must be positive")
    return km * road_factor / speed_kmh * 60.0


def travel_matrix_minutes(
    points, road_factor=DEFAULT_ROAD_FACTOR, speed_kmh=DEFAULT_SPEED_KMH
):
    """Square matrix of driving minutes between ``points`` (list of (lat, lon)).

    ``matrix[i][j]`` is the time from ``points[i]`` to ``points[j]``; the
    diagonal is 0. This is the one place to plug in a real routing engine.
    """
    n = len(points)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        lat_i, lon_i = points[i]
        row = matrix[i]
        for j in range(i + 1, n):
            lat_j, lon_j = points[j]
            minutes = travel_minutes(
                haversine_km(lat_i, lon_i, lat_j, lon_j),
                road_factor=road_factor,
                speed_kmh=speed_kmh,
            )
            row[j] = minutes
            matrix[j][i] = minutes
    return matrix
