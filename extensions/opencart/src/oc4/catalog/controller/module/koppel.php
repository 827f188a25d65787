<?php
namespace Opencart\Catalog\Controller\Extension\Koppel\Module;

require_once DIR_EXTENSION . 'koppel/system/library/koppel/autoload.php';

/**
 * koppel for OpenCart 4.0 / 4.1, storefront side: the order history event, the catch-up
 * route and (from 4.0.2, where the cron runs in the catalog) the cron retry.
 */
class Koppel extends \Opencart\System\Engine\Controller
{
    /**
     * Event catalog/model/checkout/order/addHistory/after (4.1: order.addHistory/after). Reads
     * the order again (fraud or voucher checks may have changed the requested status) and
     * pushes it; status 0 is skipped. A model /after handler returns nothing.
     */
    public function orderHistory(string &$route = '', array &$args = [], mixed &$output = null): void
    {
        if (!$this->config->get('module_koppel_status') || empty($args[0])) {
            return;
        }

        try {
            $this->connector()->pushOrder((int)$args[0]);
        } catch (\Throwable $exception) {
            $this->log->write('koppel: order ' . (int)$args[0] . ' not pushed: ' . $exception->getMessage());
        }
    }

    /**
     * index.php?route=extension/koppel/module/koppel.retry — koppel asks the shop to send what
     * waits. Only requests signed like pushes (license, timestamp, HMAC with the API key) are served.
     */
    public function retry(): void
    {
        $signed = $this->config->get('module_koppel_status') && \Koppel\Signer::verify(
            (string)$this->config->get('module_koppel_license'),
            (string)$this->config->get('module_koppel_api_key'),
            $_SERVER,
            (string)file_get_contents('php://input'),
            time()
        );

        if ($signed) {
            $json = ['queue' => $this->connector()->flush()->toArray()];
        } else {
            http_response_code(401);
            $json = ['error' => ['code' => 'unauthorized']];
        }

        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    /** Cron entry (4.0.2 and later run the cron in the catalog). */
    public function cron(): void
    {
        if ($this->config->get('module_koppel_status')) {
            try {
                $this->connector()->flush();
            } catch (\Throwable $exception) {
                $this->log->write('koppel: cron retry failed: ' . $exception->getMessage());
            }
        }
    }

    private function connector(): \Koppel\Connector
    {
        return new \Koppel\Connector($this->db, DB_PREFIX, $this->version(), [
            'endpoint' => $this->config->get('module_koppel_endpoint'),
            'license' => $this->config->get('module_koppel_license'),
            'api_key' => $this->config->get('module_koppel_api_key'),
            'timezone' => $this->config->get('config_timezone'),
            'currency' => $this->config->get('config_currency'),
        ], DIR_CACHE . 'koppel.lock');
    }

    /**
     * VERSION, which OpenCart's index.php defines but its command-line cron.php (every 4.x) does
     * not: then it is read from index.php.
     */
    private function version(): string
    {
        if (defined('VERSION')) {
            return VERSION;
        }

        $root = defined('DIR_OPENCART') ? DIR_OPENCART : dirname(DIR_APPLICATION) . '/';
        $version = \Koppel\OpenCart::versionFromIndex((string)@file_get_contents($root . 'index.php'));

        if ($version === null) {
            throw new \RuntimeException('OpenCart version unknown: VERSION is not defined and ' . $root . 'index.php does not define it');
        }

        return $version;
    }
}
