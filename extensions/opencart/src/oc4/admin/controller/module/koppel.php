<?php
namespace Opencart\Admin\Controller\Extension\Koppel\Module;

require_once DIR_EXTENSION . 'koppel/system/library/koppel/autoload.php';

/**
 * koppel for OpenCart 4.0 / 4.1: settings page, test connection, queue overview,
 * install/uninstall, the admin events that push the settings again and (until 4.0.1, where
 * the cron runs in the admin) the cron retry.
 */
class Koppel extends \Opencart\System\Engine\Controller
{
    public function index(): void
    {
        $this->load->language('extension/koppel/module/koppel');

        $this->document->setTitle($this->language->get('heading_title'));

        $token = 'user_token=' . $this->session->data['user_token'];
        $data = [];

        foreach (['status', 'license', 'endpoint', 'vat_custom_field_id'] as $name) {
            $data['module_koppel_' . $name] = (string)$this->config->get('module_koppel_' . $name);
        }

        // The API key is never shown again; an empty field keeps it.
        $data['api_key_stored'] = \Koppel\ApiKey::isValid($this->config->get('module_koppel_api_key'));

        $data['push_success'] = $this->takeMessage('koppel_push_success');
        $data['push_warning'] = $this->takeMessage('koppel_push_warning');

        $data['breadcrumbs'] = [
            ['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $token)],
            ['text' => $this->language->get('text_extension'), 'href' => $this->url->link('marketplace/extension', $token . '&type=module')],
            ['text' => $this->language->get('heading_title'), 'href' => $this->url->link(\Koppel\OpenCart::route(VERSION), $token)],
        ];

        $data['save'] = $this->url->link(\Koppel\OpenCart::route(VERSION, 'save'), $token);
        $data['back'] = $this->url->link('marketplace/extension', $token . '&type=module');
        $data['ping_url'] = $this->url->link(\Koppel\OpenCart::route(VERSION, 'ping'), $token, true);
        $data['retry'] = $this->url->link(\Koppel\OpenCart::route(VERSION, 'retry'), $token);
        $data['requeue'] = $this->url->link(\Koppel\OpenCart::route(VERSION, 'retry'), $token . '&requeue=1');
        $data['catchup_url'] = HTTP_CATALOG . 'index.php?route=' . \Koppel\OpenCart::route(VERSION, 'retry');

        $this->load->model('customer/custom_field');
        $data['custom_fields'] = self::decodeNames((array)$this->model_customer_custom_field->getCustomFields());

        $this->load->model('localisation/order_status');
        $data['order_statuses'] = self::decodeNames((array)$this->model_localisation_order_status->getOrderStatuses());
        $data['processing_status'] = (array)$this->config->get('config_processing_status');
        $data['complete_status'] = (array)$this->config->get('config_complete_status');

        $storage = $this->connector()->storage();
        $data['queue'] = $storage->counts();
        $data['failed_pushes'] = $storage->failed(20);

        $data['header'] = $this->load->controller('common/header');
        $data['column_left'] = $this->load->controller('common/column_left');
        $data['footer'] = $this->load->controller('common/footer');

        $this->response->setOutput($this->load->view('extension/koppel/module/koppel', $data));
    }

    /** Saves the form (AJAX) and pushes the settings. */
    public function save(): void
    {
        $this->load->language('extension/koppel/module/koppel');

        $json = [];

        if (!$this->user->hasPermission('modify', \Koppel\OpenCart::route(VERSION))) {
            $json['error']['warning'] = $this->language->get('error_permission');
        }

        $storedKey = (string)$this->config->get('module_koppel_api_key');

        foreach (\Koppel\AdminForm::errors($this->request->post, $storedKey) as $field => $key) {
            $json['error'][$field] = $this->language->get($key);
        }

        if (isset($json['error']) && !isset($json['error']['warning'])) {
            $json['error']['warning'] = $this->language->get('error_form');
        }

        if (!$json) {
            $settings = \Koppel\AdminForm::settings($this->request->post, $storedKey);

            $this->load->model('setting/setting');
            $this->model_setting_setting->editSetting('module_koppel', $settings);

            foreach ($settings as $key => $value) {
                $this->config->set($key, $value);
            }

            $report = $this->pushSettingsReport();
            $json['success'] = $this->language->get('text_success') . ' ' . $report['message'];
        }

        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode(self::escape($json)));
    }

    /** "Test connection": a signed GET /api/v1/ping with the values in the form. */
    public function ping(): void
    {
        $this->load->language('extension/koppel/module/koppel');

        $json = ['ok' => false, 'lines' => [$this->language->get('error_permission')]];

        if ($this->user->hasPermission('modify', \Koppel\OpenCart::route(VERSION))) {
            $values = \Koppel\AdminForm::values($this->request->post, (string)$this->config->get('module_koppel_api_key'));
            $client = new \Koppel\Client($values['endpoint'], $values['license'], $values['api_key']);
            $json = \Koppel\AdminForm::pingReport($client->ping(), time(), $this->language->all());
        }

        $this->response->addHeader('Content-Type: application/json');
        $this->response->setOutput(json_encode($json));
    }

