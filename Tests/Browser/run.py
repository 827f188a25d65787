"""Runs every Tests/Browser/*_test.py against the stack scripts/test-browser started."""
import os
import sys
import time
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
started = time.monotonic()
suite = unittest.defaultTestLoader.discover(here, pattern="*_test.py", top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2).run(suite)
print(f"browser tests: {result.testsRun} in {time.monotonic() - started:.1f} s")
sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
