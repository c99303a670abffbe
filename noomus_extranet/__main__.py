"""``python -m noomus_extranet`` is ``noomus-extranet``."""

import sys

from noomus_extranet.cli import main

sys.exit(main())
