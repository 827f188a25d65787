<?php
namespace Koppel;

/**
 * Turns an order's rows from OpenCart's tables into the protocol's ORDER object.
 *
 * $rows holds the rows as the database driver returns them (every column a string):
 * `order`, `order_product`, `order_option`, `order_total`, `order_history`, optionally
 * `order_voucher`, and `payment_iso_code_2` / `shipping_iso_code_2` from `country`.
 * Amounts are passed on untouched, as strings; texts are HTML-decoded once.
 */
final class OrderPayload
{
    /**
     * @param array $context `currency`: the store's default currency (config_currency), used when
     *                       the order row has none; `timezone`: config_timezone
     *
     * @return array
     */
    public static function build(array $rows, array $context = array())
    {
        $order = isset($rows['order']) && is_array($rows['order']) ? $rows['order'] : array();
        $history = self::history(self::rows($rows, 'order_history'));
        $totals = self::totals(self::rows($rows, 'order_total'));

        // Exports may lack header columns that also live elsewhere: the status is the last
        // history entry's, the total the `total` row's, the dates the history's.
        $lastHistory = $history ? $history[count($history) - 1] : null;
        $status = self::int($order, 'order_status_id', $lastHistory ? $lastHistory['order_status_id'] : null);

        $total = self::optional($order, 'total');

        if ($total === null) {
            foreach ($totals as $row) {
                if ($row['code'] === 'total') {
                    $total = $row['value'];
                }
            }
        }

        if ($total === null) {
            throw new \InvalidArgumentException('the order has no total');
        }

        $dateAdded = self::optional($order, 'date_added');

        if ($dateAdded === null && $history) {
            $dateAdded = $history[0]['date_added'];
        }

        if ($dateAdded === null) {
            throw new \InvalidArgumentException('the order has no date_added');
        }

        $dateModified = self::optional($order, 'date_modified');

        if ($dateModified === null) {
            $dateModified = $lastHistory ? $lastHistory['date_added'] : $dateAdded;
        }

        $paymentMethod = self::method($order, 'payment_method', 'payment_code');

        $payload = array(
            'order_id' => self::int($order, 'order_id'),
            'store_id' => self::int($order, 'store_id', 0),
            'store_name' => self::optionalText($order, 'store_name'),
            'store_url' => self::optional($order, 'store_url'),
            'invoice_prefix' => self::optional($order, 'invoice_prefix'),
            'invoice_no' => self::optionalInt($order, 'invoice_no'),
            'order_status_id' => $status,
            'date_added' => $dateAdded,
            'date_modified' => $dateModified,
            'timezone' => isset($context['timezone']) && $context['timezone'] !== '' ? (string)$context['timezone'] : null,
            'language_code' => self::optional($order, 'language_code'),
            'currency' => array(
                'code' => self::optional($order, 'currency_code') !== null
                    ? self::optional($order, 'currency_code')
                    : (isset($context['currency']) && $context['currency'] !== '' ? (string)$context['currency'] : 'EUR'),
                'value' => self::optional($order, 'currency_value') !== null ? self::optional($order, 'currency_value') : '1.00000000',
            ),
            'customer' => self::withoutNulls(array(
                'customer_id' => self::int($order, 'customer_id', 0),
                'customer_group_id' => self::int($order, 'customer_group_id', 0),
                'firstname' => Text::decode(self::text($order, 'firstname')),
                'lastname' => Text::decode(self::text($order, 'lastname')),
                'email' => Text::decode(self::text($order, 'email')),
                'telephone' => self::optionalText($order, 'telephone'),
                'custom_field' => self::customFields(self::text($order, 'custom_field')),
            )),
            'payment_address' => self::address($order, 'payment', isset($rows['payment_iso_code_2']) ? $rows['payment_iso_code_2'] : ''),
            'shipping_address' => self::address($order, 'shipping', isset($rows['shipping_iso_code_2']) ? $rows['shipping_iso_code_2'] : ''),
            'payment_method' => $paymentMethod !== null ? $paymentMethod : array('code' => 'unknown', 'name' => ''),
            'shipping_method' => self::method($order, 'shipping_method', 'shipping_code'),
            'products' => self::products(self::rows($rows, 'order_product'), self::rows($rows, 'order_option')),
            'vouchers' => self::vouchers(self::rows($rows, 'order_voucher')),
            'totals' => $totals,
            'total' => (string)$total,
            'comment' => self::optionalText($order, 'comment'),
            'history' => $history ? $history : null,
        );

        // Addresses are always there: null says OpenCart kept none.
        return array_filter($payload, function ($value, $key) {
            return $value !== null || $key === 'payment_address' || $key === 'shipping_address';
        }, ARRAY_FILTER_USE_BOTH);
    }

