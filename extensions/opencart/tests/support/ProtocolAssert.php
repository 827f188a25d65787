<?php
namespace Koppel\Tests;

use PHPUnit\Framework\Assert;

/**
 * Checks JSON values (decoded as arrays) against docs/protocol.md: required fields, types,
 * amounts as decimal strings, dates, codes. Each failure names the field.
 */
final class ProtocolAssert
{
    const AMOUNT = '/^-?[0-9]{1,11}(\.[0-9]{1,4})?$/';
    const DATE = '/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/';
    const CODE = '/^[a-z0-9_.]{1,128}$/';

    public static function orderBatch(array $batch)
    {
        Assert::assertArrayHasKey('orders', $batch);
        Assert::assertIsArray($batch['orders']);
        Assert::assertGreaterThanOrEqual(1, count($batch['orders']));
        Assert::assertLessThanOrEqual(500, count($batch['orders']));

        if (isset($batch['source'])) {
            self::source($batch['source'], 'source');
        }

        foreach ($batch['orders'] as $i => $order) {
            self::order($order, "orders[$i]");
        }
    }

    public static function order(array $o, $path = 'order')
    {
        self::int($o, 'order_id', $path, 1);
        self::int($o, 'store_id', $path, 0);
        self::optionalString($o, 'store_name', $path);
        self::optionalString($o, 'store_url', $path);
        self::optionalString($o, 'invoice_prefix', $path);
        self::optionalInt($o, 'invoice_no', $path);
        self::int($o, 'order_status_id', $path, 0);
        self::matches($o, 'date_added', self::DATE, $path);
        self::matches($o, 'date_modified', self::DATE, $path);
        self::optionalString($o, 'timezone', $path);
        self::optionalString($o, 'language_code', $path);

        self::object($o, 'currency', $path);
        self::matches($o['currency'], 'code', '/^[A-Z]{3}$/', "$path.currency");
        self::matches($o['currency'], 'value', '/^[0-9]{1,7}(\.[0-9]{1,8})?$/', "$path.currency");

        self::object($o, 'customer', $path);
        $c = $o['customer'];
        self::int($c, 'customer_id', "$path.customer", 0);
        self::int($c, 'customer_group_id', "$path.customer", 0);
        foreach (array('firstname', 'lastname', 'email') as $field) {
            self::string($c, $field, "$path.customer");
        }
        self::optionalString($c, 'telephone', "$path.customer");
        self::customFields($c, "$path.customer");

        foreach (array('payment_address', 'shipping_address') as $field) {
            if (isset($o[$field])) {
                self::address($o[$field], "$path.$field");
            }
        }

        self::object($o, 'payment_method', $path);
        self::method($o['payment_method'], "$path.payment_method");

        if (isset($o['shipping_method'])) {
            self::method($o['shipping_method'], "$path.shipping_method");
        }

        self::list_($o, 'products', $path, 0, 1000);
        foreach ($o['products'] as $i => $p) {
            self::product($p, "$path.products[$i]");
        }

        if (isset($o['vouchers'])) {
            self::list_($o, 'vouchers', $path, 0, 100);
            foreach ($o['vouchers'] as $i => $v) {
                self::string($v, 'code', "$path.vouchers[$i]");
                self::string($v, 'description', "$path.vouchers[$i]");
                self::amount($v, 'amount', "$path.vouchers[$i]", false);
            }
        }

        self::list_($o, 'totals', $path, 1, 100);
        $codes = array();
        foreach ($o['totals'] as $i => $t) {
            self::matches($t, 'code', self::CODE, "$path.totals[$i]");
            self::string($t, 'title', "$path.totals[$i]");
            self::amount($t, 'value', "$path.totals[$i]", true);
            self::int($t, 'sort_order', "$path.totals[$i]", -1000000);
            self::optionalString($t, 'extension', "$path.totals[$i]");
            $codes[] = $t['code'];
        }
        Assert::assertContains('total', $codes, "$path.totals must contain the row with code \"total\"");

        self::amount($o, 'total', $path, true);
        self::optionalString($o, 'comment', $path);

        if (isset($o['history'])) {
            self::list_($o, 'history', $path, 0, 1000);
            foreach ($o['history'] as $i => $h) {
                self::int($h, 'order_status_id', "$path.history[$i]", 0);
                self::matches($h, 'date_added', self::DATE, "$path.history[$i]");
                self::optionalString($h, 'comment', "$path.history[$i]");
            }
        }
    }

