<?php
namespace Koppel\Tests;

use Koppel\ApiKey;
use Koppel\Client;
use Koppel\HttpResponse;
use Koppel\Signer;
use Koppel\Transport;
use PHPUnit\Framework\TestCase;

final class RecordingTransport implements Transport
{
    public $requests = array();

    public function send($method, $url, array $headers, $body)
    {
        $this->requests[] = compact('method', 'url', 'headers', 'body');

        return new HttpResponse(200, '{}');
    }
}

final class SignatureTest extends TestCase
{
    public function vectors()
    {
        $cases = array();

        foreach (Fixtures::signatureVectors() as $i => $vector) {
            $cases[$vector['method'] . ' ' . $vector['path'] . ' #' . $i] = array($vector);
        }

        return $cases;
    }

    /** @dataProvider vectors */
    public function testSignerReproducesTheVector(array $vector)
    {
        $this->assertSame(
            $vector['signed_text'],
            Signer::signedText($vector['timestamp'], $vector['method'], $vector['path'], $vector['body'])
        );
        $this->assertSame(
            $vector['signature'],
            Signer::sign($vector['api_key'], $vector['timestamp'], $vector['method'], $vector['path'], $vector['body'])
        );
    }

    /** @dataProvider vectors */
    public function testClientSendsTheVectorsHeaders(array $vector)
    {
        $transport = new RecordingTransport();
        $client = new Client('https://koppel.example.nl/', 'KPL-TEST', $vector['api_key'], $transport);

        $client->send($vector['method'], $vector['path'], $vector['body'], (int)$vector['timestamp']);

        // The client adds a unique query parameter, which the signature covers with the path.
        $request = $transport->requests[0];
        $this->assertMatchesRegularExpression('#^https://koppel\.example\.nl' . preg_quote($vector['path'], '#') . '\?n=[0-9a-f]{12}$#', $request['url']);
        $sentPath = substr($request['url'], strlen('https://koppel.example.nl'));
        $this->assertSame($vector['body'], $request['body']);
        $this->assertContains('X-Koppel-License: KPL-TEST', $request['headers']);
        $this->assertContains('X-Koppel-Timestamp: ' . $vector['timestamp'], $request['headers']);
        $this->assertContains(
            'X-Koppel-Signature: ' . Signer::sign($vector['api_key'], $vector['timestamp'], $vector['method'], $sentPath, $vector['body']),
            $request['headers']
        );

        if ($vector['method'] === 'POST') {
            $this->assertContains('Content-Type: application/json', $request['headers']);
        }
    }

    public function testThereAreVectorsToCheck()
    {
        $this->assertGreaterThanOrEqual(3, count(Fixtures::signatureVectors()));
    }

    public function testEndpointPathPrefixIsSigned()
    {
        $transport = new RecordingTransport();
        $client = new Client('https://host.example/koppel', 'KPL-TEST', 'abcdefghijklmno', $transport);

        $client->send('GET', Client::PATH_PING, '', 1700000000);

        $url = $transport->requests[0]['url'];
        $this->assertStringStartsWith('https://host.example/koppel/api/v1/ping?n=', $url);
        $expected = Signer::sign('abcdefghijklmno', '1700000000', 'GET', substr($url, strlen('https://host.example')), '');
        $this->assertContains('X-Koppel-Signature: ' . $expected, $transport->requests[0]['headers']);
    }

    public function testUnconfiguredClientSendsNothing()
    {
        $transport = new RecordingTransport();
        $client = new Client('https://koppel.example.nl', 'KPL-TEST', 'short', $transport);

        $response = $client->ping();

        $this->assertSame(0, $response->status());
        $this->assertSame(array(), $transport->requests);
    }