    private static function rows(array $rows, $key)
    {
        return isset($rows[$key]) && is_array($rows[$key]) ? $rows[$key] : array();
    }

    private static function history(array $rows)
    {
        $history = array();

        foreach ($rows as $row) {
            $history[] = array(
                'order_status_id' => self::int($row, 'order_status_id', 0),
                'date_added' => self::text($row, 'date_added'),
                'comment' => Text::decode(self::text($row, 'comment')),
            );
        }

        return $history;
    }

    private static function totals(array $rows)
    {
        $totals = array();

        foreach ($rows as $row) {
            $totals[] = self::withoutNulls(array(
                'code' => self::text($row, 'code'),
                'title' => Text::decode(self::text($row, 'title')),
                'value' => self::text($row, 'value'),
                'sort_order' => self::int($row, 'sort_order', 0),
                'extension' => self::optional($row, 'extension'),
            ));
        }

        return $totals;
    }

    private static function products(array $products, array $options)
    {
        $lines = array();

        foreach ($products as $row) {
            $lineOptions = array();

            foreach ($options as $option) {
                if (self::text($option, 'order_product_id') === self::text($row, 'order_product_id')) {
                    $lineOptions[] = array(
                        'product_option_id' => self::int($option, 'product_option_id'),
                        'product_option_value_id' => self::int($option, 'product_option_value_id'),
                        'name' => Text::decode(self::text($option, 'name')),
                        'value' => Text::decode(self::text($option, 'value')),
                        'type' => self::text($option, 'type'),
                    );
                }
            }

            $lines[] = self::withoutNulls(array(
                'order_product_id' => self::int($row, 'order_product_id'),
                'product_id' => self::int($row, 'product_id'),
                'master_id' => self::optionalInt($row, 'master_id'),
                'name' => Text::decode(self::text($row, 'name')),
                'model' => Text::decode(self::text($row, 'model')),
                'quantity' => self::int($row, 'quantity'),
                'price' => self::text($row, 'price'),
                'total' => self::text($row, 'total'),
                'tax' => self::text($row, 'tax'),
                'reward' => self::optionalInt($row, 'reward'),
                'options' => $lineOptions,
            ));
        }

        return $lines;
    }

    private static function vouchers(array $rows)
    {
        if (!$rows) {
            return null;
        }

        $vouchers = array();

        foreach ($rows as $row) {
            $vouchers[] = array(
                'code' => Text::decode(self::text($row, 'code')),
                'description' => Text::decode(self::text($row, 'description')),
                'amount' => self::text($row, 'amount'),
            );
        }

        return $vouchers;
    }

    /**
     * An address, or null when OpenCart kept none (4.0.2 keeps no payment address by default;
     * downloads have no shipping address).
     */
    private static function address(array $order, $prefix, $isoCode)
    {
        $column = function ($name) use ($order, $prefix) {
            return self::text($order, $prefix . '_' . $name);
        };

        $countryId = preg_match('/^[0-9]+$/D', $column('country_id')) ? (int)$column('country_id') : 0;

        if ($column('firstname') === '' && $column('address_1') === '' && $countryId === 0) {
            return null;
        }

        return self::withoutNulls(array(
            'firstname' => Text::decode($column('firstname')),
            'lastname' => Text::decode($column('lastname')),
            'company' => Text::decode($column('company')),
            'address_1' => Text::decode($column('address_1')),
            'address_2' => Text::decode($column('address_2')),
            'city' => Text::decode($column('city')),
            'postcode' => Text::decode($column('postcode')),
            'country' => Text::decode($column('country')),
            'country_id' => $countryId,
            'iso_code_2' => preg_match('/^[A-Z]{2}$/D', (string)$isoCode) ? (string)$isoCode : '',
            'zone' => Text::decode($column('zone')),
            'zone_id' => self::optionalInt($order, $prefix . '_zone_id'),
            'custom_field' => self::customFields($column('custom_field')),
        ));
    }