    public static function settings(array $s)
    {
        if (isset($s['source'])) {
            self::source($s['source'], 'source');
        }

        self::object($s, 'store', 'settings');
        self::string($s['store'], 'name', 'store');
        self::matches($s['store'], 'currency', '/^[A-Z]{3}$/', 'store');
        self::optionalString($s['store'], 'url', 'store');
        self::optionalString($s['store'], 'timezone', 'store');
        self::optionalString($s['store'], 'language', 'store');
        if (isset($s['store']['country_iso_code_2'])) {
            self::matches($s['store'], 'country_iso_code_2', '/^[A-Z]{2}$/', 'store');
        }

        self::idList($s, 'tax_classes', 'tax_class_id', function ($item, $path) {
            self::string($item, 'title', $path);
        });
        self::idList($s, 'tax_rates', 'tax_rate_id', function ($item, $path) {
            self::int($item, 'geo_zone_id', $path, 0);
            self::string($item, 'name', $path);
            self::amount($item, 'rate', $path, false);
            Assert::assertContains($item['type'], array('P', 'F'), "$path.type");
            if (isset($item['customer_group_ids'])) {
                foreach ($item['customer_group_ids'] as $id) {
                    Assert::assertIsInt($id, "$path.customer_group_ids");
                }
            }
        });
        self::idList($s, 'tax_rules', 'tax_rule_id', function ($item, $path) {
            self::int($item, 'tax_class_id', $path, 0);
            self::int($item, 'tax_rate_id', $path, 0);
            Assert::assertContains($item['based'], array('shipping', 'payment', 'store'), "$path.based");
            self::int($item, 'priority', $path, 0);
        });
        self::idList($s, 'geo_zones', 'geo_zone_id', function ($item, $path) {
            self::string($item, 'name', $path);
            self::list_($item, 'zones', $path, 0, 10000);
            foreach ($item['zones'] as $i => $zone) {
                self::int($zone, 'country_id', "$path.zones[$i]", 0);
                self::matches($zone, 'iso_code_2', '/^[A-Z]{2}$/', "$path.zones[$i]");
                self::int($zone, 'zone_id', "$path.zones[$i]", 0);
            }
        });
        self::idList($s, 'order_statuses', 'order_status_id', function ($item, $path) {
            self::string($item, 'name', $path);
        });
        foreach (array('processing_status_ids', 'complete_status_ids') as $field) {
            if (isset($s[$field])) {
                foreach ($s[$field] as $id) {
                    Assert::assertIsInt($id, $field);
                }
            }
        }
        foreach (array('payment_methods', 'shipping_methods') as $field) {
            if ($field === 'payment_methods' || isset($s[$field])) {
                self::list_($s, $field, 'settings', 0, 1000);
                $codes = array();
                foreach ($s[$field] as $i => $m) {
                    self::matches($m, 'code', self::CODE, "{$field}[$i]");
                    self::string($m, 'name', "{$field}[$i]");
                    Assert::assertIsBool($m['enabled'], "{$field}[$i].enabled");
                    self::optionalInt($m, 'tax_class_id', "{$field}[$i]");
                    $codes[] = $m['code'];
                }
                Assert::assertSame(array_values(array_unique($codes)), $codes, "$field codes must be unique");
            }
        }
        self::list_($s, 'currencies', 'settings', 1, 1000);
        foreach ($s['currencies'] as $i => $currency) {
            self::matches($currency, 'code', '/^[A-Z]{3}$/', "currencies[$i]");
            self::string($currency, 'title', "currencies[$i]");
            self::matches($currency, 'value', '/^[0-9]{1,7}(\.[0-9]{1,8})?$/', "currencies[$i]");
            self::int($currency, 'decimal_place', "currencies[$i]", 0);
            Assert::assertIsBool($currency['enabled'], "currencies[$i].enabled");
        }
        if (isset($s['stores'])) {
            self::idList($s, 'stores', 'store_id', function ($item, $path) {
                Assert::assertGreaterThan(0, $item['store_id'], "$path: store 0 is described by store");
                self::string($item, 'name', $path);
                self::string($item, 'url', $path);
            });
        }
        if (isset($s['custom_fields'])) {
            self::idList($s, 'custom_fields', 'custom_field_id', function ($item, $path) {
                self::string($item, 'name', $path);
                self::string($item, 'location', $path);
                self::string($item, 'type', $path);
                Assert::assertIsBool($item['enabled'], "$path.enabled");
            });
        }
    }

    private static function source(array $source, $path)
    {
        self::string($source, 'platform', $path);
        self::optionalString($source, 'version', $path);
        self::optionalString($source, 'extension_version', $path);
    }

    private static function address(array $a, $path)
    {
        foreach (array('firstname', 'lastname', 'address_1', 'city', 'postcode', 'country') as $field) {
            self::string($a, $field, $path);
        }
        foreach (array('company', 'address_2', 'zone') as $field) {
            self::optionalString($a, $field, $path);
        }
        self::int($a, 'country_id', $path, 0);
        self::matches($a, 'iso_code_2', '/^([A-Z]{2})?$/', $path);
        self::optionalInt($a, 'zone_id', $path);
        self::customFields($a, $path);
    }

