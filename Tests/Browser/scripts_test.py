"""The page's scripts share one global scope (classic scripts, no modules, no build step): a
function or constant declared at the top of two files silently replaces the first one, which once
left Configuratie empty. Every top-level name is declared in one file only."""
import collections
import os
import re
import unittest

WWW = os.path.join(os.path.dirname(__file__), "..", "..", "www")
DECLARATION = re.compile(r"^(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)", re.M)


class ScriptsShareOneScope(unittest.TestCase):
    def test_no_top_level_name_is_declared_twice(self):
        files = sorted(name for name in os.listdir(WWW) if name.endswith(".js"))
        self.assertIn("app.js", files)
        declared = collections.defaultdict(list)
        for name in files:
            with open(os.path.join(WWW, name), encoding="utf-8") as file:
                for match in DECLARATION.finditer(file.read()):
                    declared[match.group(1)].append(name)
        twice = {name: where for name, where in declared.items() if len(where) > 1}
        self.assertEqual(twice, {}, "declared in more than one file (or twice in one)")
        self.assertGreater(len(declared), 20)  # the pattern does find the declarations
