"""The command line: argparse front door, commands and the plain runner."""
