<?php
namespace Koppel\Tests;

use Koppel\Client;
use Koppel\Connector;
use Koppel\DbQueueStorage;
use Koppel\Extension;
use Koppel\Json;
use Koppel\OrderPayload;
use Koppel\Queue;
use PHPUnit\Framework\TestCase;

/**
 * The queue against a local stand-in for koppel (php -S with tests/support/router.php).
 */
final class QueueTest extends TestCase
{
    private $servers = array();
    private $db;
    private $storage;
    private $lockFile;

    protected function setUp(): void
    {
        $this->db = new SqliteDb();
        $this->db->createQueueTable('oc_');
        $this->storage = new DbQueueStorage($this->db, 'oc_');
        $this->lockFile = tempnam(sys_get_temp_dir(), 'koppel-lock');
    }

    protected function tearDown(): void
    {
        foreach ($this->servers as $server) {
            $server->stop();
        }

        @unlink($this->lockFile);
    }

    private function server(array $config = array())
    {
        return $this->servers[] = new TestServer($config);
    }

    private function queue(TestServer $server, $apiKey = TestServer::API_KEY)
    {
        return new Queue($this->storage, new Client($server->endpoint(), TestServer::LICENSE, $apiKey), $this->lockFile);
    }

    private static function orderBody($orderId)
    {
        $rows = Fixtures::rows('opencart3-order-' . (($orderId - 1) % 4 + 1) . '.json');
        $rows['order']['order_id'] = (string)$orderId;

        return Json::encode(array('source' => Extension::source('3.0.4.1'), 'orders' => array(OrderPayload::build($rows))));
    }

    private static function orderIds(array $requests)
    {
        return array_map(function ($request) {
            return json_decode($request['body'], true)['orders'][0]['order_id'];
        }, $requests);
    }

    private function rowCount()
    {
        return (int)$this->db->query('SELECT COUNT(*) AS `total` FROM `oc_koppel_queue`')->row['total'];
    }

    public function testRetriesOldestFirstUntilTheQueueIsEmpty()
    {
        $server = $this->server(array('fail_first' => 3));
        $queue = $this->queue($server);

        foreach (array(1, 2, 3) as $orderId) {
            $result = $queue->push('orders', 'order ' . $orderId, Client::PATH_ORDERS, self::orderBody($orderId));
            $this->assertSame(0, $result->sent(), 'koppel is still unavailable');
            $this->assertSame($orderId, $result->pending());
            $this->assertStringStartsWith('HTTP 503 unavailable', $result->error());
        }

        $result = $queue->flush();

        $this->assertSame(3, $result->sent());
        $this->assertSame(0, $result->pending());
        $this->assertSame(0, $this->rowCount(), 'the queue ends empty');

        $requests = $server->requests();
        $this->assertSame(array(503, 503, 503, 200, 200, 200), array_column($requests, 'status'));
        $this->assertSame(array(1, 1, 1, 1, 2, 3), self::orderIds($requests), 'the oldest push goes first, every time');
        $this->assertSame(array(true, true, true, true, true, true), array_column($requests, 'valid'));
        $this->assertSame(array(false, false, false, false, false, false), array_column($requests, 'replay'));

        $signatures = array_column($requests, 'signature');
        $this->assertCount(6, array_unique($signatures), 'every attempt is signed anew');

        $firstOrderTimestamps = array_map('intval', array_column(array_slice($requests, 0, 4), 'timestamp'));
        for ($i = 1; $i < 4; $i++) {
            $this->assertGreaterThan($firstOrderTimestamps[$i - 1], $firstOrderTimestamps[$i], 'each retry has a later timestamp');
        }
        $this->assertLessThan(300, abs(end($firstOrderTimestamps) - time()));

        // Every request, retries included, carries its own nonce, so none is refused as a replay.
        $nonces = array_column($requests, 'nonce');
        $this->assertSame(count($nonces), count(array_unique($nonces)));
        foreach ($requests as $request) {
            $this->assertStringStartsWith('n=', $request['nonce']);
            $this->assertSame('POST', $request['method']);
            $this->assertSame('/api/v1/orders', $request['path']);
            $this->assertSame('application/json', $request['content_type']);
        }
    }

