<?php
namespace Koppel\Tests;

/**
 * A stand-in for koppel: PHP's built-in web server with tests/support/router.php, which checks
 * signatures as docs/protocol.md says (a signature seen before is a replay: 401), fails the
 * first `fail_first` requests with 503 and refuses orders listed in `refuse_order_ids` with 422.
 * Every request is logged to requests.jsonl in the state folder.
 */
final class TestServer
{
    const LICENSE = 'KPL-7Q2MZ-0K4VD-H1T8C-9XW3B';
    const API_KEY = 'Koppel!Test#Key(2026)=';

    private $process;
    private $state;
    private $port;
    private $prefix;

    /**
     * @param array $config fail_first (int), fail_status (int), refuse_order_ids (int[]),
     *                      prefix (path the endpoint is mounted at, e.g. /koppel)
     */
    public function __construct(array $config = array())
    {
        $config += array(
            'license' => self::LICENSE,
            'api_key' => self::API_KEY,
            'fail_first' => 0,
            'fail_status' => 503,
            'refuse_order_ids' => array(),
            'prefix' => '',
        );
        $this->prefix = $config['prefix'];
        $this->state = sys_get_temp_dir() . '/koppel-test-' . bin2hex(random_bytes(6));
        mkdir($this->state);
        file_put_contents($this->state . '/config.json', json_encode($config));

        for ($try = 0; $try < 20 && !$this->process; $try++) {
            $this->start(random_int(20000, 45000));
        }

        if (!$this->process) {
            throw new \RuntimeException('could not start php -S');
        }
    }

    public function endpoint()
    {
        return 'http://127.0.0.1:' . $this->port . $this->prefix;
    }

    public function stateFolder()
    {
        return $this->state;
    }

    /** @return array[] every request so far: method, uri, path (without query), nonce (the query), license, timestamp, signature, body, status, valid */
    public function requests()
    {
        $file = $this->state . '/requests.jsonl';

        if (!is_file($file)) {
            return array();
        }

        return array_map(function ($line) {
            return json_decode($line, true);
        }, array_values(array_filter(explode("\n", file_get_contents($file)))));
    }

    public function stop()
    {
        if ($this->process) {
            proc_terminate($this->process);
            proc_close($this->process);
            $this->process = null;
        }

        foreach (glob($this->state . '/*') as $file) {
            unlink($file);
        }

        @rmdir($this->state);
    }

    public function __destruct()
    {
        $this->stop();
    }

    private function start($port)
    {
        $command = 'exec ' . escapeshellarg(PHP_BINARY) . ' -S 127.0.0.1:' . $port . ' ' . escapeshellarg(__DIR__ . '/router.php');
        $env = array('KOPPEL_TEST_STATE' => $this->state, 'PATH' => getenv('PATH'));
        $process = proc_open($command, array(0 => array('file', '/dev/null', 'r'), 1 => array('file', '/dev/null', 'w'), 2 => array('file', $this->state . '/server.log', 'a')), $pipes, null, $env);

        for ($wait = 0; $wait < 50; $wait++) {
            usleep(100000);
            $status = proc_get_status($process);

            if (!$status['running']) {
                proc_close($process);

                return;
            }

            $socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.2);

            if ($socket) {
                fclose($socket);
                $this->process = $process;
                $this->port = $port;

                return;
            }
        }

        proc_terminate($process);
        proc_close($process);
    }
}
