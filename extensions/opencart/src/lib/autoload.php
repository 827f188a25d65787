<?php
/**
 * Loads the koppel library: plain PHP (7.3+), no OpenCart dependencies.
 * OpenCart 3.0 and 4.x both require this file by path. The loader goes first, so OpenCart 3.0's
 * own library loader (lower-case file names) never looks for these classes.
 */
spl_autoload_register(function ($class) {
    if (strncmp($class, 'Koppel\\', 7) !== 0) {
        return;
    }

    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, 7)) . '.php';

    if (is_file($file)) {
        require_once $file;
    }
}, true, true);
