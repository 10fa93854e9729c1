"""(1) Data: the corridor tables, their readers and writers, and the checks that name file, row
and field.

The package is the API: the names in `__all__` are public, the modules behind them are not a
promise. Freight demand has its own subpackage, `landsea.data.demand`.

>>> from landsea.data import load_corridor
>>> tables = load_corridor()
>>> tables.places.loc["CNCKG", "name"]
'Chongqing (city)'
"""

from landsea.data.bundled import load_corridor
from landsea.data.delay_curves import check_delay_curves, read_delay_curves, write_delay_curves
from landsea.data.formats import detect_format, inspect_network, read_network
from landsea.data.geojson import geojson_document, read_geojson, write_geojson
from landsea.data.gmns import read_gmns, write_gmns
from landsea.data.io import read_tables, write_tables
from landsea.data.params import read_parameters
from landsea.data.schema import TABLE_SPECS, Column, TableSpec
from landsea.data.tables import CommodityParameters, CorridorTables, ModeParameters, Parameters
from landsea.data.tntp import (
    TntpFiles,
    TntpNetwork,
    find_tntp_files,
    read_tntp_flows,
    read_tntp_network,
    read_tntp_trips,
)
from landsea.data.validate import DataWarning, ValidationReport, check_tables, validate_tables

__all__ = [
    "TABLE_SPECS",
    "Column",
    "CommodityParameters",
    "CorridorTables",
    "DataWarning",
    "ModeParameters",
    "Parameters",
    "TableSpec",
    "TntpFiles",
    "TntpNetwork",
    "ValidationReport",
    "check_delay_curves",
    "check_tables",
    "detect_format",
    "find_tntp_files",
    "geojson_document",
    "inspect_network",
    "load_corridor",
    "read_delay_curves",
    "read_geojson",
    "read_gmns",
    "read_network",
    "read_parameters",
    "read_tables",
    "read_tntp_flows",
    "read_tntp_network",
    "read_tntp_trips",
    "validate_tables",
    "write_delay_curves",
    "write_geojson",
    "write_gmns",
    "write_tables",
]
