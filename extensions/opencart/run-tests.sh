#!/bin/sh
# Runs the extension's PHPUnit tests: payloads from the real OpenCart rows, signature vectors,
# the retry queue against a local stand-in of koppel, the built packages against OpenCart's
# installer rules, and the OpenCart 3.0 / 4.x controllers from those packages.
# Extra arguments go to phpunit (e.g. --filter QueueTest). Exits non-zero when a test fails.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
phpunit=${PHPUNIT:-phpunit}

for tool in php "$phpunit" zip unzip; do
    command -v "$tool" >/dev/null 2>&1 || { echo "run-tests.sh: $tool is missing" >&2; exit 1; }
done

php -r 'exit(extension_loaded("curl") && extension_loaded("pdo_sqlite") ? 0 : 1);' \
    || { echo "run-tests.sh: PHP needs the curl and pdo_sqlite extensions" >&2; exit 1; }

exec "$phpunit" --configuration "$here/tests/phpunit.xml" "$@"
