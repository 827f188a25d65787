"""Runs every Tests/Browser/*_test.py against the stack scripts/test-browser started."""
import os
import sys
import time
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
started = time.monotonic()
# KOPPEL_BROWSER_PATTERN=terms_test.py runs one file while working on it.
pattern = os.environ.get("KOPPEL_BROWSER_PATTERN", "*_test.py")
suite = unittest.defaultTestLoader.discover(here, pattern=pattern, top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2).run(suite)
print(f"browser tests: {result.testsRun} in {time.monotonic() - started:.1f} s")
sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
