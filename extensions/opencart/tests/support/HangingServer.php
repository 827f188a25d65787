<?php
namespace Koppel\Tests;

/**
 * A koppel that hangs: a separate PHP process listening on loopback that accepts every
 * connection, keeps it open and never answers. Each accepted connection is noted in a file, so
 * a test can tell that its request reached the server and was not refused at once.
 */
final class HangingServer
{
    private $process;
    private $state;
    private $port;

    public function __construct()
    {
        $this->state = sys_get_temp_dir() . '/koppel-hanging-' . bin2hex(random_bytes(6));
        mkdir($this->state);

        $script = <<<'PHP'
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
if (!$server) {
    fwrite(STDERR, $error);
    exit(1);
}
file_put_contents($argv[1] . '/port', substr(strrchr(stream_socket_get_name($server, false), ':'), 1));
$held = array();
while (true) {
    $client = @stream_socket_accept($server, 3600);
    if ($client) {
        $held[] = $client;
        file_put_contents($argv[1] . '/accepted', "1\n", FILE_APPEND);
    }
}
PHP;
        $command = 'exec ' . escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script) . ' ' . escapeshellarg($this->state);
        $this->process = proc_open($command, array(0 => array('file', '/dev/null', 'r'), 1 => array('file', '/dev/null', 'w'), 2 => array('file', $this->state . '/server.log', 'a')), $pipes);

        $port = 0;

        for ($wait = 0; $wait < 100 && $port === 0; $wait++) {
            usleep(50000);
            $port = is_file($this->state . '/port') ? (int)file_get_contents($this->state . '/port') : 0;
        }

        if ($port === 0) {
            $this->stop();

            throw new \RuntimeException('the hanging server did not start');
        }

        $this->port = $port;
    }

    public function endpoint()
    {
        return 'http://127.0.0.1:' . $this->port;
    }

    /** Connections accepted so far. */
    public function accepted()
    {
        $file = $this->state . '/accepted';

        return is_file($file) ? substr_count(file_get_contents($file), "\n") : 0;
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
}
