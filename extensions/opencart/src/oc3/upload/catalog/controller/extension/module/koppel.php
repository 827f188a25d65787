<?php
require_once DIR_SYSTEM . 'library/koppel/autoload.php';

/**
 * koppel for OpenCart 3.0, storefront side: the order history event and the catch-up route.
 */
class ControllerExtensionModuleKoppel extends Controller
{
    /**
     * Event catalog/model/checkout/order/addOrderHistory/after. Reads the order again (fraud or
     * voucher checks may have changed the requested status) and pushes it; status 0 is skipped.
     * A model /after handler returns nothing.
     */
    public function orderHistory(&$route = '', &$args = array(), &$output = null)
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
     * index.php?route=extension/module/koppel/retry — koppel asks the shop to send what waits.
     * Only requests signed like pushes (license, timestamp, HMAC with the API key) are served.
     */
    public function retry()
    {
        $signed = $this->config->get('module_koppel_status') && \Koppel\Signer::verify(
            $this->config->get('module_koppel_license'),
            $this->config->get('module_koppel_api_key'),
            $_SERVER,
            file_get_contents('php://input'),
            time()
        );

        if ($signed) {
            $json = array('queue' => $this->connector()->flush()->toArray());
        } else {
            http_response_code(401);
            $json = array('error' => array('code' => 'unauthorized'));
        }

        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    private function connector()
    {
        return new \Koppel\Connector($this->db, DB_PREFIX, VERSION, array(
            'endpoint' => $this->config->get('module_koppel_endpoint'),
            'license' => $this->config->get('module_koppel_license'),
            'api_key' => $this->config->get('module_koppel_api_key'),
            'timezone' => $this->config->get('config_timezone'),
            'currency' => $this->config->get('config_currency'),
        ), DIR_CACHE . 'koppel.lock');
    }
}
