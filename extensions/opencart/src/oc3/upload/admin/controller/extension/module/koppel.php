<?php
require_once DIR_SYSTEM . 'library/koppel/autoload.php';

/**
 * koppel for OpenCart 3.0: settings page, test connection, queue overview, install/uninstall,
 * and the admin events that push the settings again.
 */
class ControllerExtensionModuleKoppel extends Controller
{
    public function index()
    {
        $this->load->language('extension/module/koppel');
        $this->load->model('setting/setting');

        $this->document->setTitle($this->language->get('heading_title'));

        $errors = array();

        if ($this->request->server['REQUEST_METHOD'] == 'POST') {
            $errors = $this->validate();

            if (!$errors) {
                $settings = \Koppel\AdminForm::settings($this->request->post, $this->config->get('module_koppel_api_key'));
                $this->model_setting_setting->editSetting('module_koppel', $settings);

                foreach ($settings as $key => $value) {
                    $this->config->set($key, $value);
                }

                $report = $this->pushSettingsReport();
                $this->session->data['success'] = $this->language->get('text_success');
                $this->session->data[$report['ok'] ? 'koppel_push_success' : 'koppel_push_warning'] = $report['message'];

                $this->response->redirect($this->url->link('extension/module/koppel', 'user_token=' . $this->session->data['user_token'], true));
            }
        }

        $data = $this->formData($errors);

        $data['header'] = $this->load->controller('common/header');
        $data['column_left'] = $this->load->controller('common/column_left');
        $data['footer'] = $this->load->controller('common/footer');

        $this->response->setOutput($this->load->view('extension/module/koppel', $data));
    }

