-- Shop configuration for the OpenCart 3.0.4.1 corpus, applied after its own CLI installer
-- (install/cli_install.php). The same shop as configure-oc4.sql: what an owner sets in the
-- admin (settings, tax, geo zones, coupons, customer groups, custom fields); no order rows.
-- 3.0 differences: oc_extension has no `extension` column, the installer makes no custom
-- fields (field 1 is created here), bank transfer details are keyed per language (bank1).
SET NAMES utf8mb4;
INSERT INTO oc_api_ip (api_id, ip) VALUES (1, '127.0.0.1');
-- Store in Amsterdam, EUR default, GBP enabled
UPDATE oc_setting SET value='150' WHERE `key`='config_country_id';
UPDATE oc_setting SET value='2336' WHERE `key`='config_zone_id';
UPDATE oc_setting SET value='EUR' WHERE `key`='config_currency';
UPDATE oc_setting SET value='INV-2026-00' WHERE `key`='config_invoice_prefix';
UPDATE oc_currency SET value=1.00000000 WHERE code='EUR';
UPDATE oc_currency SET value=0.85410000 WHERE code='GBP';
UPDATE oc_currency SET value=1.05230000 WHERE code='USD';
UPDATE oc_setting SET value='4.1322' WHERE `key`='shipping_flat_cost';
-- customer groups: 1 Default (consumers), 2 Zakelijk EU (intra-community, no tax rates)
INSERT INTO oc_customer_group (customer_group_id, approval, sort_order) VALUES (2, 0, 2);
INSERT INTO oc_customer_group_description (customer_group_id, language_id, name, description) VALUES (2, 1, 'Zakelijk EU', 'EU businesses, intra-community supply');
UPDATE oc_setting SET value='["1","2"]', serialized=1 WHERE `key`='config_customer_group_display';
-- tax classes: 9 Taxable Goods (21%), 11 Laag tarief (9%)
INSERT INTO oc_tax_class (tax_class_id, title, description, date_added, date_modified) VALUES (11, 'Laag tarief (9%)', 'BTW laag tarief', NOW(), NOW());
-- geo zones
INSERT INTO oc_geo_zone (geo_zone_id, name, description, date_added, date_modified) VALUES
 (5, 'Nederland (BTW)', 'NL BTW zone', NOW(), NOW()),
 (6, 'Duitsland (OSS)', 'DE OSS 19%', NOW(), NOW()),
 (7, 'EU overig (NL tarief)', 'EU consumers below the OSS threshold, Dutch rates', NOW(), NOW());
INSERT INTO oc_zone_to_geo_zone (country_id, zone_id, geo_zone_id, date_added, date_modified) VALUES
 (150, 0, 5, NOW(), NOW()), (81, 0, 6, NOW(), NOW()),
 (74, 0, 7, NOW(), NOW()), (21, 0, 7, NOW(), NOW());
INSERT INTO oc_tax_rate (tax_rate_id, geo_zone_id, name, rate, type, date_added, date_modified) VALUES
 (88, 5, 'BTW 21%', 21.0000, 'P', NOW(), NOW()),
 (89, 5, 'BTW 9%', 9.0000, 'P', NOW(), NOW()),
 (90, 6, 'MwSt 19%', 19.0000, 'P', NOW(), NOW()),
 (91, 6, 'MwSt 7%', 7.0000, 'P', NOW(), NOW()),
 (92, 7, 'BTW 21%', 21.0000, 'P', NOW(), NOW()),
 (93, 7, 'BTW 9%', 9.0000, 'P', NOW(), NOW());
-- rates apply to consumers (group 1) only; group 2 (ICP) gets none
INSERT INTO oc_tax_rate_to_customer_group (tax_rate_id, customer_group_id) VALUES (88,1),(89,1),(90,1),(91,1),(92,1),(93,1);
INSERT INTO oc_tax_rule (tax_class_id, tax_rate_id, based, priority) VALUES
 (9, 88, 'shipping', 1), (11, 89, 'shipping', 1),
 (9, 90, 'shipping', 1), (11, 91, 'shipping', 1),
 (9, 92, 'shipping', 1), (11, 93, 'shipping', 1);
-- VAT number custom field on the account, for both groups (Customers > Custom Fields > add)
INSERT INTO oc_custom_field (custom_field_id, type, value, validation, location, status, sort_order) VALUES (1, 'text', '', '', 'account', 1, 1);
INSERT INTO oc_custom_field_description (custom_field_id, language_id, name) VALUES (1, 1, 'VAT number');
INSERT INTO oc_custom_field_customer_group (custom_field_id, customer_group_id, required) VALUES (1, 1, 0), (1, 2, 0);
-- coupons: enable the demo ones, add 100%, product-restricted
UPDATE oc_coupon SET status=1, date_start='2020-01-01', date_end='2030-12-31', uses_total=1000, uses_customer=1000, total=0;
INSERT INTO oc_coupon (coupon_id, name, code, type, discount, logged, shipping, total, date_start, date_end, uses_total, uses_customer, status, date_added) VALUES
 (7, '100% korting', 'GRATIS', 'P', 100.0000, 0, 1, 0, '2020-01-01', '2030-12-31', 1000, 1000, 1, NOW()),
 (8, 'iPhone -15%', 'IPHONE15', 'P', 15.0000, 0, 0, 0, '2020-01-01', '2030-12-31', 1000, 1000, 1, NOW());
