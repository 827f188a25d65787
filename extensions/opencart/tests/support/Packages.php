<?php
namespace Koppel\Tests;

/**
 * The packages as build.sh makes them, extracted the way the installers place them:
 * oc3/upload/… (3.0) and oc4/extension/koppel/… (4.x). Built once per test run.
 */
final class Packages
{
    public static function extracted()
    {
        $folder = getenv('KOPPEL_PACKAGES');

        if ($folder && is_dir($folder)) {
            return $folder;
        }

        $folder = sys_get_temp_dir() . '/koppel-packages-' . bin2hex(random_bytes(4));
        $commands = array(
            'sh ' . escapeshellarg(dirname(__DIR__, 2) . '/build.sh') . ' ' . escapeshellarg($folder . '/dist'),
            'mkdir -p ' . escapeshellarg($folder . '/oc3') . ' ' . escapeshellarg($folder . '/oc4/extension/koppel'),
            'unzip -q ' . escapeshellarg($folder . '/dist/koppel-oc3.ocmod.zip') . ' -d ' . escapeshellarg($folder . '/oc3'),
            'unzip -q ' . escapeshellarg($folder . '/dist/koppel.ocmod.zip') . ' -d ' . escapeshellarg($folder . '/oc4/extension/koppel'),
        );

        foreach ($commands as $command) {
            exec($command . ' 2>&1', $output, $status);

            if ($status !== 0) {
                throw new \RuntimeException("$command failed:\n" . implode("\n", $output));
            }
        }

        // Test processes started from here (separate-process tests) use the same build.
        putenv('KOPPEL_PACKAGES=' . $folder);
        $owner = getmypid();
        register_shutdown_function(function () use ($folder, $owner) {
            if (getmypid() === $owner) {
                exec('rm -rf ' . escapeshellarg($folder));
            }
        });

        return $folder;
    }
}
