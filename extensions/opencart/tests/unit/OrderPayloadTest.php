<?php
namespace Koppel\Tests;

use Koppel\Extension;
use Koppel\Json;
use Koppel\OrderPayload;
use PHPUnit\Framework\TestCase;

final class OrderPayloadTest extends TestCase
{
    /** The payload as koppel receives it: encoded and decoded again. */
    private static function pushed(array $rows, array $context = array('currency' => 'EUR'))
    {
        $body = Json::encode(array('source' => Extension::source('4.0.2.3'), 'orders' => array(OrderPayload::build($rows, $context))));

        return json_decode($body, true);
    }

    public function orderFiles()
    {
        $cases = array();

        foreach (Fixtures::orderFiles() as $file) {
            $cases[basename($file)] = array($file);
        }

        return $cases;
    }

    public function testEveryOrderFixtureIsFound()
    {
        $names = array_map('basename', Fixtures::orderFiles());

        $this->assertGreaterThanOrEqual(9, count($names));
        $this->assertContains('opencart3-order-1.json', $names);
        $this->assertContains('opencart4-order-1.json', $names);
    }

    /** @dataProvider orderFiles */
    public function testEveryFixtureMatchesTheProtocol($file)
    {
        $rows = Fixtures::rows($file);
        $batch = self::pushed($rows);

        ProtocolAssert::orderBatch($batch);
        $order = $batch['orders'][0];

        // Identity and amounts exactly as OpenCart stores them.
        $this->assertSame((int)$rows['order']['order_id'], $order['order_id']);
        $this->assertCount(count($rows['order_product']), $order['products']);
        foreach ($rows['order_product'] as $i => $product) {
            foreach (array('price', 'total', 'tax') as $column) {
                $this->assertSame($product[$column], $order['products'][$i][$column]);
            }
            $this->assertSame((int)$product['quantity'], $order['products'][$i]['quantity']);
        }
        $this->assertSame(
            array_map(function ($row) {
                return array($row['code'], $row['value'], (int)$row['sort_order']);
            }, $rows['order_total']),
            array_map(function ($row) {
                return array($row['code'], $row['value'], $row['sort_order']);
            }, $order['totals'])
        );

        $totalRow = array_values(array_filter($rows['order_total'], function ($row) {
            return $row['code'] === 'total';
        }))[0];
        $this->assertSame(isset($rows['order']['total']) ? $rows['order']['total'] : $totalRow['value'], $order['total']);

        $lastHistory = end($rows['order_history']);
        $this->assertSame(isset($rows['order']['order_status_id']) ? (int)$rows['order']['order_status_id'] : (int)$lastHistory['order_status_id'], $order['order_status_id']);
        $this->assertGreaterThan(0, $order['order_status_id']);
    }

    public function testOpenCart3OrderOne()
    {
        $order = self::pushed(Fixtures::rows('opencart3-order-1.json'))['orders'][0];

        $this->assertSame(1, $order['order_id']);
        $this->assertSame(0, $order['store_id']);
        $this->assertSame(2, $order['order_status_id']);
        $this->assertSame('40.8469', $order['total']);
        $this->assertSame(0, $order['invoice_no']);
        $this->assertSame('INV-2026-00', $order['invoice_prefix']);
        $this->assertSame('2026-11-22 23:37:28', $order['date_added']);
        $this->assertSame(array('code' => 'EUR', 'value' => '1.00000000'), $order['currency']);
        $this->assertSame(array('code' => 'cod', 'name' => 'Cash On Delivery'), $order['payment_method']);
        $this->assertSame(array('code' => 'flat.flat', 'name' => 'Flat Shipping Rate'), $order['shipping_method']);
        $this->assertSame(array('1' => 'NL123456789B01'), $order['customer']['custom_field']);
        $this->assertSame('De Vries Handel B.V.', $order['payment_address']['company']);
        $this->assertSame('NL', $order['payment_address']['iso_code_2']);
        $this->assertSame(150, $order['payment_address']['country_id']);
        $this->assertSame(2336, $order['payment_address']['zone_id']);
        $this->assertArrayNotHasKey('custom_field', $order['payment_address'], '"[]" means none');
        $this->assertSame(array('iPod Shuffle', 'iPhone'), array_column($order['products'], 'name'));
        $this->assertSame(array('0.4120', '1.7269'), array_column($order['products'], 'tax'));
        $this->assertSame(array(), $order['products'][0]['options']);
        $this->assertSame(array('sub_total', 'shipping', 'coupon', 'tax', 'tax', 'total'), array_column($order['totals'], 'code'));
        $this->assertSame(array('33.8253', '4.1322', '-3.3825', '5.5303', '0.7416', '40.8469'), array_column($order['totals'], 'value'));
        $this->assertSame(array('Sub-Total', 'Flat Shipping Rate', 'Coupon (2222)', 'BTW 21%', 'BTW 9%', 'Total'), array_column($order['totals'], 'title'));
        $this->assertArrayNotHasKey('extension', $order['totals'][0], '3.0 has no order_total.extension');
        $this->assertSame(array(1, 2), array_column($order['history'], 'order_status_id'));
        $this->assertSame('status change via API', $order['history'][1]['comment']);
        $this->assertSame('test order (nl) via catalog API', $order['comment']);
    }

