<?php
namespace Koppel;

/**
 * Push protocol v1 request signatures: `v1=` + hex HMAC-SHA256 (keyed with the API key) over
 * timestamp, method, path (with query) and the hex SHA-256 of the body, joined by newlines.
 */
final class Signer
{
    /** How far a timestamp may be from the clock, in seconds. */
    const TOLERANCE = 300;

    public static function signedText($timestamp, $method, $path, $body)
    {
        return $timestamp . "\n" . strtoupper($method) . "\n" . $path . "\n" . hash('sha256', (string)$body);
    }

    public static function sign($apiKey, $timestamp, $method, $path, $body)
    {
        return 'v1=' . hash_hmac('sha256', self::signedText($timestamp, $method, $path, $body), (string)$apiKey);
    }

    /** The three headers of a signed request, as `Name: value` lines. */
    public static function headers($license, $apiKey, $timestamp, $method, $path, $body)
    {
        return array(
            'X-Koppel-License: ' . $license,
            'X-Koppel-Timestamp: ' . $timestamp,
            'X-Koppel-Signature: ' . self::sign($apiKey, $timestamp, $method, $path, $body),
        );
    }

    /**
     * Checks a request koppel sent to the shop (the catch-up route) with the same scheme.
     *
     * @param array  $server $_SERVER: HTTP_X_KOPPEL_*, REQUEST_METHOD and REQUEST_URI are read
     * @param string $body   the raw request body
     */
    public static function verify($license, $apiKey, array $server, $body, $now)
    {
        $given = array();

        foreach (array('LICENSE', 'TIMESTAMP', 'SIGNATURE') as $name) {
            $value = isset($server['HTTP_X_KOPPEL_' . $name]) ? $server['HTTP_X_KOPPEL_' . $name] : '';

            if (!is_string($value) || $value === '') {
                return false;
            }

            $given[$name] = $value;
        }

        if ((string)$license === '' || !ApiKey::isValid($apiKey) || !hash_equals((string)$license, $given['LICENSE'])) {
            return false;
        }

        if (!preg_match('/^[0-9]{1,12}$/D', $given['TIMESTAMP']) || abs((int)$given['TIMESTAMP'] - (int)$now) > self::TOLERANCE) {
            return false;
        }

        $method = isset($server['REQUEST_METHOD']) ? (string)$server['REQUEST_METHOD'] : 'GET';
        $path = isset($server['REQUEST_URI']) ? (string)$server['REQUEST_URI'] : '';
        $expected = self::sign($apiKey, $given['TIMESTAMP'], $method, $path, $body);

        return hash_equals($expected, $given['SIGNATURE']);
    }
}
