<?php
namespace Koppel;

/**
 * The shared secret the shop owner chooses: 15 to 64 characters of letters, digits and `!*@#()=`.
 */
final class ApiKey
{
    const PATTERN = '/^[A-Za-z0-9!*@#()=]{15,64}\z/';

    public static function isValid($key)
    {
        return is_string($key) && preg_match(self::PATTERN, $key) === 1;
    }
}
