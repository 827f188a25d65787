<?php
namespace Koppel\Tests;

use Koppel\OrderPayload;
use Koppel\OrderReader;
use Koppel\SettingsPayload;
use Koppel\SettingsReader;
use PHPUnit\Framework\TestCase;

/**
 * The readers' SQL against the fixture rows loaded into OpenCart-shaped tables: what they read
 * must give the same push as the exported rows.
 */
final class ReaderTest extends TestCase
{
    public function orderFiles()
    {
        $cases = array();

        foreach (Fixtures::orderFiles() as $file) {
            $cases[basename($file)] = array($file);
        }

        return $cases;
    }

    /** @dataProvider orderFiles */
    public function testOrderReaderGivesTheSamePush($file)
    {
        $rows = Fixtures::rows($file);
        $db = new SqliteDb();
        FixtureDb::loadOrder($db, $rows);
        $orderId = (int)$rows['order']['order_id'];

        $read = (new OrderReader($db, 'oc_'))->read($orderId);

        $this->assertSame($rows['payment_iso_code_2'], $read['payment_iso_code_2']);
        $this->assertSame($rows['shipping_iso_code_2'], $read['shipping_iso_code_2']);
        $this->assertEquals(
            OrderPayload::build($rows, array('currency' => 'EUR')),
            OrderPayload::build($read, array('currency' => 'EUR'))
        );
        $this->assertNull((new OrderReader($db, 'oc_'))->read($orderId + 1000));
    }

    public function testOrderReaderSkipsVouchersWhenTheTableIsGone()
    {
        $rows = Fixtures::rows('opencart4-order-1.json');
        $db = new SqliteDb();
        FixtureDb::loadOrder($db, $rows);

        $read = (new OrderReader($db, 'oc_', false))->read(1);

        $this->assertArrayNotHasKey('order_voucher', $read);
        foreach ($db->queries as $sql) {
            $this->assertStringNotContainsString('order_voucher', $sql);
        }
    }

    public function settingsFiles()
    {
        $cases = array();

        foreach (Fixtures::settingsFiles() as $file) {
            $cases[basename($file)] = array($file);
        }

        return $cases;
    }

    /** @dataProvider settingsFiles */
    public function testSettingsReaderGivesTheSamePush($file)
    {
        $rows = Fixtures::rows($file);
        $db = new SqliteDb();
        FixtureDb::loadSettings($db, $rows);

        $read = (new SettingsReader($db, 'oc_'))->read(1);
        $context = array('version' => '4.0.2.3', 'method_names' => Fixtures::methodNames());

        $this->assertEquals(SettingsPayload::build($rows, $context), SettingsPayload::build($read, $context));
        $this->assertSame(array(), array_filter($read['config'], function ($row) {
            return strpos($row['key'], 'module_') === 0;
        }), 'the module\'s own settings (the API key) are not read');
    }
}
