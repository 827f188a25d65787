<?php
require __DIR__ . '/../src/lib/autoload.php';
require __DIR__ . '/support/Fixtures.php';
require __DIR__ . '/support/ProtocolAssert.php';
require __DIR__ . '/support/SqliteDb.php';
require __DIR__ . '/support/TestServer.php';
require __DIR__ . '/support/HangingServer.php';
require __DIR__ . '/support/FixtureDb.php';
require __DIR__ . '/support/Packages.php';
require __DIR__ . '/support/OpenCartStubs.php';
