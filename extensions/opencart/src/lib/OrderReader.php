<?php
namespace Koppel;

/**
 * Reads an order's rows from OpenCart's tables, in the shape OrderPayload takes.
 *
 * $db is OpenCart's database object (3.0 and 4.x alike): query($sql) returning an object with
 * `row` and `rows`, and escape($value).
 */
final class OrderReader
{
    private $db;
    private $prefix;
    private $withVouchers;

    /**
     * @param bool $withVouchers whether the shop has the `order_voucher` table (3.0, 4.0; not 4.1)
     */
    public function __construct($db, $prefix, $withVouchers = true)
    {
        $this->db = $db;
        $this->prefix = (string)$prefix;
        $this->withVouchers = (bool)$withVouchers;
    }

    /** The rows of one order, or null when it does not exist. */
    public function read($orderId)
    {
        $orderId = (int)$orderId;
        $order = $this->db->query('SELECT * FROM `' . $this->prefix . 'order` WHERE `order_id` = ' . $orderId)->row;

        if (!$order) {
            return null;
        }

        $rows = array(
            'order' => $order,
            'payment_iso_code_2' => $this->isoCode(isset($order['payment_country_id']) ? $order['payment_country_id'] : 0),
            'shipping_iso_code_2' => $this->isoCode(isset($order['shipping_country_id']) ? $order['shipping_country_id'] : 0),
            'order_product' => $this->rows('order_product', $orderId, '`order_product_id`'),
            'order_option' => $this->rows('order_option', $orderId, '`order_option_id`'),
            'order_total' => $this->rows('order_total', $orderId, '`order_total_id`'),
            'order_history' => $this->rows('order_history', $orderId, '`date_added`, `order_history_id`'),
        );

        if ($this->withVouchers) {
            $rows['order_voucher'] = $this->rows('order_voucher', $orderId, '`order_voucher_id`');
        }

        return $rows;
    }

    private function rows($table, $orderId, $orderBy)
    {
        return $this->db->query(
            'SELECT * FROM `' . $this->prefix . $table . '` WHERE `order_id` = ' . (int)$orderId . ' ORDER BY ' . $orderBy
        )->rows;
    }

    private function isoCode($countryId)
    {
        if ((int)$countryId <= 0) {
            return '';
        }

        $row = $this->db->query(
            'SELECT `iso_code_2` FROM `' . $this->prefix . 'country` WHERE `country_id` = ' . (int)$countryId
        )->row;

        return isset($row['iso_code_2']) ? (string)$row['iso_code_2'] : '';
    }
}
