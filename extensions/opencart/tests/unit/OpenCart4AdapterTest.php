<?php
namespace Koppel\Tests;

use Koppel\OpenCart;
use Koppel\Signer;
use Koppel\Tests\Stub\Language;
use Koppel\Tests\Stub\Recorder;
use Koppel\Tests\Stub\RecordingDb;
use PHPUnit\Framework\TestCase;

/**
 * The OpenCart 4.x controllers from the built package (extracted to extension/koppel/, as the
 * installer does), run against stand-ins of OpenCart's registry, a SQLite copy of the shop's
 * tables and the stand-in koppel.
 *
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class OpenCart4AdapterTest extends TestCase
{
    private $server;

    public static function setUpBeforeClass(): void
    {
        Packages::extracted();
    }

    protected function tearDown(): void
    {
        if ($this->server) {
            $this->server->stop();
        }

        if (defined('DIR_CACHE')) {
            @unlink(DIR_CACHE . 'koppel.lock');
            @rmdir(DIR_CACHE);
        }
    }

    private function boot($application, array $config, $db, $version = '4.0.2.3')
    {
        $extensions = Packages::extracted() . '/oc4/extension/';
        $cache = sys_get_temp_dir() . '/koppel-cache-' . getmypid() . '/';
        @mkdir($cache);

        if ($version !== null) {
            define('VERSION', $version);
        }
        define('DB_PREFIX', 'oc_');
        define('DIR_EXTENSION', $extensions);
        define('DIR_CACHE', $cache);
        define('HTTP_CATALOG', 'https://shop.example.nl/');

        Language::$moduleFile = $extensions . 'koppel/admin/language/en-gb/module/koppel.php';
        require $extensions . 'koppel/' . $application . '/controller/module/koppel.php';

        $registry = Stub\OpenCart::registry($config, $db);
        $class = '\\Opencart\\' . ucfirst($application) . '\\Controller\\Extension\\Koppel\\Module\\Koppel';

        return array(new $class($registry), $registry);
    }

    private function config(array $extra = array())
    {
        $this->server = new TestServer();

        return $extra + array(
            'module_koppel_status' => '1',
            'module_koppel_endpoint' => $this->server->endpoint(),
            'module_koppel_license' => TestServer::LICENSE,
            'module_koppel_api_key' => TestServer::API_KEY,
            'config_timezone' => 'Europe/Amsterdam',
            'config_currency' => 'EUR',
            'config_language_id' => '1',
        );
    }

    public function testOrderHistoryEventPushesTheOrderWithoutPaymentAddress()
    {
        $db = new SqliteDb();
        FixtureDb::loadOrder($db, Fixtures::rows('opencart4-order-1.json'));
        $db->createQueueTable('oc_');
        list($controller) = $this->boot('catalog', $this->config(), $db);

        $route = 'checkout/order/addHistory';
        $args = array(1, 2, '', false, false);
        $output = null;
        $returned = $controller->orderHistory($route, $args, $output);

        $this->assertNull($returned);
        $body = json_decode($this->server->requests()[0]['body'], true);
        ProtocolAssert::orderBatch($body);
        $this->assertSame('4.0.2.3', $body['source']['version']);
        $this->assertNull($body['orders'][0]['payment_address']);
        $this->assertSame(array('code' => 'cod.cod', 'name' => 'Cash On Delivery'), $body['orders'][0]['payment_method']);
        $this->assertSame(2, $body['orders'][0]['order_status_id']);
    }

    /**
     * A koppel that accepts the connection and never answers: the event gives up after the
     * checkout timeout (2 s) with the push in the queue, and sends nothing else that waits there;
     * the cron sends both.
     */
    public function testOrderHistoryEventDoesNotWaitOnAKoppelThatHangs()
    {
        $hanging = new HangingServer();
        $config = $this->config(array('module_koppel_endpoint' => $hanging->endpoint()));
        $db = new SqliteDb();
        FixtureDb::loadOrder($db, Fixtures::rows('opencart4-order-1.json'));
        $db->createQueueTable('oc_');
        $storage = new \Koppel\DbQueueStorage($db, 'oc_');
        $storage->add('settings', 'settings', 'POST', '/api/v1/settings', '{"store":{"name":"x"}}');
        list($controller, $registry) = $this->boot('catalog', $config, $db);

        $route = 'checkout/order/addHistory';
        $args = array(1, 2, '', false, false);
        $output = null;
        $started = microtime(true);
        $controller->orderHistory($route, $args, $output);
        $elapsed = microtime(true) - $started;
        $accepted = $hanging->accepted();
        $hanging->stop();

        $this->assertLessThan(2.5, $elapsed, 'the event waited on koppel');
        $this->assertSame(1, $accepted, 'one request reached koppel: the order at hand');
        $this->assertSame(array('pending' => 2, 'failed' => 0), $storage->counts());
        $order = $storage->pending(2)[1];
        $this->assertSame('order 1', $order['reference']);
        $this->assertStringStartsWith('network error', $order['message']);

        $registry->get('config')->set('module_koppel_endpoint', $this->server->endpoint());
        $controller->cron(1, 'koppel', 'hour', '', '');
        $this->assertSame(array('pending' => 0, 'failed' => 0), $storage->counts());
        $this->assertSame(array('/api/v1/settings', '/api/v1/orders'), array_column($this->server->requests(), 'path'));
    }

    public function testRetryRouteAndCronSendWhatWaits()
    {
        $db = new SqliteDb();
        $db->createQueueTable('oc_');
        $storage = new \Koppel\DbQueueStorage($db, 'oc_');
        list($controller, $registry) = $this->boot('catalog', $this->config(), $db);

        $storage->add('settings', 'settings', 'POST', '/api/v1/settings', '{"store":{"name":"one"}}');
        $uri = '/index.php?route=' . OpenCart::route('4.0.2.3', 'retry');
        $timestamp = (string)time();
        $_SERVER['REQUEST_METHOD'] = 'GET';
        $_SERVER['REQUEST_URI'] = $uri;
        $_SERVER['HTTP_X_KOPPEL_LICENSE'] = TestServer::LICENSE;
        $_SERVER['HTTP_X_KOPPEL_TIMESTAMP'] = $timestamp;
        $_SERVER['HTTP_X_KOPPEL_SIGNATURE'] = Signer::sign('Wrong!Key#1234567', $timestamp, 'GET', $uri, '');
        $controller->retry();
        $this->assertSame(401, http_response_code());
        $this->assertSame(array('pending' => 1, 'failed' => 0), $storage->counts());

        $_SERVER['HTTP_X_KOPPEL_SIGNATURE'] = Signer::sign(TestServer::API_KEY, $timestamp, 'GET', $uri, '');
        http_response_code(200);
        $controller->retry();
        $this->assertSame(1, json_decode($registry->get('response')->output, true)['queue']['sent']);

        $storage->add('settings', 'settings', 'POST', '/api/v1/settings', '{"store":{"name":"two"}}');
        $controller->cron(1, 'koppel', 'hour', '', '');
        $this->assertSame(array('pending' => 0, 'failed' => 0), $storage->counts());
        $this->assertCount(2, $this->server->requests());
    }

    /** OpenCart 4's cron.php does not define VERSION: the cron reads it from index.php. */
    public function testCronWithoutVersionConstantReadsIndexPhp()
    {
        $root = sys_get_temp_dir() . '/koppel-root-' . getmypid() . '/';
        @mkdir($root);
        file_put_contents($root . 'index.php', "<?php\n// Version\ndefine('VERSION', '4.0.2.3');\n");
        define('DIR_OPENCART', $root);

        $db = new SqliteDb();
        $db->createQueueTable('oc_');
        $storage = new \Koppel\DbQueueStorage($db, 'oc_');
        list($controller) = $this->boot('catalog', $this->config(), $db, null);
        $this->assertFalse(defined('VERSION'));

        $storage->add('settings', 'settings', 'POST', '/api/v1/settings', '{"store":{"name":"one"}}');
        $controller->cron(1, 'koppel', 'hour', '', '');

        unlink($root . 'index.php');
        rmdir($root);
        $this->assertSame(array('pending' => 0, 'failed' => 0), $storage->counts());
        $this->assertCount(1, $this->server->requests());
    }

    public function versions()
    {
        return array('4.0.0.0' => array('4.0.0.0'), '4.0.1.1' => array('4.0.1.1'), '4.0.2.3' => array('4.0.2.3'), '4.1.0.4' => array('4.1.0.4'));
    }

    /** @dataProvider versions */
    public function testInstallRegistersEventsCronAndQueueTable($version)
    {
        $db = new RecordingDb();
        list($controller, $registry) = $this->boot('admin', $this->config(), $db, $version);
        $registry->set('model_setting_event', $events = new Recorder());
        $registry->set('model_setting_cron', $cron = new Recorder());

        $controller->install();

        $expected = array_map(function ($event) use ($version) {
            return OpenCart::addEventTakesArray($version)
                ? array($event)
                : array($event['code'], $event['description'], $event['trigger'], $event['action'], true, 0);
        }, OpenCart::events($version));
        $this->assertSame($expected, $events->called('addEvent'));

        $orderEvent = $events->called('addEvent')[0];
        $trigger = OpenCart::addEventTakesArray($version) ? $orderEvent[0]['trigger'] : $orderEvent[2];
        $action = OpenCart::addEventTakesArray($version) ? $orderEvent[0]['action'] : $orderEvent[3];
        $this->assertSame(version_compare($version, '4.1', '>=') ? 'catalog/model/checkout/order.addHistory/after' : 'catalog/model/checkout/order/addHistory/after', $trigger);
        $this->assertSame('extension/koppel/module/koppel' . (version_compare($version, '4.0.2', '>=') ? '.' : '|') . 'orderHistory', $action);

        $this->assertSame(array(array('koppel', 'Retries pushes to koppel that could not be sent yet', 'hour', OpenCart::route($version, 'cron'), true)), $cron->called('addCron'));
        $this->assertStringStartsWith('CREATE TABLE IF NOT EXISTS `oc_koppel_queue`', $db->queries[0]);

        $controller->uninstall();

        $this->assertSame(array(array('koppel'), array('koppel')), $events->called('deleteEventByCode'));
        $this->assertSame(array(array('koppel'), array('koppel')), $cron->called('deleteCronByCode'));
        $this->assertSame('DROP TABLE IF EXISTS `oc_koppel_queue`', end($db->queries));
    }

    private function settingsDb()
    {
        $db = new SqliteDb();
        FixtureDb::loadSettings($db, Fixtures::rows('opencart4-settings.json'));
        $db->createQueueTable('oc_');

        return $db;
    }

    public function testSaveReportsFieldErrorsEscaped()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(array('module_koppel_api_key' => '')), $this->settingsDb());
        $registry->set('model_setting_setting', $settings = new Recorder());
        $registry->get('request')->post = array(
            'module_koppel_license' => '<b>',
            'module_koppel_endpoint' => 'http://koppel.example.nl',
            'module_koppel_api_key' => 'abc',
        );

        $controller->save();

        $json = json_decode($registry->get('response')->output, true);
        $this->assertEqualsCanonicalizing(array('warning', 'license', 'endpoint', 'api_key'), array_keys($json['error']));
        $this->assertSame('The API key must be 15 to 64 characters: letters, digits and ! * @ # ( ) = only.', $json['error']['api_key']);
        $this->assertSame(array(), $settings->called('editSetting'));
    }

    public function testSavePushesTheSettings()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(), $this->settingsDb());
        $registry->set('model_setting_setting', $settings = new Recorder());
        $registry->set('model_setting_extension', new Recorder(array('getExtensionsByType' => array(
            array('extension_id' => '1', 'extension' => 'opencart', 'type' => 'payment', 'code' => 'cod'),
        ))));
        $registry->get('request')->post = array(
            'module_koppel_status' => '1',
            'module_koppel_license' => TestServer::LICENSE,
            'module_koppel_endpoint' => $this->server->endpoint() . '/',
            'module_koppel_api_key' => '',
            'module_koppel_vat_custom_field_id' => '1',
        );

        $controller->save();

        $json = json_decode($registry->get('response')->output, true);
        $this->assertSame('Success: you have saved the koppel settings. The settings were sent to koppel (created, version 1).', $json['success']);
        $this->assertSame($this->server->endpoint(), $settings->called('editSetting')[0][1]['module_koppel_endpoint']);
        $this->assertSame(TestServer::API_KEY, $settings->called('editSetting')[0][1]['module_koppel_api_key']);

        $body = json_decode($this->server->requests()[0]['body'], true);
        ProtocolAssert::settings($body);
        $this->assertSame('4.0.2.3', $body['source']['version']);
        $this->assertSame('Cash On Delivery', $body['payment_methods'][0]['name']);
        $this->assertSame('Date & Time', array_column($body['custom_fields'], 'name', 'custom_field_id')[9]);
    }

    public function testPageNeverShowsTheKey()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(), $this->settingsDb());
        $registry->set('model_customer_custom_field', new Recorder(array('getCustomFields' => array(
            array('custom_field_id' => '9', 'name' => 'Date &amp; Time', 'location' => 'account'),
        ))));

        $controller->index();

        $view = $registry->get('load')->views['extension/koppel/module/koppel'];
        $this->assertTrue($view['api_key_stored']);
        $this->assertSame(TestServer::LICENSE, $view['module_koppel_license']);
        $this->assertStringNotContainsString(TestServer::API_KEY, json_encode($view));
        $this->assertStringContainsString('route=extension/koppel/module/koppel.ping&user_token=token123', $view['ping_url']);
        $this->assertSame('https://shop.example.nl/index.php?route=extension/koppel/module/koppel.retry', $view['catchup_url']);
        $this->assertSame('Date & Time', $view['custom_fields'][0]['name'], 'decoded here, escaped once by the template');
    }

    /** @dataProvider versions */
    public function testSettingsChangedEventPerVersion($version)
    {
        list($controller, $registry) = $this->boot('admin', $this->config(), $this->settingsDb(), $version);
        $registry->set('model_setting_extension', new Recorder(array('getExtensionsByType' => array())));
        $dotted = version_compare($version, '4.1', '>=');
        $output = null;

        $route = $dotted ? 'setting/setting.editSetting' : 'setting/setting/editSetting';
        $args = array('module_koppel', array(), 0);
        $this->assertNull($controller->settingsChanged($route, $args, $output));
        $this->assertSame(array(), $this->server->requests());

        $route = $dotted ? 'localisation/order_status.editOrderStatus' : 'localisation/order_status/editOrderStatus';
        $args = array(2, array());
        $controller->settingsChanged($route, $args, $output);
        $route = $dotted ? 'setting/extension.install' : 'setting/extension/install';
        $args = array('payment', 'opencart', 'cod');
        $controller->settingsChanged($route, $args, $output);

        $this->assertSame(array('/api/v1/settings', '/api/v1/settings'), array_column($this->server->requests(), 'path'));
        $this->assertSame($version, json_decode($this->server->requests()[0]['body'], true)['source']['version']);
    }
}