    public function testPermanentRefusalIsKeptAsFailedAndNotRetried()
    {
        $server = $this->server(array('refuse_order_ids' => array(2)));
        $queue = $this->queue($server);

        $this->assertSame(1, $queue->push('orders', 'order 1', Client::PATH_ORDERS, self::orderBody(1))->sent());

        $refused = $queue->push('orders', 'order 2', Client::PATH_ORDERS, self::orderBody(2));
        $this->assertSame(0, $refused->sent());
        $this->assertSame(1, $refused->refused());
        $this->assertSame(422, $refused->response()->status());
        $this->assertNull($refused->error(), 'a refusal does not stop the run');

        $this->assertSame(1, $queue->push('orders', 'order 3', Client::PATH_ORDERS, self::orderBody(3))->sent());
        $queue->flush();
        $queue->flush();

        $this->assertSame(array(1, 2, 3), self::orderIds($server->requests()), 'order 2 was sent once');
        $this->assertSame(array('pending' => 0, 'failed' => 1), $this->storage->counts());

        $failed = $this->storage->failed(10);
        $this->assertCount(1, $failed);
        $this->assertSame('order 2', $failed[0]['reference']);
        $this->assertSame(422, (int)$failed[0]['http_status']);
        $this->assertSame('HTTP 422 invalid_field: must have at most 4 decimals (orders[0].total)', $failed[0]['message']);
        $this->assertSame(1, (int)$failed[0]['attempts']);

        // The shop owner may send it again after koppel was fixed.
        $this->assertSame(1, $this->storage->requeueFailed());
        $this->assertSame(array('pending' => 1, 'failed' => 0), $this->storage->counts());
    }

    public function testAPushAloneSendsOnlyItselfAndLeavesTheQueueToTheCatchUpRun()
    {
        $server = $this->server();
        foreach (range(1, 7) as $orderId) {
            $this->storage->add('orders', 'order ' . $orderId, 'POST', Client::PATH_ORDERS, self::orderBody($orderId));
        }
        $queue = $this->queue($server);

        $result = $queue->pushAlone('orders', 'order 8', Client::PATH_ORDERS, self::orderBody(8));

        $this->assertSame(1, $result->sent());
        $this->assertSame(200, $result->response()->status());
        $this->assertSame(7, $result->pending());
        $this->assertSame(array(8), self::orderIds($server->requests()), 'the seven waiting are not sent');

        $this->assertSame(7, $queue->flush(Queue::CATCH_UP_BATCH)->sent());
        $this->assertSame(array(8, 1, 2, 3, 4, 5, 6, 7), self::orderIds($server->requests()));
        $this->assertSame(0, $this->rowCount());
    }

    /** koppel keeps the content it receives last as the order's newest: never overtake an older push. */
    public function testAPushAloneWaitsBehindAnOlderPushOfTheSameOrder()
    {
        $server = $this->server();
        $older = self::orderBody(1);
        $this->storage->add('orders', 'order 1', 'POST', Client::PATH_ORDERS, $older);
        $queue = $this->queue($server);

        $newer = json_decode(self::orderBody(1), true);
        $newer['orders'][0]['order_status_id'] = 5;
        $result = $queue->pushAlone('orders', 'order 1', Client::PATH_ORDERS, Json::encode($newer));

        $this->assertSame(0, $result->sent());
        $this->assertNull($result->response());
        $this->assertSame('an older push of order 1 waits in the queue', $result->error());
        $this->assertSame(array(), $server->requests());

        $this->assertSame(2, $queue->flush()->sent());
        $statuses = array_map(function ($request) {
            return json_decode($request['body'], true)['orders'][0]['order_status_id'];
        }, $server->requests());
        $this->assertSame(array(json_decode($older, true)['orders'][0]['order_status_id'], 5), $statuses, 'oldest first');
    }

