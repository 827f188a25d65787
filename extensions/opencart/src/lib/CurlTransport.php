<?php
namespace Koppel;

/**
 * HTTP with curl: short timeouts, TLS certificates verified, no redirects followed.
 */
final class CurlTransport implements Transport
{
    /** Queue runs (cron, catch-up route, admin): milliseconds to connect, and in all. */
    const CONNECT_TIMEOUT_MS = 3000;
    const TIMEOUT_MS = 10000;

    /** The push of an order from inside a checkout or a payment webhook, which must not wait. */
    const CHECKOUT_CONNECT_TIMEOUT_MS = 1000;
    const CHECKOUT_TIMEOUT_MS = 2000;

    private $connectTimeoutMs;
    private $timeoutMs;

    public function __construct($connectTimeoutMs = self::CONNECT_TIMEOUT_MS, $timeoutMs = self::TIMEOUT_MS)
    {
        $this->connectTimeoutMs = (int)$connectTimeoutMs;
        $this->timeoutMs = (int)$timeoutMs;
    }

    public static function forCheckout()
    {
        return new self(self::CHECKOUT_CONNECT_TIMEOUT_MS, self::CHECKOUT_TIMEOUT_MS);
    }

    public function send($method, $url, array $headers, $body)
    {
        if (!function_exists('curl_init')) {
            return HttpResponse::networkError('the PHP curl extension is missing');
        }

        $curl = curl_init();

        $options = array(
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_HTTPHEADER => array_merge($headers, array('Expect:')),
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HEADER => false,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_CONNECTTIMEOUT_MS => $this->connectTimeoutMs,
            CURLOPT_TIMEOUT_MS => $this->timeoutMs,
            // Timeouts below a second need this with curl's default resolver.
            CURLOPT_NOSIGNAL => true,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_USERAGENT => 'koppel-opencart/' . Extension::VERSION,
        );

        if (defined('CURLOPT_PROTOCOLS')) {
            $options[CURLOPT_PROTOCOLS] = CURLPROTO_HTTP | CURLPROTO_HTTPS;
        }

        if ($method !== 'GET') {
            $options[CURLOPT_POSTFIELDS] = (string)$body;
        }

        curl_setopt_array($curl, $options);

        $responseBody = curl_exec($curl);

        if ($responseBody === false) {
            $response = HttpResponse::networkError(curl_error($curl));
        } else {
            $response = new HttpResponse(curl_getinfo($curl, CURLINFO_HTTP_CODE), $responseBody);
        }

        curl_close($curl);

        return $response;
    }
}
