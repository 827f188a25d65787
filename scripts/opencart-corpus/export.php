<?php
// Exports OpenCart orders and shop settings as the table rows koppel's fixtures hold:
// every value a string, as mysqli hands it to PHP.
// php export.php <db> <source_db label> <out dir> <prefix> <cases.json>
[$_, $db, $label, $out, $prefix, $casesFile] = $argv;
$m = new mysqli('127.0.0.1', 'oc', 'ocpass', $db, 3306);
$m->set_charset('utf8mb4');
function rows(mysqli $m, string $sql): array {
    $r = $m->query($sql) or die($m->error . "\n" . $sql);
    return $r->fetch_all(MYSQLI_ASSOC);
}
function put(string $file, array $data): void {
    file_put_contents($file, json_encode($data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
}
$hasVoucher = (bool)rows($m, "SHOW TABLES LIKE 'oc_order_voucher'");
foreach (json_decode(file_get_contents($casesFile), true) as $case => $id) {
    $id = (int)$id;
    $order = rows($m, "SELECT * FROM oc_order WHERE order_id = $id")[0];
    $iso = fn($c) => (string)(rows($m, "SELECT iso_code_2 FROM oc_country WHERE country_id = " . (int)$c)[0]['iso_code_2'] ?? '');
    $doc = [
        'source_db' => $label,
        'order' => $order,
        'payment_iso_code_2' => $iso($order['payment_country_id']),
        'shipping_iso_code_2' => $iso($order['shipping_country_id']),
        'order_product' => rows($m, "SELECT * FROM oc_order_product WHERE order_id = $id ORDER BY order_product_id"),
        'order_option' => rows($m, "SELECT * FROM oc_order_option WHERE order_id = $id ORDER BY order_option_id"),
        'order_total' => rows($m, "SELECT * FROM oc_order_total WHERE order_id = $id ORDER BY order_total_id"),
        'order_history' => rows($m, "SELECT * FROM oc_order_history WHERE order_id = $id ORDER BY order_history_id"),
    ];
    if ($hasVoucher) {
        $doc['order_voucher'] = rows($m, "SELECT * FROM oc_order_voucher WHERE order_id = $id ORDER BY order_voucher_id");
    }
    put("$out/$prefix-$case.json", $doc);
    echo "$prefix-$case.json\n";
}
$configKeys = "'config_complete_status','config_country_id','config_currency','config_customer_group_id','config_fraud_status_id','config_invoice_prefix','config_language','config_name','config_order_status_id','config_processing_status','config_tax','config_tax_customer','config_tax_default','config_timezone','config_zone_id','shipping_flat_cost','shipping_flat_tax_class_id'";
put("$out/$prefix-settings.json", [
    'tax_class' => rows($m, "SELECT * FROM oc_tax_class ORDER BY tax_class_id"),
    'tax_rate' => rows($m, "SELECT * FROM oc_tax_rate ORDER BY tax_rate_id"),
    'tax_rule' => rows($m, "SELECT * FROM oc_tax_rule ORDER BY tax_rule_id"),
    'tax_rate_to_customer_group' => rows($m, "SELECT * FROM oc_tax_rate_to_customer_group ORDER BY tax_rate_id, customer_group_id"),
    'geo_zone' => rows($m, "SELECT * FROM oc_geo_zone ORDER BY geo_zone_id"),
    'zone_to_geo_zone_countries' => rows($m, "SELECT z.geo_zone_id, z.country_id, c.iso_code_2, z.zone_id FROM oc_zone_to_geo_zone z JOIN oc_country c USING (country_id) ORDER BY z.geo_zone_id, z.zone_to_geo_zone_id"),
    'order_status' => rows($m, "SELECT * FROM oc_order_status WHERE language_id = 1 ORDER BY order_status_id"),
    'payment_extensions' => rows($m, "SELECT * FROM oc_extension WHERE type = 'payment' ORDER BY extension_id"),
    'currency' => rows($m, "SELECT * FROM oc_currency ORDER BY currency_id"),
    'store' => rows($m, "SELECT * FROM oc_store ORDER BY store_id"),
    'config' => rows($m, "SELECT store_id, `key`, value, serialized FROM oc_setting WHERE `key` IN ($configKeys) ORDER BY store_id, `key`"),
    'custom_field' => rows($m, "SELECT f.*, d.name FROM oc_custom_field f JOIN oc_custom_field_description d ON d.custom_field_id = f.custom_field_id AND d.language_id = 1 ORDER BY f.custom_field_id"),
]);
echo "$prefix-settings.json\n";
