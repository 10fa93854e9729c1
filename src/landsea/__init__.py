"""landsea: corridor model and single-window hub for the ILSTC and the Lancang-Mekong region."""

__version__ = "0.1.0"
