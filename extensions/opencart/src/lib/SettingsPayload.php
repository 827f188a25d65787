<?php
namespace Koppel;

/**
 * Turns rows of OpenCart's configuration tables into the body of `POST /api/v1/settings`.
 *
 * $rows (every column a string, as the database driver returns it): `config` (setting rows of
 * store 0: store_id, key, value, serialized), `tax_class`, `tax_rate`, `tax_rule`,
 * `tax_rate_to_customer_group`, `geo_zone`, `zone_to_geo_zone_countries` (geo_zone_id,
 * country_id, iso_code_2, zone_id), `order_status`, `payment_extensions`, optionally
 * `shipping_extensions`, `currency`, `store`, `custom_field` (with its description's name) and
 * `country` (country_id, iso_code_2 of the store's country).
 */
final class SettingsPayload
{
    /**
     * @param array $context `version`: OpenCart's VERSION; `store_url`: the default store's URL;
     *                       `method_names`: ['payment' => [code => name], 'shipping' => [...]]
     *                       from the extensions' language files; `vat_custom_field_id`
     *
     * @return array
     */
    public static function build(array $rows, array $context = array())
    {
        $config = self::config(self::rows($rows, 'config'));
        $names = isset($context['method_names']) && is_array($context['method_names']) ? $context['method_names'] : array();

        $payload = array(
            'source' => Extension::source(isset($context['version']) ? $context['version'] : ''),
            'store' => self::withoutNulls(array(
                'name' => Text::decode(self::value($config, 'config_name')),
                'url' => isset($context['store_url']) && $context['store_url'] !== '' ? (string)$context['store_url'] : null,
                'currency' => self::value($config, 'config_currency'),
                'timezone' => self::value($config, 'config_timezone') !== '' ? self::value($config, 'config_timezone') : null,
                'country_iso_code_2' => self::countryCode($rows, self::value($config, 'config_country_id')),
                'language' => self::value($config, 'config_language') !== '' ? self::value($config, 'config_language') : null,
            )),
            'tax_classes' => self::unique(self::rows($rows, 'tax_class'), 'tax_class_id', function ($row) {
                return array(
                    'tax_class_id' => (int)$row['tax_class_id'],
                    'title' => Text::decode(self::text($row, 'title')),
                );
            }),
            'tax_rates' => self::taxRates($rows),
            'tax_rules' => self::unique(self::rows($rows, 'tax_rule'), 'tax_rule_id', function ($row) {
                return array(
                    'tax_rule_id' => (int)$row['tax_rule_id'],
                    'tax_class_id' => (int)self::text($row, 'tax_class_id'),
                    'tax_rate_id' => (int)self::text($row, 'tax_rate_id'),
                    'based' => self::text($row, 'based'),
                    'priority' => (int)self::text($row, 'priority'),
                );
            }),
            'geo_zones' => self::geoZones($rows),
            'order_statuses' => self::unique(self::rows($rows, 'order_status'), 'order_status_id', function ($row) {
                return array(
                    'order_status_id' => (int)$row['order_status_id'],
                    'name' => Text::decode(self::text($row, 'name')),
                );
            }),
            'processing_status_ids' => self::ids(self::value($config, 'config_processing_status', array())),
            'complete_status_ids' => self::ids(self::value($config, 'config_complete_status', array())),
            'payment_methods' => self::methods(
                self::rows($rows, 'payment_extensions'),
                'payment',
                $config,
                isset($names['payment']) ? $names['payment'] : array()
            ),
            'shipping_methods' => self::methods(
                isset($rows['shipping_extensions']) ? $rows['shipping_extensions'] : self::configuredShipping($config),
                'shipping',
                $config,
                isset($names['shipping']) ? $names['shipping'] : array()
            ),
            'currencies' => self::unique(self::rows($rows, 'currency'), 'code', function ($row) {
                return array(
                    'code' => self::text($row, 'code'),
                    'title' => Text::decode(self::text($row, 'title')),
                    'value' => self::text($row, 'value'),
                    'decimal_place' => (int)self::text($row, 'decimal_place'),
                    'enabled' => (bool)(int)self::text($row, 'status'),
                );
            }),
            'stores' => self::stores(self::rows($rows, 'store')),
            'custom_fields' => self::unique(self::rows($rows, 'custom_field'), 'custom_field_id', function ($row) {
                return array(
                    'custom_field_id' => (int)$row['custom_field_id'],
                    'name' => Text::decode(self::text($row, 'name')),
                    'location' => self::text($row, 'location'),
                    'type' => self::text($row, 'type'),
                    'enabled' => (bool)(int)self::text($row, 'status'),
                );
            }),
        );

        if (!empty($context['vat_custom_field_id'])) {
            $payload['vat_custom_field_id'] = (int)$context['vat_custom_field_id'];
        }

        return $payload;
    }

    /** Setting rows as key => value, serialized (JSON) values decoded. */
    public static function config(array $rows)
    {
        $config = array();

        foreach ($rows as $row) {
            if (isset($row['store_id']) && (int)$row['store_id'] !== 0) {
                continue;
            }

            $value = isset($row['value']) ? $row['value'] : '';

            if (!empty($row['serialized'])) {
                $decoded = json_decode((string)$value, true);
                $value = is_array($decoded) ? $decoded : array();
            }

            $config[(string)$row['key']] = $value;
        }

        return $config;
    }

