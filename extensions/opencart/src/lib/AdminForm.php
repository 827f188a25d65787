<?php
namespace Koppel;

/**
 * The settings form of the admin page, the same in OpenCart 3.0 and 4.x: checks, what is
 * stored, and the report of the "test connection" button. Texts come from the caller's
 * language file; nothing here echoes the API key.
 */
final class AdminForm
{
    const PREFIX = 'module_koppel_';
    const LICENSE_PATTERN = '/^[A-Za-z0-9-]{1,64}$/D';

    /**
     * @param array  $post      the submitted form (OpenCart's HTML-escaped request data)
     * @param string $storedKey the API key stored before; kept when the field is left empty
     *
     * @return array field => language key of the error (license, endpoint, api_key)
     */
    public static function errors(array $post, $storedKey)
    {
        $errors = array();
        $values = self::values($post, $storedKey);

        if (!preg_match(self::LICENSE_PATTERN, $values['license'])) {
            $errors['license'] = 'error_license';
        }

        if (!Client::isValidEndpoint($values['endpoint'])) {
            $errors['endpoint'] = 'error_endpoint';
        }

        if ($values['api_key'] === '') {
            $errors['api_key'] = 'error_api_key_required';
        } elseif (!ApiKey::isValid($values['api_key'])) {
            $errors['api_key'] = 'error_api_key';
        }

        return $errors;
    }

    /** The settings to store under code `module_koppel`. */
    public static function settings(array $post, $storedKey)
    {
        $values = self::values($post, $storedKey);

        return array(
            self::PREFIX . 'status' => $values['status'],
            self::PREFIX . 'license' => $values['license'],
            self::PREFIX . 'endpoint' => rtrim($values['endpoint'], '/'),
            self::PREFIX . 'api_key' => $values['api_key'],
            self::PREFIX . 'vat_custom_field_id' => $values['vat_custom_field_id'],
        );
    }

    /** The submitted values, HTML-decoded and trimmed; an empty API key field keeps $storedKey. */
    public static function values(array $post, $storedKey)
    {
        $get = function ($name) use ($post) {
            $value = isset($post[self::PREFIX . $name]) && is_scalar($post[self::PREFIX . $name]) ? $post[self::PREFIX . $name] : '';

            return trim(Text::decode($value));
        };

        $apiKey = $get('api_key');

        return array(
            'status' => $get('status') === '1' ? 1 : 0,
            'license' => $get('license'),
            'endpoint' => $get('endpoint'),
            'api_key' => $apiKey !== '' ? $apiKey : (string)$storedKey,
            'vat_custom_field_id' => max(0, (int)$get('vat_custom_field_id')),
        );
    }

    /**
     * What the "test connection" button shows.
     *
     * @param array $text language strings: text_ping_ok, text_ping_unconfigured, text_ping_ready,
     *                    text_ping_clock, error_ping, error_ping_unauthorized
     *
     * @return array ['ok' => bool, 'lines' => string[]] plain text, to be escaped where shown
     */
    public static function pingReport(HttpResponse $response, $now, array $text)
    {
        if (!$response->isSuccess()) {
            $lines = array(sprintf($text['error_ping'], $response->message()));

            if ($response->status() === 401) {
                $lines[] = $text['error_ping_unauthorized'];
            }

            return array('ok' => false, 'lines' => $lines);
        }

        $json = $response->json();
        $connection = isset($json['connection']) && is_array($json['connection']) ? $json['connection'] : array();
        $lines = array(sprintf(
            $text['text_ping_ok'],
            isset($connection['name']) ? (string)$connection['name'] : '',
            isset($connection['ledger']) ? (string)$connection['ledger'] : ''
        ));

        $unconfigured = isset($json['unconfigured']) && is_array($json['unconfigured']) ? $json['unconfigured'] : array();
        $lines[] = $unconfigured ? sprintf($text['text_ping_unconfigured'], implode(', ', $unconfigured)) : $text['text_ping_ready'];

        if (isset($json['server_time']) && is_int($json['server_time']) && abs($json['server_time'] - $now) > 60) {
            $lines[] = sprintf($text['text_ping_clock'], abs($json['server_time'] - $now));
        }

        return array('ok' => true, 'lines' => $lines);
    }

    /**
     * What became of the settings push after saving.
     *
     * @param array $text language strings: text_push_sent, text_push_refused, text_push_waiting,
     *                    text_push_behind
     *
     * @return array ['ok' => bool, 'message' => string] plain text
     */
    public static function pushReport(FlushResult $result, array $text)
    {
        $response = $result->response();

        if ($response && $response->isSuccess()) {
            $json = $response->json();
            $settings = isset($json['settings']) && is_array($json['settings']) ? $json['settings'] : array();

            return array('ok' => true, 'message' => sprintf(
                $text['text_push_sent'],
                isset($settings['result']) ? (string)$settings['result'] : '',
                isset($settings['version']) ? (int)$settings['version'] : 0
            ));
        }

        if ($response && $response->isPermanentFailure()) {
            return array('ok' => false, 'message' => sprintf($text['text_push_refused'], $response->message()));
        }

        if ($response) {
            $reason = $response->message();
        } else {
            $reason = $result->error() !== null ? $result->error() : $text['text_push_behind'];
        }

        return array('ok' => false, 'message' => sprintf($text['text_push_waiting'], $reason));
    }
}
