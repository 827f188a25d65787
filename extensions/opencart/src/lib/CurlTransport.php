<?php
namespace Koppel;

/**
 * HTTP with curl: short timeouts (the push runs inside a checkout or an admin request), TLS
 * certificates verified, no redirects followed.
 */
final class CurlTransport implements Transport
{
    const CONNECT_TIMEOUT = 3;
    const TIMEOUT = 10;

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
            CURLOPT_CONNECTTIMEOUT => self::CONNECT_TIMEOUT,
            CURLOPT_TIMEOUT => self::TIMEOUT,
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
