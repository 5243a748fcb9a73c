"""The home screen's widgets: the routine table and the selected routine's details."""
