<?php
namespace Koppel;

/**
 * What came back from koppel: a status and a body, or a network error (status 0).
 */
final class HttpResponse
{
    private $status;
    private $body;
    private $error;

    public function __construct($status, $body, $error = '')
    {
        $this->status = (int)$status;
        $this->body = (string)$body;
        $this->error = (string)$error;
    }

    public static function networkError($message)
    {
        return new self(0, '', $message);
    }

    public function status()
    {
        return $this->status;
    }

    public function body()
    {
        return $this->body;
    }

    /** The decoded JSON body, or null. */
    public function json()
    {
        return Json::decode($this->body);
    }

    public function isSuccess()
    {
        return $this->status >= 200 && $this->status < 300;
    }

    /**
     * A refusal that will come again for the same body: any 4xx except 401 (sign again, maybe
     * after fixing the clock or key), 408 and 429 (try later).
     */
    public function isPermanentFailure()
    {
        return $this->status >= 400 && $this->status < 500 && !in_array($this->status, array(401, 408, 429), true);
    }

    /** A short, readable description; never contains request headers or the API key. */
    public function message()
    {
        if ($this->status === 0) {
            return 'network error: ' . $this->error;
        }

        $json = $this->json();

        if (isset($json['error']) && is_array($json['error'])) {
            $error = $json['error'];
            $text = isset($error['code']) ? (string)$error['code'] : 'error';

            if (isset($error['message']) && $error['message'] !== '') {
                $text .= ': ' . $error['message'];
            }

            if (isset($error['field']) && $error['field'] !== '') {
                $text .= ' (' . $error['field'] . ')';
            }

            return 'HTTP ' . $this->status . ' ' . $text;
        }

        return 'HTTP ' . $this->status;
    }
}