    /** "Send waiting pushes now" (and, with requeue=1, the refused ones again). */
    public function retry(): void
    {
        $this->load->language('extension/koppel/module/koppel');

        if ($this->user->hasPermission('modify', \Koppel\OpenCart::route(VERSION))) {
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

        $this->response->redirect($this->url->link(\Koppel\OpenCart::route(VERSION), 'user_token=' . $this->session->data['user_token'], true));
    }

    /** Called by Extensions › Modules › Install. */
    public function install(): void
    {
        $this->connector()->storage()->createTable();

        $this->load->model('setting/event');
        $this->model_setting_event->deleteEventByCode(\Koppel\Extension::CODE);

        foreach (\Koppel\OpenCart::events(VERSION) as $event) {
            if (\Koppel\OpenCart::addEventTakesArray(VERSION)) {
                $this->model_setting_event->addEvent($event);
            } else {
                $this->model_setting_event->addEvent($event['code'], $event['description'], $event['trigger'], $event['action'], (bool)$event['status'], $event['sort_order']);
            }
        }

        $cron = \Koppel\OpenCart::cron(VERSION);

        $this->load->model('setting/cron');
        $this->model_setting_cron->deleteCronByCode($cron['code']);
        $this->model_setting_cron->addCron($cron['code'], $cron['description'], $cron['cycle'], $cron['action'], $cron['status']);
    }

    /** Called by Extensions › Modules › Uninstall; OpenCart itself deletes the module's settings. */
    public function uninstall(): void
    {
        $this->load->model('setting/event');
        $this->model_setting_event->deleteEventByCode(\Koppel\Extension::CODE);

        $this->load->model('setting/cron');
        $this->model_setting_cron->deleteCronByCode(\Koppel\Extension::CODE);

        $this->connector()->storage()->dropTable();
    }

    /**
     * Event after tax, order status, currency, custom field, extension and settings changes:
     * pushes the settings again. A model /after handler returns nothing.
     */
    public function settingsChanged(string &$route = '', array &$args = [], mixed &$output = null): void
    {
        if (!$this->config->get('module_koppel_status')) {
            return;
        }

        // Our own form pushes after saving; other settings only matter when they are the
        // store's or a payment, shipping or order total extension's.
        if (str_ends_with($route, 'editSetting') && !preg_match('/^(config|payment_|shipping_|total_)/', (string)($args[0] ?? ''))) {
            return;
        }

        if (str_starts_with($route, 'setting/extension') && !in_array($args[0] ?? '', ['payment', 'shipping', 'total'], true)) {
            return;
        }

        try {
            $this->pushSettings();
        } catch (\Throwable $exception) {
            $this->log->write('koppel: settings not pushed: ' . $exception->getMessage());
        }
    }

    /** Cron entry of OpenCart 4.0.0 – 4.0.1, which run the cron in the admin application. */
    public function cron(): void
    {
        if ($this->config->get('module_koppel_status')) {
            $this->connector()->flush();
        }
    }

    private function pushSettings(): \Koppel\FlushResult
    {
        return $this->connector()->pushSettings((int)$this->config->get('config_language_id'), [
            'store_url' => HTTP_CATALOG,
            'method_names' => ['payment' => $this->methodNames('payment'), 'shipping' => $this->methodNames('shipping')],
            'vat_custom_field_id' => (int)$this->config->get('module_koppel_vat_custom_field_id'),
        ]);
    }

    /** Pushes the settings after saving; what became of it, for the page. */
    private function pushSettingsReport(): array
    {
        try {
            return \Koppel\AdminForm::pushReport($this->pushSettings(), $this->language->all());
        } catch (\Throwable $exception) {
            $this->log->write('koppel: settings not pushed: ' . $exception->getMessage());

            return ['ok' => false, 'message' => sprintf($this->language->get('error_push'), $exception->getMessage())];
        }
    }

    /** Names of installed payment or shipping extensions, from their own language files. */
    private function methodNames(string $type): array
    {
        $this->load->model('setting/extension');

        $names = [];

        foreach ($this->model_setting_extension->getExtensionsByType($type) as $extension) {
            $prefix = 'koppel_' . $extension['code'];
            $this->load->language('extension/' . $extension['extension'] . '/' . $type . '/' . $extension['code'], $prefix);
            $title = $this->language->get($prefix . '_heading_title');

            if ($title !== $prefix . '_heading_title') {
                $names[$extension['code']] = trim(strip_tags(html_entity_decode($title, ENT_QUOTES, 'UTF-8')));
            }
        }

        return $names;
    }

    private function connector(): \Koppel\Connector
    {
        return new \Koppel\Connector($this->db, DB_PREFIX, VERSION, [
            'endpoint' => $this->config->get('module_koppel_endpoint'),
            'license' => $this->config->get('module_koppel_license'),
            'api_key' => $this->config->get('module_koppel_api_key'),
        ], DIR_CACHE . 'koppel.lock');
    }

    private function takeMessage(string $key): string
    {
        $message = $this->session->data[$key] ?? '';
        unset($this->session->data[$key]);

        return (string)$message;
    }

    /** OpenCart's admin script shows JSON messages as HTML. */
    private static function escape(array $json): array
    {
        array_walk_recursive($json, function (&$value) {
            $value = htmlspecialchars((string)$value, ENT_QUOTES, 'UTF-8');
        });

        return $json;
    }

    /** Names come HTML-escaped from the database; the template escapes once. */
    private static function decodeNames(array $rows): array
    {
        return array_map(function ($row) {
            $row['name'] = \Koppel\Text::decode($row['name']);

            return $row;
        }, $rows);
    }
}
