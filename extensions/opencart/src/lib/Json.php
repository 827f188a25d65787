<?php
namespace Koppel;

final class Json
{
    /**
     * Request bodies: non-ASCII characters are written as \u escapes, so a stored body is plain
     * ASCII whatever the database charset is; koppel decodes them to the same text.
     */
    public static function encode($value)
    {
        $json = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);

        if ($json === false) {
            throw new \InvalidArgumentException('cannot encode as JSON: ' . json_last_error_msg());
        }

        return $json;
    }

    /** The decoded object as an array, or null when $text is not a JSON object or array. */
    public static function decode($text)
    {
        $value = json_decode((string)$text, true);

        return is_array($value) ? $value : null;
    }
}
