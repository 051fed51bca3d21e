"""`python -m etl.generate --n 20 --out /tmp/x`"""
import sys

from etl.generate import main

sys.exit(main())
