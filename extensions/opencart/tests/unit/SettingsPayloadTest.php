<?php
namespace Koppel\Tests;

use Koppel\Json;
use Koppel\SettingsPayload;
use PHPUnit\Framework\TestCase;

final class SettingsPayloadTest extends TestCase
{
    private static function pushed($file, array $context = array())
    {
        $context += array('version' => '3.0.4.1', 'method_names' => Fixtures::methodNames());

        return json_decode(Json::encode(SettingsPayload::build(Fixtures::rows($file), $context)), true);
    }

    public function settingsFiles()
    {
        $cases = array();

        foreach (Fixtures::settingsFiles() as $file) {
            $cases[basename($file)] = array($file);
        }

        return $cases;
    }

    public function testBothSettingsFixturesAreFound()
    {
        $this->assertSame(
            array('opencart3-settings.json', 'opencart4-settings.json'),
            array_map('basename', Fixtures::settingsFiles())
        );
    }

    /** @dataProvider settingsFiles */
    public function testEverySettingsFixtureMatchesTheProtocol($file)
    {
        $rows = Fixtures::rows($file);
        $settings = self::pushed($file);

        ProtocolAssert::settings($settings);

        $this->assertSame(array('platform' => 'opencart', 'version' => '3.0.4.1', 'extension_version' => '1.0.0'), $settings['source']);
        $this->assertSame(
            array('name' => 'Your Store', 'currency' => 'EUR', 'timezone' => 'UTC', 'country_iso_code_2' => 'GB', 'language' => 'en-gb'),
            $settings['store']
        );
        $this->assertSame(array(9, 10, 11), array_column($settings['tax_classes'], 'tax_class_id'));
        $this->assertSame('Laag tarief (9%)', $settings['tax_classes'][2]['title']);
        $this->assertCount(count($rows['tax_rate']), $settings['tax_rates']);
        $this->assertContains(
            array('tax_rate_id' => 88, 'geo_zone_id' => 5, 'name' => 'BTW 21%', 'rate' => '21.0000', 'type' => 'P', 'customer_group_ids' => array(1)),
            $settings['tax_rates']
        );
        $this->assertContains(
            array('tax_rate_id' => 87, 'geo_zone_id' => 3, 'name' => 'Eco Tax (-2.00)', 'rate' => '2.0000', 'type' => 'F', 'customer_group_ids' => array(1)),
            $settings['tax_rates']
        );
        $this->assertContains(
            array('tax_rule_id' => 129, 'tax_class_id' => 9, 'tax_rate_id' => 88, 'based' => 'shipping', 'priority' => 1),
            $settings['tax_rules']
        );
        $this->assertCount(6, $settings['tax_rules']);

        $zones = array_column($settings['geo_zones'], null, 'geo_zone_id');
        $this->assertSame('Nederland (BTW)', $zones[5]['name']);
        $this->assertSame(array(array('country_id' => 150, 'iso_code_2' => 'NL', 'zone_id' => 0)), $zones[5]['zones']);
        $this->assertSame(count($rows['zone_to_geo_zone_countries']), array_sum(array_map(function ($zone) {
            return count($zone['zones']);
        }, $settings['geo_zones'])));

        $this->assertCount(14, $settings['order_statuses']);
        $this->assertContains(array('order_status_id' => 2, 'name' => 'Processing'), $settings['order_statuses']);
        $this->assertSame(array(5, 1, 2, 12, 3), $settings['processing_status_ids']);
        $this->assertSame(array(5, 3), $settings['complete_status_ids']);

        $this->assertSame(array(
            array('code' => 'cod', 'name' => 'Cash On Delivery', 'enabled' => true),
            array('code' => 'free_checkout', 'name' => 'Free Checkout', 'enabled' => true),
        ), $settings['payment_methods']);
        $this->assertSame(array(array('code' => 'flat', 'name' => 'Flat Rate', 'enabled' => true, 'tax_class_id' => 9)), $settings['shipping_methods']);

        $this->assertCount(count($rows['currency']), $settings['currencies']);
        $this->assertSame(array('code' => 'EUR', 'title' => 'Euro', 'value' => '1.00000000', 'decimal_place' => 2, 'enabled' => true), $settings['currencies'][2]);
        $this->assertSame(array(), $settings['stores']);
        $this->assertSame(array('custom_field_id' => 1, 'name' => 'VAT number', 'location' => 'account', 'type' => 'text', 'enabled' => true), $settings['custom_fields'][0]);
    }

    public function testOpenCart4CustomFieldNamesAreDecodedAndDisabledOnesKept()
    {
        $settings = self::pushed('opencart4-settings.json', array('version' => '4.0.2.3'));
        $fields = array_column($settings['custom_fields'], null, 'custom_field_id');

        $this->assertCount(27, $fields);
        $this->assertSame('Date & Time', $fields[9]['name']);
        $this->assertFalse($fields[2]['enabled']);
        $this->assertFalse($settings['currencies'][3]['enabled']);
        $this->assertSame('4.0.2.3', $settings['source']['version']);
    }

    public function testContextAddsStoreUrlAndVatField()
    {
        $settings = self::pushed('opencart3-settings.json', array('store_url' => 'https://shop.example.nl/', 'vat_custom_field_id' => '1'));

        $this->assertSame('https://shop.example.nl/', $settings['store']['url']);
        $this->assertSame(1, $settings['vat_custom_field_id']);
    }

    public function testMethodNamesFallBackToTheCodeAndStatusComesFromConfig()
    {
        $rows = Fixtures::rows('opencart3-settings.json');
        $rows['payment_extensions'] = array(array('extension_id' => '30', 'type' => 'payment', 'code' => 'bank_transfer'));
        $rows['config'][] = array('store_id' => '0', 'key' => 'payment_bank_transfer_status', 'value' => '0', 'serialized' => '0');
        $rows['shipping_extensions'] = array(array('extension_id' => '31', 'type' => 'shipping', 'code' => 'flat'));
        $rows['config'][] = array('store_id' => '0', 'key' => 'shipping_flat_status', 'value' => '1', 'serialized' => '0');
        $rows['store'] = array(array('store_id' => '1', 'name' => 'Tweede &amp; winkel', 'url' => 'https://two.example.nl/'));

        $settings = SettingsPayload::build($rows, array('version' => '3.0.4.1'));

        $this->assertSame(array(array('code' => 'bank_transfer', 'name' => 'bank_transfer', 'enabled' => false)), $settings['payment_methods']);
        $this->assertSame(array(array('code' => 'flat', 'name' => 'flat', 'enabled' => true, 'tax_class_id' => 9)), $settings['shipping_methods']);
        $this->assertSame(array(array('store_id' => 1, 'name' => 'Tweede & winkel', 'url' => 'https://two.example.nl/')), $settings['stores']);
    }
}
