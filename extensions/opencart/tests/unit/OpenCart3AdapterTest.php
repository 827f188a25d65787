<?php
namespace Koppel\Tests;

use Koppel\OpenCart;
use Koppel\Signer;
use Koppel\Tests\Stub\Language;
use Koppel\Tests\Stub\Recorder;
use Koppel\Tests\Stub\RecordingDb;
use PHPUnit\Framework\TestCase;

/**
 * The OpenCart 3.0 controllers from the built package, run against stand-ins of OpenCart's
 * registry, a SQLite copy of the shop's tables and the stand-in koppel.
 *
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class OpenCart3AdapterTest extends TestCase
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

    private function boot($application, array $config, $db)
    {
        $root = Packages::extracted() . '/oc3/upload/';
        $cache = sys_get_temp_dir() . '/koppel-cache-' . getmypid() . '/';
        @mkdir($cache);

        define('VERSION', '3.0.4.1');
        define('DB_PREFIX', 'oc_');
        define('DIR_SYSTEM', $root . 'system/');
        define('DIR_CACHE', $cache);
        define('HTTP_CATALOG', 'http://shop.example.nl/');
        define('HTTPS_CATALOG', 'https://shop.example.nl/');

        Language::$moduleFile = $root . 'admin/language/en-gb/extension/module/koppel.php';
        require $root . $application . '/controller/extension/module/koppel.php';

        $registry = Stub\OpenCart::registry($config, $db);

        return array(new \ControllerExtensionModuleKoppel($registry), $registry);
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
            'config_admin_language' => 'en-gb',
        );
    }

    private static function orderDb($file = 'opencart3-order-1.json')
    {
        $db = new SqliteDb();
        FixtureDb::loadOrder($db, Fixtures::rows($file));
        $db->createQueueTable('oc_');

        return $db;
    }

    public function testOrderHistoryEventPushesTheOrderAsStored()
    {
        list($controller) = $this->boot('catalog', $this->config(), self::orderDb());

        // The API passes strings; the requested status (5) is not what the order ended with (2).
        $route = 'checkout/order/addOrderHistory';
        $args = array('1', '5', 'status change via API', '0', '0');
        $output = null;
        $returned = $controller->orderHistory($route, $args, $output);

        $this->assertNull($returned, 'a model /after handler returns nothing');
        $requests = $this->server->requests();
        $this->assertCount(1, $requests);
        $this->assertTrue($requests[0]['valid']);
        $body = json_decode($requests[0]['body'], true);
        ProtocolAssert::orderBatch($body);
        $this->assertSame('3.0.4.1', $body['source']['version']);
        $this->assertSame(1, $body['orders'][0]['order_id']);
        $this->assertSame(2, $body['orders'][0]['order_status_id'], 'read again from the database');
        $this->assertSame('Europe/Amsterdam', $body['orders'][0]['timezone']);
        $this->assertSame('40.8469', $body['orders'][0]['total']);
    }

    public function testStatusZeroAndDisabledModulePushNothing()
    {
        $db = self::orderDb();
        $db->query("UPDATE `oc_order` SET `order_status_id` = '0'");
        list($controller, $registry) = $this->boot('catalog', $this->config(), $db);

        $route = 'checkout/order/addOrderHistory';
        $args = array(1, 0);
        $output = null;
        $controller->orderHistory($route, $args, $output);

        $db->query("UPDATE `oc_order` SET `order_status_id` = '2'");
        $registry->get('config')->set('module_koppel_status', '0');
        $controller->orderHistory($route, $args, $output);

        $this->assertSame(array(), $this->server->requests());
        $this->assertSame(array('pending' => 0, 'failed' => 0), (new \Koppel\DbQueueStorage($db, 'oc_'))->counts());
    }

    public function testUnreachableKoppelKeepsThePushAndLogsNothingSecret()
    {
        $config = $this->config();
        $config['module_koppel_endpoint'] = 'http://127.0.0.1:9';
        $db = self::orderDb();
        list($controller) = $this->boot('catalog', $config, $db);

        $route = 'checkout/order/addOrderHistory';
        $args = array(1, 2);
        $output = null;
        $controller->orderHistory($route, $args, $output);

        $storage = new \Koppel\DbQueueStorage($db, 'oc_');
        $this->assertSame(array('pending' => 1, 'failed' => 0), $storage->counts());
        $row = $storage->pending(1)[0];
        $this->assertStringStartsWith('network error', $row['message']);
        $this->assertStringNotContainsString(TestServer::API_KEY, $row['message'] . $row['body']);
    }

    /**
     * A koppel that accepts the connection and never answers: the event gives up after the
     * checkout timeout (2 s) with the push in the queue, and sends nothing else that waits there.
     */
    public function testOrderHistoryEventDoesNotWaitOnAKoppelThatHangs()
    {
        $hanging = new HangingServer();
        $config = $this->config(array('module_koppel_endpoint' => $hanging->endpoint()));
        $db = self::orderDb();
        $storage = new \Koppel\DbQueueStorage($db, 'oc_');
        $storage->add('settings', 'settings', 'POST', '/api/v1/settings', '{"store":{"name":"x"}}');
        list($controller) = $this->boot('catalog', $config, $db);

        $route = 'checkout/order/addOrderHistory';
        $args = array('1', '2', '', '0', '0');
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
        $this->assertSame(1, (int)$order['attempts']);
        $this->assertStringStartsWith('network error', $order['message']);

        // The queue's next run sends both, oldest first.
        $connector = new \Koppel\Connector($db, 'oc_', VERSION, array(
            'endpoint' => $this->server->endpoint(),
            'license' => TestServer::LICENSE,
            'api_key' => TestServer::API_KEY,
        ));
        $this->assertSame(2, $connector->flush()->sent());
        $this->assertSame(array('/api/v1/settings', '/api/v1/orders'), array_column($this->server->requests(), 'path'));
    }

    public function testRetryRouteServesOnlySignedRequests()
    {
        $db = self::orderDb();
        list($controller, $registry) = $this->boot('catalog', $this->config(), $db);
        (new \Koppel\DbQueueStorage($db, 'oc_'))->add('settings', 'settings', 'POST', '/api/v1/settings', '{"store":{"name":"x"}}');

        $uri = '/index.php?route=' . OpenCart::route('3.0.4.1', 'retry');
        $_SERVER['REQUEST_METHOD'] = 'GET';
        $_SERVER['REQUEST_URI'] = $uri;
        $controller->retry();
        $this->assertSame(array('error' => array('code' => 'unauthorized')), json_decode($registry->get('response')->output, true));
        $this->assertSame(401, http_response_code());
        $this->assertSame(array(), $this->server->requests());

        $timestamp = (string)time();
        $_SERVER['HTTP_X_KOPPEL_LICENSE'] = TestServer::LICENSE;
        $_SERVER['HTTP_X_KOPPEL_TIMESTAMP'] = $timestamp;
        $_SERVER['HTTP_X_KOPPEL_SIGNATURE'] = Signer::sign(TestServer::API_KEY, $timestamp, 'GET', $uri, '');
        http_response_code(200);
        $controller->retry();

        $reply = json_decode($registry->get('response')->output, true);
        $this->assertSame(1, $reply['queue']['sent']);
        $this->assertSame(0, $reply['queue']['pending']);
        $this->assertSame(200, http_response_code());
        $this->assertCount(1, $this->server->requests());
    }

    public function testInstallAndUninstall()
    {
        $db = new RecordingDb();
        list($controller, $registry) = $this->boot('admin', $this->config(), $db);
        $registry->set('model_setting_event', $events = new Recorder());

        $controller->install();

        $this->assertSame(array(array('koppel')), $events->called('deleteEventByCode'));
        $this->assertSame(array_map(function ($event) {
            return array($event['code'], $event['trigger'], $event['action'], $event['status'], $event['sort_order']);
        }, OpenCart::events('3.0.4.1')), $events->called('addEvent'));
        $this->assertContains(array('koppel', 'catalog/model/checkout/order/addOrderHistory/after', 'extension/module/koppel/orderHistory', 1, 0), $events->called('addEvent'));
        $this->assertStringStartsWith('CREATE TABLE IF NOT EXISTS `oc_koppel_queue`', $db->queries[0]);

        $controller->uninstall();

        $this->assertSame(array(array('koppel'), array('koppel')), $events->called('deleteEventByCode'));
        $this->assertSame('DROP TABLE IF EXISTS `oc_koppel_queue`', end($db->queries));
    }

    private function settingsDb()
    {
        $db = new SqliteDb();
        FixtureDb::loadSettings($db, Fixtures::rows('opencart3-settings.json'));
        $db->createQueueTable('oc_');

        return $db;
    }

    public function testSavingKeepsTheKeySecretAndPushesTheSettings()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(), $this->settingsDb());
        $registry->set('model_setting_setting', $settings = new Recorder());
        $registry->set('model_setting_extension', new Recorder(array('getInstalled' => array('cod'))));
        $request = $registry->get('request');
        $request->server['REQUEST_METHOD'] = 'POST';
        $request->post = array(
            'module_koppel_status' => '1',
            'module_koppel_license' => TestServer::LICENSE,
            'module_koppel_endpoint' => $this->server->endpoint(),
            'module_koppel_api_key' => '',
            'module_koppel_vat_custom_field_id' => '1',
        );

        try {
            $controller->index();
            $this->fail('saving redirects');
        } catch (Stub\Redirect $redirect) {
            $this->assertStringContainsString('route=extension/module/koppel&', $redirect->getMessage());
        }

        $saved = $settings->called('editSetting');
        $this->assertCount(1, $saved);
        $this->assertSame('module_koppel', $saved[0][0]);
        $this->assertSame(TestServer::API_KEY, $saved[0][1]['module_koppel_api_key'], 'an empty field keeps the stored key');
        $this->assertSame('The settings were sent to koppel (created, version 1).', $registry->get('session')->data['koppel_push_success']);

        $request = $this->server->requests()[0];
        $this->assertSame('/api/v1/settings', $request['path']);
        $this->assertTrue($request['valid']);
        $body = json_decode($request['body'], true);
        ProtocolAssert::settings($body);
        $this->assertSame('https://shop.example.nl/', $body['store']['url']);
        $this->assertSame(1, $body['vat_custom_field_id']);
        $this->assertSame('Cash On Delivery', $body['payment_methods'][0]['name']);
        $this->assertStringNotContainsString(TestServer::API_KEY, $request['body']);

        // The page shows the outcome, never the key.
        $request = $registry->get('request');
        $request->server['REQUEST_METHOD'] = 'GET';
        $request->post = array();
        $controller->index();
        $view = $registry->get('load')->views['extension/module/koppel'];
        $this->assertTrue($view['api_key_stored']);
        $this->assertSame('The settings were sent to koppel (created, version 1).', $view['push_success']);
        $this->assertStringNotContainsString(TestServer::API_KEY, json_encode($view));
        $this->assertStringNotContainsString('Koppel!Test', json_encode($view));
    }

    public function testBadApiKeyIsRefusedWithAClearMessage()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(array('module_koppel_api_key' => '')), $this->settingsDb());
        $registry->set('model_setting_setting', $settings = new Recorder());
        $request = $registry->get('request');
        $request->server['REQUEST_METHOD'] = 'POST';
        $request->post = array(
            'module_koppel_license' => TestServer::LICENSE,
            'module_koppel_endpoint' => 'https://koppel.example.nl',
            'module_koppel_api_key' => 'my secret',
        );

        $controller->index();

        $this->assertSame(array(), $settings->called('editSetting'));
        $view = $registry->get('load')->views['extension/module/koppel'];
        $this->assertSame('The API key must be 15 to 64 characters: letters, digits and ! * @ # ( ) = only.', $view['error']['api_key']);
        $this->assertSame('Warning: please check the form carefully.', $view['error']['warning']);
        $this->assertStringNotContainsString('my secret', json_encode($view), 'not even a refused key is echoed');
        $this->assertSame(array(), $this->server->requests());
    }

    public function testSettingsChangedEventPushesOnlyForRelevantChanges()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(), $this->settingsDb());
        $registry->set('model_setting_extension', new Recorder(array('getInstalled' => array())));
        $output = null;

        $route = 'setting/setting/editSetting';
        $args = array('module_koppel', array());
        $this->assertNull($controller->settingsChanged($route, $args, $output));
        $args = array('module_featured', array());
        $controller->settingsChanged($route, $args, $output);
        $route = 'setting/extension/install';
        $args = array('module', 'featured');
        $controller->settingsChanged($route, $args, $output);
        $this->assertSame(array(), $this->server->requests());

        $route = 'localisation/tax_rate/editTaxRate';
        $args = array(88, array());
        $this->assertNull($controller->settingsChanged($route, $args, $output));
        $route = 'setting/setting/editSetting';
        $args = array('payment_cod', array());
        $controller->settingsChanged($route, $args, $output);

        $this->assertSame(array('/api/v1/settings', '/api/v1/settings'), array_column($this->server->requests(), 'path'));
    }

    public function testPingShowsKoppelsAnswer()
    {
        list($controller, $registry) = $this->boot('admin', $this->config(), new RecordingDb());
        $registry->get('request')->post = array(
            'module_koppel_license' => TestServer::LICENSE,
            'module_koppel_endpoint' => $this->server->endpoint(),
            'module_koppel_api_key' => '',
        );

        $controller->ping();

        $this->assertSame(array('ok' => true, 'lines' => array(
            'Connected to "Demo shop" (ledger: moneybird).',
            'Still to do in koppel before orders are booked: settings.',
        )), json_decode($registry->get('response')->output, true));
        $this->assertSame('/api/v1/ping', $this->server->requests()[0]['path']);
    }
}