    public function testNetworkFailureKeepsThePushForLater()
    {
        $closed = new Queue($this->storage, new Client('http://127.0.0.1:9', TestServer::LICENSE, TestServer::API_KEY), $this->lockFile);

        $result = $closed->push('orders', 'order 1', Client::PATH_ORDERS, self::orderBody(1));

        $this->assertSame(0, $result->response()->status());
        $this->assertStringStartsWith('network error: ', $result->error());
        $this->assertSame(array('pending' => 1, 'failed' => 0), $this->storage->counts());

        $server = $this->server();
        $this->assertSame(1, $this->queue($server)->flush()->sent());
        $this->assertSame(0, $this->rowCount());
        $this->assertSame(array(1), self::orderIds($server->requests()));
    }

    public function testUnauthorizedIsRetriedNotDropped()
    {
        $server = $this->server();

        $result = $this->queue($server, 'Wrong!Key#123456')->push('settings', 'settings', Client::PATH_SETTINGS, '{"store":{"name":"x"}}');
        $this->assertSame(401, $result->response()->status());
        $this->assertSame(array('pending' => 1, 'failed' => 0), $this->storage->counts());

        $this->assertSame(1, $this->queue($server)->flush()->sent(), 'sent once the key is right');
        $this->assertSame(array(401, 200), array_column($server->requests(), 'status'));
    }

    public function testAnotherRunHoldingTheLockMeansNoSending()
    {
        $server = $this->server();
        $this->storage->add('orders', 'order 1', 'POST', Client::PATH_ORDERS, self::orderBody(1));
        $handle = fopen($this->lockFile, 'c');
        flock($handle, LOCK_EX);

        $result = $this->queue($server)->flush();

        flock($handle, LOCK_UN);
        fclose($handle);
        $this->assertTrue($result->busy());
        $this->assertSame(array(), $server->requests());
        $this->assertSame(1, $this->queue($server)->flush()->sent());
    }

    public function testPingThroughAnEndpointWithPathPrefix()
    {
        $server = $this->server(array('prefix' => '/koppel'));
        $client = new Client($server->endpoint() . '/', TestServer::LICENSE, TestServer::API_KEY);

        $response = $client->ping();

        $this->assertSame(200, $response->status());
        $this->assertSame('Demo shop', $response->json()['connection']['name']);
        $request = $server->requests()[0];
        $this->assertSame('/koppel/api/v1/ping', $request['path']);
        $this->assertTrue($request['valid']);
    }

    public function testConnectorReadsTheOrderAgainAndPushesIt()
    {
        $server = $this->server();
        $rows = Fixtures::rows('opencart3-order-1.json');
        FixtureDb::loadOrder($this->db, $rows);
        $pending = Fixtures::rows('opencart3-order-4.json');
        $pending['order']['order_status_id'] = '0';
        $this->db->query("INSERT INTO `oc_order` (`order_id`, `order_status_id`, `total`, `date_added`, `date_modified`) VALUES ('4', '0', '29.8899', '2026-11-22 23:39:34', '2026-11-22 23:39:34')");
        $connector = new Connector($this->db, 'oc_', '3.0.4.1', array(
            'endpoint' => $server->endpoint(),
            'license' => TestServer::LICENSE,
            'api_key' => TestServer::API_KEY,
            'timezone' => 'Europe/Amsterdam',
            'currency' => 'EUR',
        ), $this->lockFile);

        $result = $connector->pushOrder(1);

        $this->assertSame(200, $result->response()->status());
        $this->assertSame(array('orders' => array(array('order_id' => 1, 'result' => 'created', 'version' => 1))), $result->response()->json());
        $body = json_decode($server->requests()[0]['body'], true);
        $this->assertSame(array('platform' => 'opencart', 'version' => '3.0.4.1', 'extension_version' => Extension::VERSION), $body['source']);
        $this->assertEquals(json_decode(Json::encode(array(OrderPayload::build($rows, array('timezone' => 'Europe/Amsterdam')))), true), $body['orders']);
        ProtocolAssert::orderBatch($body);

        $this->assertNull($connector->pushOrder(4), 'status 0 is not pushed');
        $this->assertNull($connector->pushOrder(999), 'no such order');
        $this->assertCount(1, $server->requests());
        $this->assertSame(0, $this->rowCount());
    }
}
