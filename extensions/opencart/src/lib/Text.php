<?php
namespace Koppel;

/**
 * OpenCart stores customer and admin input HTML-escaped (`O&#039;Brien`); the protocol carries
 * plain UTF-8. Decoding happens exactly once, with the entities OpenCart's escaping produces.
 */
final class Text
{
    private static $entities = array(
        '&lt;' => '<',
        '&gt;' => '>',
        '&quot;' => '"',
        '&#039;' => "'",
        '&#39;' => "'",
        '&amp;' => '&',
    );

    public static function decode($value)
    {
        $value = (string)$value;

        return strpos($value, '&') === false ? $value : strtr($value, self::$entities);
    }

    /** Printable ASCII only, at most $length characters: safe for any table charset and any log. */
    public static function ascii($value, $length = 1000)
    {
        $value = preg_replace('/[^\x20-\x7e]/', '?', (string)$value);

        return strlen($value) > $length ? substr($value, 0, $length - 3) . '...' : $value;
    }
}