    public function testVerifiesIncomingSignedRequests()
    {
        $key = 'Koppel!Test#Key(2026)=';
        $uri = '/index.php?route=extension/koppel/module/koppel.retry';
        $server = array(
            'REQUEST_METHOD' => 'GET',
            'REQUEST_URI' => $uri,
            'HTTP_X_KOPPEL_LICENSE' => 'KPL-1',
            'HTTP_X_KOPPEL_TIMESTAMP' => '1795000000',
            'HTTP_X_KOPPEL_SIGNATURE' => Signer::sign($key, '1795000000', 'GET', $uri, ''),
        );

        $this->assertTrue(Signer::verify('KPL-1', $key, $server, '', 1795000100));
        $this->assertFalse(Signer::verify('KPL-2', $key, $server, '', 1795000100), 'other license');
        $this->assertFalse(Signer::verify('KPL-1', 'Another!Key#2026=', $server, '', 1795000100), 'other key');
        $this->assertFalse(Signer::verify('KPL-1', $key, $server, '', 1795000301), 'timestamp too old');
        $this->assertFalse(Signer::verify('KPL-1', $key, $server, 'x', 1795000100), 'body changed');
        $this->assertFalse(Signer::verify('KPL-1', $key, array('REQUEST_URI' => $uri . '&x=1') + $server, '', 1795000100), 'uri changed');

        unset($server['HTTP_X_KOPPEL_SIGNATURE']);
        $this->assertFalse(Signer::verify('KPL-1', $key, $server, '', 1795000100), 'no signature');
        $this->assertFalse(Signer::verify('', '', array(), '', 1795000100), 'not configured');
    }

    public function apiKeys()
    {
        return array(
            'vector key' => array('Koppel!Test#Key(2026)=', true),
            '15 letters' => array('abcdefghijklmno', true),
            '64 characters' => array(str_repeat('aB3!*@#()=', 6) . 'abcd', true),
            '14 characters' => array('abcdefghijklmn', false),
            '65 characters' => array(str_repeat('a', 65), false),
            'space' => array('abcdefgh ijklmnop', false),
            'dollar' => array('abcdefghijklmno$', false),
            'umlaut' => array('abcdefghijklmnoü', false),
            'newline at end' => array("abcdefghijklmno\n", false),
            'not a string' => array(123456789012345, false),
        );
    }

    /** @dataProvider apiKeys */
    public function testApiKeyRule($key, $valid)
    {
        $this->assertSame($valid, ApiKey::isValid($key));
    }

    public function endpoints()
    {
        return array(
            array('https://koppel.example.nl', true),
            array('https://koppel.example.nl/koppel/', true),
            array('http://127.0.0.1:8080', true),
            array('http://localhost/koppel', true),
            array('http://koppel.example.nl', false),
            array('ftp://koppel.example.nl', false),
            array('https://user:pass@koppel.example.nl', false),
            array('https://koppel.example.nl/?x=1', false),
            array('koppel.example.nl', false),
            array('', false),
        );
    }

    /** @dataProvider endpoints */
    public function testEndpointRule($url, $valid)
    {
        $this->assertSame($valid, Client::isValidEndpoint($url));
    }

    public function testResponseClassification()
    {
        $this->assertTrue((new HttpResponse(200, ''))->isSuccess());
        $this->assertTrue((new HttpResponse(422, ''))->isPermanentFailure());
        $this->assertTrue((new HttpResponse(400, ''))->isPermanentFailure());
        $this->assertTrue((new HttpResponse(413, ''))->isPermanentFailure());

        foreach (array(0, 302, 401, 408, 429, 500, 503) as $status) {
            $response = new HttpResponse($status, '');
            $this->assertFalse($response->isSuccess(), "$status");
            $this->assertFalse($response->isPermanentFailure(), "$status is worth a retry");
        }

        $refusal = new HttpResponse(422, '{"error":{"code":"invalid_field","message":"must have at most 4 decimals","field":"orders[3].totals[2].value"}}');
        $this->assertSame('HTTP 422 invalid_field: must have at most 4 decimals (orders[3].totals[2].value)', $refusal->message());
        $this->assertSame('network error: timed out', HttpResponse::networkError('timed out')->message());
    }
}