    public function testAmountsAreJsonStringsAndIdsJsonIntegers()
    {
        $body = Json::encode(array('orders' => array(OrderPayload::build(Fixtures::rows('opencart3-order-1.json')))));

        $this->assertStringContainsString('"order_id":1,', $body);
        $this->assertStringContainsString('"total":"40.8469"', $body);
        $this->assertStringContainsString('"value":"-3.3825"', $body);
        $this->assertStringContainsString('"custom_field":{"1":"NL123456789B01"}', $body);
        $this->assertStringContainsString('"store_url":"http://127.0.0.1:8089/"', $body, 'slashes unescaped');
    }

    public function testOpenCart3ForeignCurrencyKeepsItsFactor()
    {
        $order = self::pushed(Fixtures::rows('opencart3-order-2.json'))['orders'][0];

        $this->assertSame(array('code' => 'GBP', 'value' => '0.78065260'), $order['currency']);
        $this->assertArrayNotHasKey('custom_field', $order['customer'], '"[]" is PHP\'s empty array');
        $this->assertSame('GB', $order['shipping_address']['iso_code_2']);
        $this->assertSame(600, $order['products'][1]['reward']);
        $this->assertSame('620.8264', $order['total']);
    }

    public function testOpenCart4OrderOne()
    {
        $order = self::pushed(Fixtures::rows('opencart4-order-1.json'), array('currency' => 'EUR', 'timezone' => 'Europe/Amsterdam'))['orders'][0];

        $this->assertSame(1, $order['order_id']);
        $this->assertArrayHasKey('payment_address', $order, 'present, as null');
        $this->assertNull($order['payment_address']);
        $this->assertSame('NL', $order['shipping_address']['iso_code_2']);
        $this->assertSame('De Vries Handel B.V.', $order['shipping_address']['company']);
        $this->assertSame(array('code' => 'cod.cod', 'name' => 'Cash On Delivery'), $order['payment_method']);
        $this->assertSame(0, $order['products'][0]['master_id']);
        $this->assertSame('opencart', $order['totals'][0]['extension']);
        $this->assertSame('Europe/Amsterdam', $order['timezone']);
        // This export lacks header columns: status from the last history row, total from the
        // total row, dates from history, currency the store default.
        $this->assertSame(2, $order['order_status_id']);
        $this->assertSame('40.8469', $order['total']);
        $this->assertSame('2026-11-22 23:37:46', $order['date_added']);
        $this->assertSame('2026-11-22 23:37:46', $order['date_modified']);
        $this->assertSame(array('code' => 'EUR', 'value' => '1.00000000'), $order['currency']);
        $this->assertArrayNotHasKey('shipping_method', $order);
    }

    public function testOpenCart4DatesComeFromHistory()
    {
        $order = self::pushed(Fixtures::rows('opencart4-order-3.json'))['orders'][0];

        $this->assertSame('2026-11-22 23:39:01', $order['date_added']);
        $this->assertSame('2026-11-22 23:39:17', $order['date_modified']);
        $this->assertSame(3, $order['order_status_id']);
    }

    public function testOpenCart402ShippingMethodJsonKeepsItsTaxClass()
    {
        $rows = Fixtures::rows('opencart4-order-1.json');
        $rows['order']['shipping_method'] = '{"code":"flat.flat","name":"Flat Shipping Rate","cost":"4.1322","tax_class_id":"9","text":"5.00\u20ac"}';

        $order = self::pushed($rows)['orders'][0];

        $this->assertSame(array('code' => 'flat.flat', 'name' => 'Flat Shipping Rate', 'tax_class_id' => 9), $order['shipping_method']);
    }

    public function testDecodesOpenCartsHtmlEscapingOnce()
    {
        $rows = Fixtures::rows('opencart3-order-1.json');
        $rows['order']['lastname'] = 'O&#039;Brien &amp; Zn &lt;b&gt;';
        $rows['order']['payment_company'] = '&quot;Café&quot;';
        $rows['order']['comment'] = 'Tom &amp;amp; Jerry';
        $rows['order_product'][0]['name'] = 'Fish &amp; Chips';

        $order = self::pushed($rows)['orders'][0];

        $this->assertSame("O'Brien & Zn <b>", $order['customer']['lastname']);
        $this->assertSame('"Café"', $order['payment_address']['company']);
        $this->assertSame('Tom &amp; Jerry', $order['comment'], 'decoded once, not twice');
        $this->assertSame('Fish & Chips', $order['products'][0]['name']);
    }