    /** "Test connection": a signed GET /api/v1/ping with the values in the form. */
    public function ping()
    {
        $this->load->language('extension/module/koppel');

        $json = array('ok' => false, 'lines' => array($this->language->get('error_permission')));

        if ($this->user->hasPermission('modify', 'extension/module/koppel')) {
            $values = \Koppel\AdminForm::values($this->request->post, $this->config->get('module_koppel_api_key'));
            $client = new \Koppel\Client($values['endpoint'], $values['license'], $values['api_key']);
            $json = \Koppel\AdminForm::pingReport($client->ping(), time(), $this->language->all());
        }

        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    /** "Send waiting pushes now" (and, with requeue=1, the refused ones again). */
    public function retry()
    {
        $this->load->language('extension/module/koppel');

        if ($this->user->hasPermission('modify', 'extension/module/koppel')) {
            $connector = $this->connector();

            if (!empty($this->request->get['requeue'])) {
                $connector->storage()->requeueFailed();
            }

            $result = $connector->flush();
            $this->session->data['koppel_push_' . ($result->error() ? 'warning' : 'success')] = sprintf(
                $this->language->get('text_retry_result'),
                $result->sent(),
                $result->pending(),
                $result->failed()
            ) . ($result->error() ? ' ' . $result->error() : '');
        } else {
            $this->session->data['koppel_push_warning'] = $this->language->get('error_permission');
        }

        $this->response->redirect($this->url->link('extension/module/koppel', 'user_token=' . $this->session->data['user_token'], true));
    }

    /** Called by Extensions › Modules › Install. */
    public function install()
    {
        $this->connector()->storage()->createTable();

        $this->load->model('setting/event');
        $this->model_setting_event->deleteEventByCode(\Koppel\Extension::CODE);

        foreach (\Koppel\OpenCart::events(VERSION) as $event) {
            $this->model_setting_event->addEvent($event['code'], $event['trigger'], $event['action'], $event['status'], $event['sort_order']);
        }
    }

    /** Called by Extensions › Modules › Uninstall; OpenCart itself deletes the module's settings. */
    public function uninstall()
    {
        $this->load->model('setting/event');
        $this->model_setting_event->deleteEventByCode(\Koppel\Extension::CODE);

        $this->connector()->storage()->dropTable();
    }

    /**
     * Event after tax, order status, currency, custom field, extension and settings changes:
     * pushes the settings again. A model /after handler returns nothing.
     */
    public function settingsChanged(&$route = '', &$args = array(), &$output = null)
    {
        if (!$this->config->get('module_koppel_status')) {
            return;
        }

        // Our own form pushes after saving; other settings only matter when they are the
        // store's or a payment, shipping or order total extension's.
        if (substr($route, -12) === '/editSetting' || substr($route, -12) === '.editSetting') {
            if (!isset($args[0]) || !preg_match('/^(config|payment_|shipping_|total_)/', (string)$args[0])) {
                return;
            }
        }

        if (substr($route, 0, 17) === 'setting/extension' && isset($args[0]) && !in_array($args[0], array('payment', 'shipping', 'total'), true)) {
            return;
        }

        try {
            $this->pushSettings();
        } catch (\Throwable $exception) {
            $this->log->write('koppel: settings not pushed: ' . $exception->getMessage());
        }
    }

    private function validate()
    {
        $errors = array();

        if (!$this->user->hasPermission('modify', 'extension/module/koppel')) {
            $errors['warning'] = $this->language->get('error_permission');
        }

        foreach (\Koppel\AdminForm::errors($this->request->post, $this->config->get('module_koppel_api_key')) as $field => $key) {
            $errors[$field] = $this->language->get($key);
        }

        if ($errors && !isset($errors['warning'])) {
            $errors['warning'] = $this->language->get('error_form');
        }

        return $errors;
    }

    private function pushSettings()
    {
        return $this->connector()->pushSettings($this->config->get('config_language_id'), array(
            'store_url' => defined('HTTPS_CATALOG') ? HTTPS_CATALOG : HTTP_CATALOG,
            'method_names' => array('payment' => $this->methodNames('payment'), 'shipping' => $this->methodNames('shipping')),
            'vat_custom_field_id' => (int)$this->config->get('module_koppel_vat_custom_field_id'),
        ));
    }

    /** Pushes the settings after saving; what became of it, for the page. */
    private function pushSettingsReport()
    {
        try {
            return \Koppel\AdminForm::pushReport($this->pushSettings(), $this->language->all());
        } catch (\Throwable $exception) {
            $this->log->write('koppel: settings not pushed: ' . $exception->getMessage());

            return array('ok' => false, 'message' => sprintf($this->language->get('error_push'), $exception->getMessage()));
        }
    }

    /** Names of installed payment or shipping extensions, from their own language files. */
    private function methodNames($type)
    {
        $this->load->model('setting/extension');

        $names = array();

        foreach ($this->model_setting_extension->getInstalled($type) as $code) {
            $language = new Language($this->config->get('config_admin_language'));
            $language->load('extension/' . $type . '/' . $code);
            $title = $language->get('heading_title');

            if ($title !== 'heading_title') {
                $names[$code] = trim(strip_tags(html_entity_decode($title, ENT_QUOTES, 'UTF-8')));
            }
        }

        return $names;
    }

    private function connector()
    {
        return new \Koppel\Connector($this->db, DB_PREFIX, VERSION, array(
            'endpoint' => $this->config->get('module_koppel_endpoint'),
            'license' => $this->config->get('module_koppel_license'),
            'api_key' => $this->config->get('module_koppel_api_key'),
        ), DIR_CACHE . 'koppel.lock');
    }

    private function formData(array $errors)
    {
        $token = 'user_token=' . $this->session->data['user_token'];
        $post = $this->request->server['REQUEST_METHOD'] == 'POST' ? $this->request->post : array();
        $stored = array(
            'module_koppel_status' => $this->config->get('module_koppel_status'),
            'module_koppel_license' => $this->config->get('module_koppel_license'),
            'module_koppel_endpoint' => $this->config->get('module_koppel_endpoint'),
            'module_koppel_vat_custom_field_id' => $this->config->get('module_koppel_vat_custom_field_id'),
        );

        $data = array();

        foreach ($stored as $key => $value) {
            $data[$key] = isset($post[$key]) ? \Koppel\Text::decode($post[$key]) : (string)$value;
        }

        // The API key is never shown again; an empty field keeps it.
        $data['api_key_stored'] = \Koppel\ApiKey::isValid($this->config->get('module_koppel_api_key'));

        $data['error'] = $errors;
        $data['success'] = $this->takeMessage('success');
        $data['push_success'] = $this->takeMessage('koppel_push_success');
        $data['push_warning'] = $this->takeMessage('koppel_push_warning');

        $data['breadcrumbs'] = array(
            array('text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $token, true)),
            array('text' => $this->language->get('text_extension'), 'href' => $this->url->link('marketplace/extension', $token . '&type=module', true)),
            array('text' => $this->language->get('heading_title'), 'href' => $this->url->link('extension/module/koppel', $token, true)),
        );

        $data['action'] = $this->url->link('extension/module/koppel', $token, true);
        $data['cancel'] = $this->url->link('marketplace/extension', $token . '&type=module', true);
        $data['ping_url'] = str_replace('&amp;', '&', $this->url->link('extension/module/koppel/ping', $token, true));
        $data['retry'] = $this->url->link('extension/module/koppel/retry', $token, true);
        $data['requeue'] = $this->url->link('extension/module/koppel/retry', $token . '&requeue=1', true);
        $data['catchup_url'] = (defined('HTTPS_CATALOG') ? HTTPS_CATALOG : HTTP_CATALOG) . 'index.php?route=' . \Koppel\OpenCart::route(VERSION, 'retry');

        $this->load->model('customer/custom_field');
        $data['custom_fields'] = self::decodeNames((array)$this->model_customer_custom_field->getCustomFields());

        $this->load->model('localisation/order_status');
        $data['order_statuses'] = self::decodeNames((array)$this->model_localisation_order_status->getOrderStatuses());
        $data['processing_status'] = (array)$this->config->get('config_processing_status');
        $data['complete_status'] = (array)$this->config->get('config_complete_status');

        $storage = $this->connector()->storage();
        $data['queue'] = $storage->counts();
        $data['failed_pushes'] = $storage->failed(20);

        return $data;
    }

    private function takeMessage($key)
    {
        $message = isset($this->session->data[$key]) ? $this->session->data[$key] : '';
        unset($this->session->data[$key]);

        return $message;
    }

    /** Names come HTML-escaped from the database; the template escapes once. */
    private static function decodeNames(array $rows)
    {
        return array_map(function ($row) {
            $row['name'] = \Koppel\Text::decode($row['name']);

            return $row;
        }, $rows);
    }
}