    /**
     * OpenCart 3 keeps a method's name and code in two columns; 4.0.2+ one JSON object
     * (`{"code":"cod.cod","name":"Cash On Delivery"}`, shipping with its `tax_class_id`).
     */
    private static function method(array $order, $nameColumn, $codeColumn)
    {
        $raw = self::optional($order, $nameColumn);

        if ($raw === null) {
            return null;
        }

        if ($raw[0] === '{') {
            $object = Json::decode($raw);

            if (isset($object['code'], $object['name']) && is_string($object['code']) && is_string($object['name'])) {
                $taxClass = isset($object['tax_class_id']) ? (string)$object['tax_class_id'] : '';

                return self::withoutNulls(array(
                    'code' => $object['code'],
                    'name' => Text::decode($object['name']),
                    'tax_class_id' => preg_match('/^[0-9]+$/D', $taxClass) ? (int)$taxClass : null,
                ));
            }
        }

        $code = self::optional($order, $codeColumn);

        return array('code' => $code !== null ? $code : 'unknown', 'name' => Text::decode($raw));
    }

    /**
     * `custom_field` columns hold `{"1":"NL123456789B01"}`, or `[]` when empty (PHP's empty
     * array): null then. Checkbox fields hold a list of strings.
     *
     * OpenCart 4.0.2.3's storefront writes two more shapes: a guest's fields grouped by location,
     * `{"account":{"1":""}}` (checkout/register.save keeps the form's custom_field[location][id]),
     * read as the group's fields after the fields at the top, groups in key order, the first of
     * an id kept; and a logged-in customer's fields as a JSON string holding the object
     * (`"{\"1\":\"\"}"`: the customer row's text encoded once more by addOrder), whose object
     * is read.
     */
    private static function customFields($json)
    {
        $json = trim((string)$json);

        if ($json !== '' && $json[0] === '"') {
            $inner = json_decode($json, true);
            $json = is_string($inner) ? trim($inner) : '';
        }

        if ($json === '' || $json[0] !== '{') {
            return null;
        }

        $fields = Json::decode($json);

        if (!$fields) {
            return null;
        }

        $result = array();
        $groups = array();

        foreach ($fields as $id => $value) {
            if (is_array($value) && !preg_match('/^[0-9]+$/D', (string)$id)) {
                $groups[(string)$id] = $value;
            } else {
                self::addCustomField($result, (string)$id, $value);
            }
        }

        ksort($groups, SORT_STRING);

        foreach ($groups as $group) {
            foreach ($group as $id => $value) {
                if (!array_key_exists((string)$id, $result)) {
                    self::addCustomField($result, (string)$id, $value);
                }
            }
        }

        return $result ? (object)$result : null;
    }

    private static function addCustomField(array &$result, $id, $value)
    {
        if (is_array($value)) {
            $result[$id] = array_values(array_map(function ($item) {
                return Text::decode(is_scalar($item) ? (string)$item : '');
            }, $value));
        } elseif (is_scalar($value)) {
            $result[$id] = Text::decode((string)$value);
        }
    }

    private static function withoutNulls(array $values)
    {
        return array_filter($values, function ($value) {
            return $value !== null;
        });
    }

    private static function text(array $row, $column)
    {
        return isset($row[$column]) && is_scalar($row[$column]) ? (string)$row[$column] : '';
    }

    private static function optional(array $row, $column)
    {
        $value = self::text($row, $column);

        return $value === '' ? null : $value;
    }

    private static function optionalText(array $row, $column)
    {
        $value = self::optional($row, $column);

        return $value === null ? null : Text::decode($value);
    }

    private static function optionalInt(array $row, $column)
    {
        $value = self::optional($row, $column);

        return $value !== null && preg_match('/^-?[0-9]+$/D', $value) ? (int)$value : null;
    }

    private static function int(array $row, $column, $fallback = null)
    {
        $value = self::optional($row, $column);

        if ($value === null) {
            if ($fallback === null) {
                throw new \InvalidArgumentException('missing column ' . $column);
            }

            return (int)$fallback;
        }

        if (!preg_match('/^-?[0-9]+$/D', $value)) {
            throw new \InvalidArgumentException($column . ' is not a whole number');
        }

        return (int)$value;
    }
}