    public function testOptionsVouchersAndCheckboxCustomFields()
    {
        $rows = Fixtures::rows('opencart3-order-1.json');
        $rows['order']['custom_field'] = '{"1":"NL123456789B01","3":["4","5"]}';
        $rows['order_option'] = array(array(
            'order_option_id' => '1', 'order_id' => '1', 'order_product_id' => '2', 'product_option_id' => '226',
            'product_option_value_id' => '15', 'name' => 'Select', 'value' => 'Red &amp; Blue', 'type' => 'select',
        ));
        $rows['order_voucher'] = array(array(
            'order_voucher_id' => '1', 'order_id' => '1', 'voucher_id' => '1', 'description' => '€10 Gift Certificate for Ann',
            'code' => 'GIFT10', 'amount' => '10.0000',
        ));

        $order = self::pushed($rows)['orders'][0];

        $this->assertSame(array('1' => 'NL123456789B01', '3' => array('4', '5')), $order['customer']['custom_field']);
        $this->assertSame(array(), $order['products'][0]['options']);
        $this->assertSame(array(array(
            'product_option_id' => 226, 'product_option_value_id' => 15, 'name' => 'Select', 'value' => 'Red & Blue', 'type' => 'select',
        )), $order['products'][1]['options']);
        $this->assertSame(array(array('code' => 'GIFT10', 'description' => '€10 Gift Certificate for Ann', 'amount' => '10.0000')), $order['vouchers']);
        ProtocolAssert::order($order);
    }

    /**
     * OpenCart 4.0.2.3's storefront: a guest's fields grouped by location, a logged-in
     * customer's as a JSON string holding the object (Tests/Fixtures/opencart/corpus,
     * storefront-guest and storefront-reward-points-and-credit). Both give the fields they hold.
     */
    public function testOpenCart4StorefrontCustomFieldShapes()
    {
        $rows = Fixtures::rows('opencart4-order-1.json');
        $shapes = array(
            '{"account":{"1":""}}' => array('1' => ''),
            '"{\\"1\\":\\"\\"}"' => array('1' => ''),
            ' "{\\"1\\":\\"NL123456789B01\\"}" ' => array('1' => 'NL123456789B01'),
            '{"address":{"1":"NL000099998B57"},"account":{"1":"NL123456789B01","3":["4","5"]}}' => array('1' => 'NL123456789B01', '3' => array('4', '5')),
            '{"1":"NL123456789B01","account":{"1":"NL000099998B57"}}' => array('1' => 'NL123456789B01'),
        );

        foreach ($shapes as $column => $fields) {
            $rows['order']['custom_field'] = $column;
            $order = self::pushed($rows)['orders'][0];

            $this->assertSame($fields, $order['customer']['custom_field'], $column);
            ProtocolAssert::order($order);
        }
    }

    /** The constructed fixtures: gift vouchers sold, part of the sub-total. */
    public function testGiftVouchersSoldAreSent()
    {
        $order = self::pushed(Fixtures::rows('opencart3-order-gift-voucher.json'))['orders'][0];

        $this->assertSame(array(array('code' => 'Xk3Rq9TbLm', 'description' => '25.00€ Gift Certificate for Joost', 'amount' => '25.0000')), $order['vouchers']);
        $this->assertSame('46.0242', $order['totals'][0]['value'], 'sub_total holds the voucher');
        $this->assertSame("O'Neill", $order['customer']['lastname']);
        $this->assertSame('Betaald & cadeaubon verstuurd', $order['history'][1]['comment']);
        $this->assertSame(array('1' => 'NL000099998B57'), $order['customer']['custom_field']);

        $order = self::pushed(Fixtures::rows('opencart4-order-gift-voucher.json'))['orders'][0];

        $this->assertSame('50.0000', $order['vouchers'][0]['amount']);
        $this->assertSame(array('code' => 'flat.flat', 'name' => 'Flat Shipping Rate', 'tax_class_id' => 9), $order['shipping_method']);
        $this->assertSame('De Vries Handel B.V.', $order['payment_address']['company']);
        $this->assertSame('en-gb', $order['language_code']);
        $this->assertSame(array('code' => 'EUR', 'value' => '1.00000000'), $order['currency']);
        $this->assertSame('64.9499', $order['total']);
    }

    public function testOrderWithoutShippingHasNoShippingAddress()
    {
        $rows = Fixtures::rows('opencart3-order-1.json');
        foreach ($rows['order'] as $column => $value) {
            if (strpos($column, 'shipping_') === 0) {
                $rows['order'][$column] = strpos($column, '_id') !== false ? '0' : '';
            }
        }

        $order = self::pushed($rows)['orders'][0];

        $this->assertArrayHasKey('shipping_address', $order);
        $this->assertNull($order['shipping_address']);
        $this->assertArrayNotHasKey('shipping_method', $order);
        ProtocolAssert::order($order);
    }

    public function testRefusesRowsWithoutOrderId()
    {
        $rows = Fixtures::rows('opencart3-order-1.json');
        unset($rows['order']['order_id']);

        $this->expectException(\InvalidArgumentException::class);
        $this->expectExceptionMessage('order_id');
        OrderPayload::build($rows);
    }
}
