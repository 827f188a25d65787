<?php
namespace Koppel;

/**
 * Everything the OpenCart controllers do, over OpenCart's database object: read an order or
 * the settings, build the push, queue it and send what waits.
 */
final class Connector
{
    private $db;
    private $prefix;
    private $version;
    private $config;
    private $client;
    private $storage;
    private $queue;
    private $checkoutQueue;

    /**
     * @param object $db      OpenCart's database object
     * @param string $prefix  DB_PREFIX
     * @param string $version OpenCart's VERSION
     * @param array  $config  endpoint, license, api_key; timezone and currency (config_timezone,
     *                        config_currency) for orders
     * @param string|null $lockFile see Queue
     * @param Transport|null $transport for every request; by default curl, with the short
     *                                  checkout timeouts for pushOrder()
     */
    public function __construct($db, $prefix, $version, array $config, $lockFile = null, ?Transport $transport = null)
    {
        $this->db = $db;
        $this->prefix = (string)$prefix;
        $this->version = (string)$version;
        $this->config = $config + array('endpoint' => '', 'license' => '', 'api_key' => '', 'timezone' => '', 'currency' => '');
        $this->client = $this->newClient($transport ? $transport : new CurlTransport());
        $this->storage = new DbQueueStorage($db, $this->prefix);
        $this->queue = new Queue($this->storage, $this->client, $lockFile);
        $this->checkoutQueue = new Queue($this->storage, $this->newClient($transport ? $transport : CurlTransport::forCheckout()), $lockFile);
    }

    public function client()
    {
        return $this->client;
    }

    public function storage()
    {
        return $this->storage;
    }

    /**
     * Reads the order again (its status may differ from the one requested) and pushes it, alone
     * and with short timeouts: this runs inside a checkout or a payment webhook. What waits in
     * the queue is left to flush().
     *
     * @return FlushResult|null null when there is nothing to push: no such order, or status 0
     *                          (a checkout not confirmed, or an order being edited)
     */
    public function pushOrder($orderId)
    {
        $reader = new OrderReader($this->db, $this->prefix, OpenCart::hasOrderVouchers($this->version));
        $rows = $reader->read($orderId);

        if ($rows === null) {
            return null;
        }

        $order = OrderPayload::build($rows, array(
            'timezone' => $this->config['timezone'],
            'currency' => $this->config['currency'],
        ));

        if ($order['order_status_id'] === 0) {
            return null;
        }

        $body = Json::encode(array('source' => Extension::source($this->version), 'orders' => array($order)));

        return $this->checkoutQueue->pushAlone('orders', 'order ' . $order['order_id'], Client::PATH_ORDERS, $body);
    }

    /**
     * @param int   $languageId the language of status and custom field names
     * @param array $context    store_url, method_names, vat_custom_field_id (see SettingsPayload)
     *
     * @return FlushResult
     */
    public function pushSettings($languageId, array $context)
    {
        $reader = new SettingsReader($this->db, $this->prefix);
        $payload = SettingsPayload::build($reader->read($languageId), array('version' => $this->version) + $context);

        // Pushed from the admin, where a longer run is fine.
        return $this->queue->push('settings', 'settings', Client::PATH_SETTINGS, Json::encode($payload), Queue::CATCH_UP_BATCH);
    }

    /** Sends what waits, oldest first (cron, catch-up route, admin button). */
    public function flush()
    {
        return $this->queue->flush(Queue::CATCH_UP_BATCH);
    }

    private function newClient(Transport $transport)
    {
        return new Client($this->config['endpoint'], $this->config['license'], $this->config['api_key'], $transport);
    }
}