    private static function taxRates(array $rows)
    {
        $groups = array();

        foreach (self::rows($rows, 'tax_rate_to_customer_group') as $row) {
            $groups[(int)$row['tax_rate_id']][] = (int)$row['customer_group_id'];
        }

        return self::unique(self::rows($rows, 'tax_rate'), 'tax_rate_id', function ($row) use ($groups) {
            $id = (int)$row['tax_rate_id'];
            $ids = isset($groups[$id]) ? array_values(array_unique($groups[$id])) : array();
            sort($ids);

            return array(
                'tax_rate_id' => $id,
                'geo_zone_id' => (int)self::text($row, 'geo_zone_id'),
                'name' => Text::decode(self::text($row, 'name')),
                'rate' => self::text($row, 'rate'),
                'type' => self::text($row, 'type'),
                'customer_group_ids' => $ids,
            );
        });
    }

    private static function geoZones(array $rows)
    {
        $zones = array();

        foreach (self::rows($rows, 'zone_to_geo_zone_countries') as $row) {
            // A zone whose country no longer exists has no ISO code and means nothing.
            if (!preg_match('/^[A-Z]{2}$/D', self::text($row, 'iso_code_2'))) {
                continue;
            }

            $zones[(int)$row['geo_zone_id']][] = array(
                'country_id' => (int)self::text($row, 'country_id'),
                'iso_code_2' => self::text($row, 'iso_code_2'),
                'zone_id' => (int)self::text($row, 'zone_id'),
            );
        }

        return self::unique(self::rows($rows, 'geo_zone'), 'geo_zone_id', function ($row) use ($zones) {
            $id = (int)$row['geo_zone_id'];

            return array(
                'geo_zone_id' => $id,
                'name' => Text::decode(self::text($row, 'name')),
                'zones' => isset($zones[$id]) ? $zones[$id] : array(),
            );
        });
    }

    /**
     * Payment or shipping extensions. `code` is the extension code (`cod`, `flat`); enabled is
     * the row's status or the `<type>_<code>_status` setting; shipping methods carry their
     * `<type>_<code>_tax_class_id`.
     */
    private static function methods(array $rows, $type, array $config, array $names)
    {
        $methods = array();

        foreach ($rows as $row) {
            $code = self::text($row, 'code');

            if (!preg_match('/^[a-z0-9_.]{1,128}$/D', $code) || isset($methods[$code])) {
                continue;
            }

            $status = isset($row['status']) ? $row['status'] : self::value($config, $type . '_' . $code . '_status');
            $method = array(
                'code' => $code,
                'name' => isset($names[$code]) && $names[$code] !== '' ? Text::decode($names[$code]) : $code,
                'enabled' => (bool)(int)$status,
            );

            $taxClass = (int)self::value($config, $type . '_' . $code . '_tax_class_id');

            if ($type === 'shipping' && $taxClass > 0) {
                $method['tax_class_id'] = $taxClass;
            }

            $methods[$code] = $method;
        }

        return array_values($methods);
    }

    /**
     * Exports without the extension table: the shipping methods that have settings
     * (`shipping_flat_tax_class_id` …); enabled unless their status says otherwise.
     */
    private static function configuredShipping(array $config)
    {
        $rows = array();

        foreach ($config as $key => $value) {
            if (preg_match('/^shipping_([a-z0-9_]+)_(status|tax_class_id|cost)$/D', $key, $match) && !isset($rows[$match[1]])) {
                $status = self::value($config, 'shipping_' . $match[1] . '_status', '1');
                $rows[$match[1]] = array('code' => $match[1], 'status' => $status);
            }
        }

        return array_values($rows);
    }

    private static function stores(array $rows)
    {
        $stores = array();

        foreach ($rows as $row) {
            $id = (int)self::text($row, 'store_id');

            if ($id > 0 && !isset($stores[$id])) {
                $stores[$id] = array(
                    'store_id' => $id,
                    'name' => Text::decode(self::text($row, 'name')),
                    'url' => self::text($row, 'url'),
                );
            }
        }

        return array_values($stores);
    }

    private static function countryCode(array $rows, $countryId)
    {
        $candidates = array_merge(self::rows($rows, 'country'), self::rows($rows, 'zone_to_geo_zone_countries'));

        foreach ($candidates as $row) {
            if (self::text($row, 'country_id') === (string)$countryId && preg_match('/^[A-Z]{2}$/D', self::text($row, 'iso_code_2'))) {
                return self::text($row, 'iso_code_2');
            }
        }

        return null;
    }

    private static function ids($values)
    {
        $ids = array();

        foreach ((array)$values as $value) {
            if (is_scalar($value) && preg_match('/^[0-9]+$/D', (string)$value)) {
                $ids[] = (int)$value;
            }
        }

        return array_values(array_unique($ids));
    }

    /** Maps rows, keeping the first row of every id (ids are unique within their list). */
    private static function unique(array $rows, $idColumn, callable $map)
    {
        $result = array();

        foreach ($rows as $row) {
            $id = self::text($row, $idColumn);

            if ($id !== '' && !isset($result[$id])) {
                $result[$id] = $map($row);
            }
        }

        return array_values($result);
    }

    private static function rows(array $rows, $key)
    {
        return isset($rows[$key]) && is_array($rows[$key]) ? $rows[$key] : array();
    }

    private static function value(array $config, $key, $default = '')
    {
        return isset($config[$key]) ? $config[$key] : $default;
    }

    private static function text(array $row, $column)
    {
        return isset($row[$column]) && is_scalar($row[$column]) ? (string)$row[$column] : '';
    }

    private static function withoutNulls(array $values)
    {
        return array_filter($values, function ($value) {
            return $value !== null;
        });
    }
}