    private static function method(array $m, $path)
    {
        self::matches($m, 'code', self::CODE, $path);
        self::string($m, 'name', $path);
        self::optionalInt($m, 'tax_class_id', $path);
    }

    private static function product(array $p, $path)
    {
        self::int($p, 'order_product_id', $path, 0);
        self::int($p, 'product_id', $path, 0);
        self::optionalInt($p, 'master_id', $path);
        self::string($p, 'name', $path);
        Assert::assertNotSame('', $p['name'], "$path.name must not be empty");
        self::string($p, 'model', $path);
        self::int($p, 'quantity', $path, 1);
        Assert::assertLessThanOrEqual(1000000, $p['quantity'], "$path.quantity");
        self::amount($p, 'price', $path, false);
        self::amount($p, 'total', $path, false);
        self::amount($p, 'tax', $path, true);
        self::optionalInt($p, 'reward', $path);
        if (isset($p['options'])) {
            foreach ($p['options'] as $i => $option) {
                self::int($option, 'product_option_id', "$path.options[$i]", 0);
                self::int($option, 'product_option_value_id', "$path.options[$i]", 0);
                foreach (array('name', 'value', 'type') as $field) {
                    self::string($option, $field, "$path.options[$i]");
                }
            }
        }
    }

    private static function customFields(array $parent, $path)
    {
        if (!isset($parent['custom_field'])) {
            return;
        }

        Assert::assertIsArray($parent['custom_field'], "$path.custom_field");
        foreach ($parent['custom_field'] as $key => $value) {
            Assert::assertMatchesRegularExpression('/^[0-9]{1,10}$/', (string)$key, "$path.custom_field keys");
            if (is_array($value)) {
                foreach ($value as $item) {
                    Assert::assertIsString($item, "$path.custom_field.$key");
                }
            } else {
                Assert::assertIsString($value, "$path.custom_field.$key");
            }
        }
    }

    private static function idList(array $parent, $field, $idField, callable $check)
    {
        self::list_($parent, $field, 'settings', 0, 10000);
        $ids = array();
        foreach ($parent[$field] as $i => $item) {
            self::int($item, $idField, "{$field}[$i]", 0);
            $ids[] = $item[$idField];
            $check($item, "{$field}[$i]");
        }
        Assert::assertSame(array_values(array_unique($ids)), $ids, "$field ids must be unique");
    }

    private static function list_(array $parent, $field, $path, $min, $max)
    {
        Assert::assertArrayHasKey($field, $parent, "$path.$field is required");
        Assert::assertIsArray($parent[$field], "$path.$field");
        Assert::assertSame(array_values($parent[$field]), $parent[$field], "$path.$field must be a JSON array");
        Assert::assertGreaterThanOrEqual($min, count($parent[$field]), "$path.$field count");
        Assert::assertLessThanOrEqual($max, count($parent[$field]), "$path.$field count");
    }

    private static function object(array $parent, $field, $path)
    {
        Assert::assertArrayHasKey($field, $parent, "$path.$field is required");
        Assert::assertIsArray($parent[$field], "$path.$field must be an object");
    }

    private static function int(array $parent, $field, $path, $min)
    {
        Assert::assertArrayHasKey($field, $parent, "$path.$field is required");
        Assert::assertIsInt($parent[$field], "$path.$field must be a JSON integer");
        Assert::assertGreaterThanOrEqual($min, $parent[$field], "$path.$field");
    }

    private static function optionalInt(array $parent, $field, $path)
    {
        if (isset($parent[$field])) {
            Assert::assertIsInt($parent[$field], "$path.$field must be a JSON integer");
        }
    }

    private static function string(array $parent, $field, $path)
    {
        Assert::assertArrayHasKey($field, $parent, "$path.$field is required");
        Assert::assertIsString($parent[$field], "$path.$field must be a string");
        Assert::assertStringNotContainsString('&amp;', $parent[$field], "$path.$field must be HTML-decoded");
        Assert::assertStringNotContainsString('&#039;', $parent[$field], "$path.$field must be HTML-decoded");
    }

    private static function optionalString(array $parent, $field, $path)
    {
        if (isset($parent[$field])) {
            self::string($parent, $field, $path);
        }
    }

    private static function matches(array $parent, $field, $pattern, $path)
    {
        self::string($parent, $field, $path);
        Assert::assertMatchesRegularExpression($pattern, $parent[$field], "$path.$field");
    }

    private static function amount(array $parent, $field, $path, $allowNegative)
    {
        self::matches($parent, $field, self::AMOUNT, $path);
        if (!$allowNegative) {
            Assert::assertStringStartsNotWith('-', $parent[$field], "$path.$field must not be negative");
        }
    }
}
