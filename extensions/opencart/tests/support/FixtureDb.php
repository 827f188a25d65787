<?php
namespace Koppel\Tests;

/**
 * Puts fixture rows into OpenCart-shaped tables of a SqliteDb.
 */
final class FixtureDb
{
    public static function loadOrder(SqliteDb $db, array $rows, $prefix = 'oc_')
    {
        $db->fill($prefix . 'order', array($rows['order']));
        $db->fill($prefix . 'order_product', $rows['order_product'], array('order_product_id', 'order_id'));
        $db->fill($prefix . 'order_option', $rows['order_option'], array('order_option_id', 'order_id', 'order_product_id'));
        $db->fill($prefix . 'order_total', $rows['order_total'], array('order_total_id', 'order_id'));
        $db->fill($prefix . 'order_history', $rows['order_history'], array('order_history_id', 'order_id', 'date_added'));
        $db->fill($prefix . 'order_voucher', isset($rows['order_voucher']) ? $rows['order_voucher'] : array(), array('order_voucher_id', 'order_id'));

        $countries = array();
        foreach (array('payment', 'shipping') as $type) {
            $id = isset($rows['order'][$type . '_country_id']) ? $rows['order'][$type . '_country_id'] : '0';
            if ($id !== '0' && $rows[$type . '_iso_code_2'] !== '') {
                $countries[$id] = array('country_id' => $id, 'iso_code_2' => $rows[$type . '_iso_code_2']);
            }
        }
        $db->fill($prefix . 'country', array_values($countries), array('country_id', 'iso_code_2'));
    }

    /** The settings export as OpenCart keeps it: setting, extension, country, tax and custom field tables. */
    public static function loadSettings(SqliteDb $db, array $rows, $prefix = 'oc_')
    {
        $settings = array();
        foreach ($rows['config'] as $row) {
            $settings[] = $row + array('code' => preg_replace('/^(config|shipping_[a-z]+|payment_[a-z_]+?)_.*$/', '$1', $row['key']));
        }
        foreach ($rows['payment_extensions'] as $extension) {
            $settings[] = array('store_id' => '0', 'code' => 'payment_' . $extension['code'], 'key' => 'payment_' . $extension['code'] . '_status', 'value' => $extension['status'], 'serialized' => '0');
        }
        $settings[] = array('store_id' => '0', 'code' => 'shipping_flat', 'key' => 'shipping_flat_status', 'value' => '1', 'serialized' => '0');
        $settings[] = array('store_id' => '0', 'code' => 'module_koppel', 'key' => 'module_koppel_api_key', 'value' => 'not pushed', 'serialized' => '0');
        $db->fill($prefix . 'setting', $settings);

        $extensions = array();
        foreach ($rows['payment_extensions'] as $extension) {
            unset($extension['status']);
            $extensions[] = $extension;
        }
        $extensions[] = array('extension_id' => '99', 'type' => 'shipping', 'code' => 'flat') + (isset($extensions[0]['extension']) ? array('extension' => 'opencart') : array());
        $db->fill($prefix . 'extension', $extensions);

        $countries = array();
        $zones = array();
        foreach ($rows['zone_to_geo_zone_countries'] as $i => $zone) {
            $countries[$zone['country_id']] = array('country_id' => $zone['country_id'], 'iso_code_2' => $zone['iso_code_2']);
            $zones[] = array('zone_to_geo_zone_id' => (string)($i + 1), 'geo_zone_id' => $zone['geo_zone_id'], 'country_id' => $zone['country_id'], 'zone_id' => $zone['zone_id']);
        }
        $db->fill($prefix . 'country', array_values($countries));
        $db->fill($prefix . 'zone_to_geo_zone', $zones);

        foreach (array('tax_class', 'tax_rate', 'tax_rule', 'tax_rate_to_customer_group', 'geo_zone', 'order_status', 'currency') as $table) {
            $db->fill($prefix . $table, $rows[$table]);
        }
        $db->fill($prefix . 'store', $rows['store'], array('store_id', 'name', 'url'));

        $fields = array();
        $descriptions = array();
        foreach ($rows['custom_field'] as $field) {
            $descriptions[] = array('custom_field_id' => $field['custom_field_id'], 'language_id' => '1', 'name' => $field['name']);
            $descriptions[] = array('custom_field_id' => $field['custom_field_id'], 'language_id' => '2', 'name' => 'Andere taal');
            unset($field['name']);
            $fields[] = $field;
        }
        $db->fill($prefix . 'custom_field', $fields);
        $db->fill($prefix . 'custom_field_description', $descriptions);
    }
}
