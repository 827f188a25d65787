-- Registered customers for the OpenCart 3.0.4.1 corpus, as created in the admin
-- (Customers > Customers, password 'corpus123'), with the reward points and store credit
-- a shop owner grants on the customer's tabs.
SET NAMES utf8mb4;
INSERT INTO oc_customer (customer_id, customer_group_id, store_id, language_id, firstname, lastname, email, telephone, fax, password, salt, cart, wishlist, newsletter, address_id, custom_field, ip, status, safe, token, code, date_added)
VALUES
 (1, 1, 0, 1, 'Piet', 'Klant', 'piet@example.nl', '+31301234567', '', SHA1(CONCAT('corpus001', SHA1(CONCAT('corpus001', SHA1('corpus123'))))), 'corpus001', '', '', 0, 1, '{"1":""}', '127.0.0.1', 1, 0, '', '', NOW()),
 (2, 2, 0, 1, 'Marie', 'Peeters', 'marie@example.be', '+3231234567', '', SHA1(CONCAT('corpus002', SHA1(CONCAT('corpus002', SHA1('corpus123'))))), 'corpus002', '', '', 0, 2, '{"1":"BE0417497106"}', '127.0.0.1', 1, 0, '', '', NOW());
INSERT INTO oc_address (address_id, customer_id, firstname, lastname, company, address_1, address_2, city, postcode, country_id, zone_id, custom_field) VALUES
 (1, 1, 'Piet', 'Klant', '', 'Oudegracht 10', '', 'Utrecht', '3511 AB', 150, 2336, ''),
 (2, 2, 'Marie', 'Peeters', 'Peeters BV', 'Meir 10', '', 'Antwerpen', '2000', 21, 344, '');
INSERT INTO oc_customer_reward (customer_id, order_id, description, points, date_added) VALUES (1, 0, 'Welkomstpunten', 1000, NOW());
INSERT INTO oc_customer_transaction (customer_id, order_id, description, amount, date_added) VALUES (1, 0, 'Tegoed na retour', 25.0000, NOW());
