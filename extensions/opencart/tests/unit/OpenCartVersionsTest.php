<?php
namespace Koppel\Tests;

use Koppel\OpenCart;
use PHPUnit\Framework\TestCase;

/**
 * Trigger and action names per OpenCart version, as the versions' own event engines and
 * loaders name them (system/engine/loader.php, action.php; see README.md).
 */
final class OpenCartVersionsTest extends TestCase
{
    public function versions()
    {
        return array(
            '3.0.3.9' => array('3.0.3.9', 'catalog/model/checkout/order/addOrderHistory/after', 'extension/module/koppel/orderHistory', 'admin/model/localisation/tax_rate/editTaxRate/after', 'extension/module/koppel/settingsChanged'),
            '3.0.4.1' => array('3.0.4.1', 'catalog/model/checkout/order/addOrderHistory/after', 'extension/module/koppel/orderHistory', 'admin/model/localisation/tax_rate/editTaxRate/after', 'extension/module/koppel/settingsChanged'),
            '4.0.0.0' => array('4.0.0.0', 'catalog/model/checkout/order/addHistory/after', 'extension/koppel/module/koppel|orderHistory', 'admin/model/localisation/tax_rate/editTaxRate/after', 'extension/koppel/module/koppel|settingsChanged'),
            '4.0.1.1' => array('4.0.1.1', 'catalog/model/checkout/order/addHistory/after', 'extension/koppel/module/koppel|orderHistory', 'admin/model/localisation/tax_rate/editTaxRate/after', 'extension/koppel/module/koppel|settingsChanged'),
            '4.0.2.0' => array('4.0.2.0', 'catalog/model/checkout/order/addHistory/after', 'extension/koppel/module/koppel.orderHistory', 'admin/model/localisation/tax_rate/editTaxRate/after', 'extension/koppel/module/koppel.settingsChanged'),
            '4.0.2.3' => array('4.0.2.3', 'catalog/model/checkout/order/addHistory/after', 'extension/koppel/module/koppel.orderHistory', 'admin/model/localisation/tax_rate/editTaxRate/after', 'extension/koppel/module/koppel.settingsChanged'),
            '4.1.0.0' => array('4.1.0.0', 'catalog/model/checkout/order.addHistory/after', 'extension/koppel/module/koppel.orderHistory', 'admin/model/localisation/tax_rate.editTaxRate/after', 'extension/koppel/module/koppel.settingsChanged'),
            '4.1.0.4' => array('4.1.0.4', 'catalog/model/checkout/order.addHistory/after', 'extension/koppel/module/koppel.orderHistory', 'admin/model/localisation/tax_rate.editTaxRate/after', 'extension/koppel/module/koppel.settingsChanged'),
        );
    }

    public function testVersionFromIndexPhp()
    {
        $this->assertSame('4.0.2.3', OpenCart::versionFromIndex("<?php\n// Version\ndefine('VERSION', '4.0.2.3');\n"));
        $this->assertSame('4.1.0.4', OpenCart::versionFromIndex('<?php define("VERSION", "4.1.0.4");'));
        $this->assertNull(OpenCart::versionFromIndex("<?php\nrequire_once('config.php');\n"));
        $this->assertNull(OpenCart::versionFromIndex(''));
    }

    /** @dataProvider versions */
    public function testEventsPerVersion($version, $orderTrigger, $orderAction, $taxRateTrigger, $settingsAction)
    {
        $events = OpenCart::events($version);
        $byTrigger = array_column($events, 'action', 'trigger');

        $this->assertSame($orderTrigger, $events[0]['trigger']);
        $this->assertSame($orderAction, $events[0]['action']);
        $this->assertSame($settingsAction, $byTrigger[$taxRateTrigger]);
        $this->assertCount(count($events), $byTrigger, 'no trigger twice');

        foreach ($events as $event) {
            $this->assertSame('koppel', $event['code']);
            $this->assertSame(1, $event['status']);
            $this->assertNotSame('', $event['description']);
            $this->assertMatchesRegularExpression('#^(admin|catalog)/model/[a-z_/]+[./][a-zA-Z]+/after$#', $event['trigger']);
        }
    }

    public function testSettingsArePushedAfterTaxOrderStatusAndPaymentChanges()
    {
        $triggers = array_column(OpenCart::events('3.0.4.1'), 'trigger');

        foreach (array(
            'admin/model/localisation/tax_rate/addTaxRate/after',
            'admin/model/localisation/tax_rate/deleteTaxRate/after',
            'admin/model/localisation/tax_class/editTaxClass/after',
            'admin/model/localisation/order_status/editOrderStatus/after',
            'admin/model/setting/extension/install/after',
            'admin/model/setting/setting/editSetting/after',
        ) as $trigger) {
            $this->assertContains($trigger, $triggers);
        }

        $this->assertContains('admin/model/localisation/order_status.addOrderStatus/after', array_column(OpenCart::events('4.1.0.4'), 'trigger'));
    }

    public function testCron()
    {
        $this->assertNull(OpenCart::cron('3.0.4.1'));
        $this->assertSame('extension/koppel/module/koppel|cron', OpenCart::cron('4.0.1.1')['action']);
        $this->assertTrue(OpenCart::cronRunsInAdmin('4.0.1.1'));
        $this->assertSame('extension/koppel/module/koppel.cron', OpenCart::cron('4.0.2.3')['action']);
        $this->assertFalse(OpenCart::cronRunsInAdmin('4.0.2.3'));
        $this->assertSame('hour', OpenCart::cron('4.1.0.4')['cycle']);
    }

    public function testVersionSwitches()
    {
        $this->assertSame('extension/module/koppel/retry', OpenCart::route('3.0.4.1', 'retry'));
        $this->assertSame('extension/koppel/module/koppel.retry', OpenCart::route('4.0.2.3', 'retry'));
        $this->assertSame('extension/koppel/module/koppel', OpenCart::route('4.1.0.4'));
        $this->assertFalse(OpenCart::addEventTakesArray('4.0.0.0'));
        $this->assertTrue(OpenCart::addEventTakesArray('4.0.1.0'));
        $this->assertTrue(OpenCart::hasOrderVouchers('4.0.2.3'));
        $this->assertFalse(OpenCart::hasOrderVouchers('4.1.0.0'));
    }
}
