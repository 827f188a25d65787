<?php
namespace Koppel;

/**
 * Facts about the extension itself.
 */
final class Extension
{
    const CODE = 'koppel';
    const VERSION = '1.0.0';
    const PROTOCOL = 1;

    /** The `source` object of every push. */
    public static function source($openCartVersion)
    {
        return array(
            'platform' => 'opencart',
            'version' => (string)$openCartVersion,
            'extension_version' => self::VERSION,
        );
    }
}
