<?php
namespace Koppel;

/**
 * Signed requests to one koppel endpoint (docs/protocol.md). Every call signs anew.
 */
final class Client
{
    const PATH_PING = '/api/v1/ping';
    const PATH_ORDERS = '/api/v1/orders';
    const PATH_SETTINGS = '/api/v1/settings';

    private $endpoint;
    private $license;
    private $apiKey;
    private $transport;

    public function __construct($endpoint, $license, $apiKey, ?Transport $transport = null)
    {
        $this->endpoint = rtrim(trim((string)$endpoint), '/');
        $this->license = trim((string)$license);
        $this->apiKey = (string)$apiKey;
        $this->transport = $transport ? $transport : new CurlTransport();
    }

    /**
     * An endpoint the settings form accepts: https, or http to this machine (for testing);
     * no credentials, query or fragment.
     */
    public static function isValidEndpoint($url)
    {
        $parts = parse_url(trim((string)$url));

        if (!is_array($parts) || empty($parts['scheme']) || empty($parts['host'])) {
            return false;
        }

        if (isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])) {
            return false;
        }

        $scheme = strtolower($parts['scheme']);
        $local = in_array(strtolower($parts['host']), array('localhost', '127.0.0.1', '[::1]'), true);

        return $scheme === 'https' || ($scheme === 'http' && $local);
    }

    public function isConfigured()
    {
        return $this->endpoint !== '' && $this->license !== '' && ApiKey::isValid($this->apiKey);
    }

    /**
     * The path as signed: the endpoint's own path prefix (if any) and $path.
     */
    public function signedPath($path)
    {
        $prefix = parse_url($this->endpoint, PHP_URL_PATH);

        return rtrim(is_string($prefix) ? $prefix : '', '/') . $path;
    }

    /**
     * @param int|null $timestamp unix seconds to sign with; the clock when null
     *
     * @return HttpResponse
     */
    public function send($method, $path, $body = '', $timestamp = null)
    {
        if (!$this->isConfigured()) {
            return HttpResponse::networkError('endpoint, license or API key not set');
        }

        $method = strtoupper($method);
        $timestamp = (string)($timestamp === null ? time() : (int)$timestamp);
        // A unique query parameter gives every request its own signature: koppel refuses a
        // signature it has seen, and two equal pushes can fall within one second.
        $path .= (strpos($path, '?') === false ? '?' : '&') . 'n=' . bin2hex(random_bytes(6));

        $headers = Signer::headers($this->license, $this->apiKey, $timestamp, $method, $this->signedPath($path), $body);
        $headers[] = 'Accept: application/json';

        if ($method !== 'GET') {
            $headers[] = 'Content-Type: application/json';
        }

        return $this->transport->send($method, $this->endpoint . $path, $headers, (string)$body);
    }

    public function ping()
    {
        return $this->send('GET', self::PATH_PING);
    }
}
