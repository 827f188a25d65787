<?php
namespace Koppel;

/**
 * Reads the configuration rows SettingsPayload takes from OpenCart's tables (3.0 and 4.x).
 * $db is OpenCart's database object: query($sql) with `row` / `rows`, and escape($value).
 */
final class SettingsReader
{
    private $db;
    private $prefix;

    public function __construct($db, $prefix)
    {
        $this->db = $db;
        $this->prefix = (string)$prefix;
    }

    /**
     * @param int $languageId the language of status and custom field names
     */
    public function read($languageId)
    {
        $languageId = (int)$languageId;
        $p = $this->prefix;

        $config = $this->db->query(
            "SELECT `store_id`, `key`, `value`, `serialized` FROM `{$p}setting` WHERE `store_id` = 0 AND (`code` = 'config'"
            . " OR `key` LIKE 'payment_%_status' OR `key` LIKE 'shipping_%_status' OR `key` LIKE 'shipping_%_tax_class_id')"
            . ' ORDER BY `key`'
        )->rows;

        $countryId = 0;

        foreach ($config as $row) {
            if ($row['key'] === 'config_country_id') {
                $countryId = (int)$row['value'];
            }
        }

        return array(
            'config' => $config,
            'country' => $this->db->query("SELECT `country_id`, `iso_code_2` FROM `{$p}country` WHERE `country_id` = " . $countryId)->rows,
            'tax_class' => $this->db->query("SELECT `tax_class_id`, `title` FROM `{$p}tax_class` ORDER BY `tax_class_id`")->rows,
            'tax_rate' => $this->db->query("SELECT `tax_rate_id`, `geo_zone_id`, `name`, `rate`, `type` FROM `{$p}tax_rate` ORDER BY `tax_rate_id`")->rows,
            'tax_rule' => $this->db->query("SELECT `tax_rule_id`, `tax_class_id`, `tax_rate_id`, `based`, `priority` FROM `{$p}tax_rule` ORDER BY `tax_rule_id`")->rows,
            'tax_rate_to_customer_group' => $this->db->query(
                "SELECT `tax_rate_id`, `customer_group_id` FROM `{$p}tax_rate_to_customer_group` ORDER BY `tax_rate_id`, `customer_group_id`"
            )->rows,
            'geo_zone' => $this->db->query("SELECT `geo_zone_id`, `name` FROM `{$p}geo_zone` ORDER BY `geo_zone_id`")->rows,
            'zone_to_geo_zone_countries' => $this->db->query(
                "SELECT z.`geo_zone_id`, z.`country_id`, c.`iso_code_2`, z.`zone_id` FROM `{$p}zone_to_geo_zone` z"
                . " INNER JOIN `{$p}country` c ON (c.`country_id` = z.`country_id`) ORDER BY z.`geo_zone_id`, z.`zone_to_geo_zone_id`"
            )->rows,
            'order_status' => $this->db->query(
                "SELECT `order_status_id`, `language_id`, `name` FROM `{$p}order_status` WHERE `language_id` = " . $languageId . ' ORDER BY `order_status_id`'
            )->rows,
            'payment_extensions' => $this->extensions('payment'),
            'shipping_extensions' => $this->extensions('shipping'),
            'currency' => $this->db->query("SELECT * FROM `{$p}currency` ORDER BY `currency_id`")->rows,
            'store' => $this->db->query("SELECT `store_id`, `name`, `url` FROM `{$p}store` ORDER BY `store_id`")->rows,
            'custom_field' => $this->db->query(
                "SELECT cf.`custom_field_id`, cf.`type`, cf.`location`, cf.`status`, cf.`sort_order`, d.`name` FROM `{$p}custom_field` cf"
                . " LEFT JOIN `{$p}custom_field_description` d ON (d.`custom_field_id` = cf.`custom_field_id` AND d.`language_id` = " . $languageId . ')'
                . ' ORDER BY cf.`custom_field_id`'
            )->rows,
        );
    }

    /** Installed payment or shipping extensions (`extension` rows; 4.x also names the package). */
    private function extensions($type)
    {
        return $this->db->query(
            'SELECT * FROM `' . $this->prefix . "extension` WHERE `type` = '" . $this->db->escape($type) . "' ORDER BY `code`"
        )->rows;
    }
}
