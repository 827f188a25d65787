-- Registered customers, as created in the admin (Customers > Customers), with the
-- reward points and store credit a shop owner grants on the customer's tabs. Their password
-- is 'corpus123', stored as the admin stores it (PHP password_hash, bcrypt); Piet logs in
-- at the storefront for the reward points and store credit order.
SET NAMES utf8mb4;
INSERT INTO oc_customer (customer_id, customer_group_id, store_id, language_id, firstname, lastname, email, telephone, password, custom_field, newsletter, ip, status, safe, token, code, date_added)
VALUES
 (1, 1, 0, 1, 'Piet', 'Klant', 'piet@example.nl', '+31301234567', '$2y$10$oi/co8KdCU9jVelFUNWEBeqgGrSL2QAcfPXCasaIMBe.vmYAAqgWq', '{"1":""}', 0, '127.0.0.1', 1, 0, '', '', NOW()),
 (2, 2, 0, 1, 'Marie', 'Peeters', 'marie@example.be', '+3231234567', '$2y$10$oi/co8KdCU9jVelFUNWEBeqgGrSL2QAcfPXCasaIMBe.vmYAAqgWq', '{"1":"BE0417497106"}', 0, '127.0.0.1', 1, 0, '', '', NOW());
INSERT INTO oc_customer_reward (customer_id, order_id, description, points, date_added) VALUES (1, 0, 'Welkomstpunten', 1000, NOW());
INSERT INTO oc_customer_transaction (customer_id, order_id, description, amount, date_added) VALUES (1, 0, 'Tegoed na retour', 25.0000, NOW());
