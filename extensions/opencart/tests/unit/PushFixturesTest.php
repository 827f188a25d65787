<?php
namespace Koppel\Tests;

use PHPUnit\Framework\TestCase;

/**
 * tests/push-fixtures.php, the lead's entry point for integration tests, against the stand-in.
 */
final class PushFixturesTest extends TestCase
{
    private $server;
    private $keyFile;

    protected function tearDown(): void
    {
        if ($this->server) {
            $this->server->stop();
        }

        if ($this->keyFile) {
            unlink($this->keyFile);
        }
    }

    private function run_(array $arguments, array $server = array())
    {
        $this->server = new TestServer($server);
        $this->keyFile = tempnam(sys_get_temp_dir(), 'koppel-key');
        file_put_contents($this->keyFile, TestServer::API_KEY . "\n");

        $command = array_merge(array(PHP_BINARY, dirname(__DIR__) . '/push-fixtures.php',
            '--endpoint', $this->server->endpoint(), '--license', TestServer::LICENSE, '--api-key-file', $this->keyFile), $arguments);
        $process = proc_open(implode(' ', array_map('escapeshellarg', $command)), array(1 => array('pipe', 'w'), 2 => array('pipe', 'w')), $pipes);
        $stdout = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);

        return array(proc_close($process), array_values(array_filter(explode("\n", $stdout))), $stderr);
    }

    public function testPushesSettingsThenEveryOrderAndPrintsTheReplies()
    {
        $orders = Fixtures::orderFiles();
        list($status, $lines, $stderr) = $this->run_(array_merge(
            array('--ping', '--settings', Fixtures::folder() . '/opencart/opencart3-settings.json'),
            $orders
        ));

        $this->assertSame(0, $status, $stderr);
        $this->assertCount(2 + count($orders), $lines);
        $this->assertSame('Demo shop', json_decode($lines[0], true)['connection']['name']);
        $this->assertSame(array('settings' => array('result' => 'created', 'version' => 1)), json_decode($lines[1], true));

        $requests = $this->server->requests();
        $this->assertSame(array_fill(0, count($lines), true), array_column($requests, 'valid'));
        ProtocolAssert::settings(json_decode($requests[1]['body'], true));

        foreach ($orders as $i => $file) {
            $rows = Fixtures::rows($file);
            $reply = json_decode($lines[2 + $i], true);
            $this->assertSame((int)$rows['order']['order_id'], $reply['orders'][0]['order_id'], basename($file));

            $body = json_decode($requests[2 + $i]['body'], true);
            ProtocolAssert::orderBatch($body);
            $this->assertSame(strpos(basename($file), 'opencart4') === 0 ? '4.0.2.3' : '3.0.4.1', $body['source']['version']);
        }
    }

    public function testBatchAndNonSuccessExitCode()
    {
        list($status, $lines) = $this->run_(array('--batch', Fixtures::folder() . '/opencart/opencart3-order-1.json', Fixtures::folder() . '/opencart/opencart3-order-2.json'), array('refuse_order_ids' => array(2)));

        $this->assertSame(1, $status);
        $this->assertCount(1, $lines);
        $this->assertSame('invalid_field', json_decode($lines[0], true)['error']['code']);
        $this->assertCount(2, json_decode($this->server->requests()[0]['body'], true)['orders']);
    }

    public function testUsageErrors()
    {
        list($status, , $stderr) = $this->run_(array('--bogus', 'x'));
        $this->assertSame(2, $status);
        $this->assertStringContainsString('usage:', $stderr);
        $this->assertSame(array(), $this->server->requests());
    }
}
