<?php
namespace Koppel\Tests;

use Koppel\AdminForm;
use Koppel\FlushResult;
use Koppel\HttpResponse;
use PHPUnit\Framework\TestCase;

final class AdminFormTest extends TestCase
{
    private static function post(array $values)
    {
        $post = array();

        foreach ($values as $key => $value) {
            $post['module_koppel_' . $key] = $value;
        }

        return $post;
    }

    private static $text = array(
        'text_ping_ok' => 'Connected to "%s" (ledger: %s).',
        'text_ping_unconfigured' => 'Still to do in koppel: %s.',
        'text_ping_ready' => 'Ready.',
        'text_ping_clock' => 'Clock differs %d seconds.',
        'error_ping' => 'No connection: %s',
        'error_ping_unauthorized' => 'Check the keys and the clock.',
        'text_push_sent' => 'Sent (%s, version %d).',
        'text_push_refused' => 'Refused: %s',
        'text_push_waiting' => 'Will be sent later: %s',
        'text_push_behind' => 'older first',
    );

    public function testValidFormIsStoredDecoded()
    {
        $post = self::post(array(
            'status' => '1',
            'license' => ' KPL-7Q2MZ-0K4VD-H1T8C-9XW3B ',
            'endpoint' => 'https://koppel.example.nl/',
            'api_key' => 'Koppel!Test#Key(2026)=',
            'vat_custom_field_id' => '1',
        ));

        $this->assertSame(array(), AdminForm::errors($post, ''));
        $this->assertSame(array(
            'module_koppel_status' => 1,
            'module_koppel_license' => 'KPL-7Q2MZ-0K4VD-H1T8C-9XW3B',
            'module_koppel_endpoint' => 'https://koppel.example.nl',
            'module_koppel_api_key' => 'Koppel!Test#Key(2026)=',
            'module_koppel_vat_custom_field_id' => 1,
        ), AdminForm::settings($post, ''));
    }

    public function testEmptyApiKeyFieldKeepsTheStoredKey()
    {
        $post = self::post(array('license' => 'KPL-1', 'endpoint' => 'https://k.example', 'api_key' => ''));

        $this->assertSame(array('api_key' => 'error_api_key_required'), AdminForm::errors($post, ''));
        $this->assertSame(array(), AdminForm::errors($post, 'Stored!Key#123456'));
        $this->assertSame('Stored!Key#123456', AdminForm::settings($post, 'Stored!Key#123456')['module_koppel_api_key']);
    }

    public function testClearMessagesForBadInput()
    {
        $post = self::post(array('license' => '', 'endpoint' => 'http://koppel.example.nl', 'api_key' => 'too short'));

        $this->assertSame(array(
            'license' => 'error_license',
            'endpoint' => 'error_endpoint',
            'api_key' => 'error_api_key',
        ), AdminForm::errors($post, 'Stored!Key#123456'));

        $this->assertSame(array('api_key' => 'error_api_key'), AdminForm::errors(self::post(array(
            'license' => 'KPL-1', 'endpoint' => 'https://k.example', 'api_key' => 'has spaces in it ok?',
        )), ''));
    }

    public function testPingReport()
    {
        $ok = new HttpResponse(200, json_encode(array(
            'connection' => array('name' => 'Demo shop', 'license' => 'KPL-1', 'shop' => 'opencart', 'ledger' => 'moneybird'),
            'unconfigured' => array('settings', 'ledger'),
            'server_time' => 1795000000,
            'protocol' => 1,
        )));

        $this->assertSame(array('ok' => true, 'lines' => array(
            'Connected to "Demo shop" (ledger: moneybird).',
            'Still to do in koppel: settings, ledger.',
        )), AdminForm::pingReport($ok, 1795000010, self::$text));

        $this->assertSame('Clock differs 400 seconds.', AdminForm::pingReport($ok, 1795000400, self::$text)['lines'][2]);

        $this->assertSame(array('ok' => false, 'lines' => array(
            'No connection: HTTP 401 unauthorized',
            'Check the keys and the clock.',
        )), AdminForm::pingReport(new HttpResponse(401, '{"error":{"code":"unauthorized"}}'), 0, self::$text));
    }

    public function testPushReport()
    {
        $sent = (new FlushResult())->withQueueId(7);
        $sent->record(7, new HttpResponse(200, '{"settings":{"result":"updated","version":3}}'));
        $this->assertSame(array('ok' => true, 'message' => 'Sent (updated, version 3).'), AdminForm::pushReport($sent, self::$text));

        $refused = (new FlushResult())->withQueueId(8);
        $refused->record(8, new HttpResponse(422, '{"error":{"code":"invalid_field","message":"is required","field":"currencies"}}'));
        $this->assertSame('Refused: HTTP 422 invalid_field: is required (currencies)', AdminForm::pushReport($refused, self::$text)['message']);

        $waiting = (new FlushResult())->withQueueId(9)->finish(array('pending' => 2), 'HTTP 503 unavailable');
        $this->assertSame('Will be sent later: HTTP 503 unavailable', AdminForm::pushReport($waiting, self::$text)['message']);

        $behind = (new FlushResult())->withQueueId(10)->finish(array('pending' => 120));
        $this->assertSame(array('ok' => false, 'message' => 'Will be sent later: older first'), AdminForm::pushReport($behind, self::$text));
    }
}