INSERT INTO oc_coupon_product (coupon_id, product_id) VALUES (8, 40);
-- product prices (net) and classes: 40 iPhone 8.2231 @21%, 34 iPod Shuffle 4.5780 @9%, 30 Canon 9.0744 @21%
UPDATE oc_product SET price=8.2231, tax_class_id=9, quantity=1000, points=0 WHERE product_id=40;
UPDATE oc_product SET price=4.5780, tax_class_id=11, quantity=1000 WHERE product_id=34;
UPDATE oc_product SET price=9.0744, tax_class_id=9, quantity=1000 WHERE product_id=30;
UPDATE oc_product SET price=0.3305, tax_class_id=9, quantity=1000 WHERE product_id=36;
UPDATE oc_product SET price=1.6529, tax_class_id=11, quantity=1000 WHERE product_id=48;
UPDATE oc_product SET points=400, tax_class_id=9, quantity=1000 WHERE product_id=43;
DELETE FROM oc_product_special; DELETE FROM oc_product_discount; DELETE FROM oc_product_reward;
-- stock: enough of every option value
UPDATE oc_product_option_value SET quantity=1000;
-- Bank transfer payment (Extensions > Payments > Bank Transfer: install, enable)
INSERT INTO oc_extension (type, code) VALUES ('payment', 'bank_transfer');
INSERT INTO oc_setting (store_id, code, `key`, value, serialized) VALUES
 (0, 'payment_bank_transfer', 'payment_bank_transfer_bank1', 'NL91 ABNA 0417 1643 00', 0),
 (0, 'payment_bank_transfer', 'payment_bank_transfer_order_status_id', '1', 0),
 (0, 'payment_bank_transfer', 'payment_bank_transfer_geo_zone_id', '0', 0),
 (0, 'payment_bank_transfer', 'payment_bank_transfer_status', '1', 0),
 (0, 'payment_bank_transfer', 'payment_bank_transfer_sort_order', '2', 0);
-- Added for the second round of cases; none of them changes an order of the first round
-- (no cart there is above 1000.00 or below 5.00, none holds product 35 or uses coupon MP3SPELERS).
-- Coupon limited to a category (Marketing > Coupons > add, tab Category: MP3 Players, which
-- holds iPod Touch, iPod Nano (21%) and iPod Shuffle, iPod Classic (9%)).
INSERT INTO oc_coupon (coupon_id, name, code, type, discount, logged, shipping, total, date_start, date_end, uses_total, uses_customer, status, date_added) VALUES
 (9, 'MP3-spelers -20%', 'MP3SPELERS', 'P', 20.0000, 0, 0, 0, '2020-01-01', '2030-12-31', 1000, 1000, 1, NOW());
INSERT INTO oc_coupon_category (coupon_id, category_id) VALUES (9, 34);
-- Handling Fee (Extensions > Order Totals > Handling Fee: edit, enable): 12.3967 net (15.00 with
-- 21% BTW) on orders above 1000.00, tax class Taxable Goods, sort order 3 (before the tax row at 5,
-- so its VAT is in the BTW row).
INSERT INTO oc_setting (store_id, code, `key`, value, serialized) VALUES
 (0, 'total_handling', 'total_handling_total', '1000', 0),
 (0, 'total_handling', 'total_handling_fee', '12.3967', 0),
 (0, 'total_handling', 'total_handling_tax_class_id', '9', 0),
 (0, 'total_handling', 'total_handling_status', '1', 0),
 (0, 'total_handling', 'total_handling_sort_order', '3', 0);
-- Low Order Fee (Extensions > Order Totals > Low Order Fee): 2.0661 net (2.50 with 21% BTW) on
-- orders below 5.00, tax class Taxable Goods, sort order 4.
INSERT INTO oc_setting (store_id, code, `key`, value, serialized) VALUES
 (0, 'total_low_order_fee', 'total_low_order_fee_total', '5', 0),
 (0, 'total_low_order_fee', 'total_low_order_fee_fee', '2.0661', 0),
 (0, 'total_low_order_fee', 'total_low_order_fee_tax_class_id', '9', 0),
 (0, 'total_low_order_fee', 'total_low_order_fee_status', '1', 0),
 (0, 'total_low_order_fee', 'total_low_order_fee_sort_order', '4', 0);
-- Product 35 ("Product 8", requires no shipping) at 9.0744 net (10.98 with 21% BTW), its Size
-- option removed: an order of it alone has no shipping row.
UPDATE oc_product SET price=9.0744, tax_class_id=9, quantity=1000, shipping=0 WHERE product_id=35;
DELETE FROM oc_product_option_value WHERE product_id=35;
DELETE FROM oc_product_option WHERE product_id=35;
