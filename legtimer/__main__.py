"""`python -m legtimer` runs the same front door as the `legtimer` script."""

from legtimer.cli.main import main

raise SystemExit(main())
