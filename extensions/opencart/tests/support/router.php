<?php
/*
 * Router for `php -S`: answers like koppel's push endpoint (docs/protocol.md) for the tests.
 * Signatures are checked here with the protocol's own formula, independently of the library.
 */
$state = getenv('KOPPEL_TEST_STATE');
$config = json_decode(file_get_contents($state . '/config.json'), true);

$lock = fopen($state . '/lock', 'c');
flock($lock, LOCK_EX);

$count = (int)@file_get_contents($state . '/count') + 1;
file_put_contents($state . '/count', (string)$count);

$method = $_SERVER['REQUEST_METHOD'];
$uri = $_SERVER['REQUEST_URI'];
$body = file_get_contents('php://input');
$license = isset($_SERVER['HTTP_X_KOPPEL_LICENSE']) ? $_SERVER['HTTP_X_KOPPEL_LICENSE'] : '';
$timestamp = isset($_SERVER['HTTP_X_KOPPEL_TIMESTAMP']) ? $_SERVER['HTTP_X_KOPPEL_TIMESTAMP'] : '';
$signature = isset($_SERVER['HTTP_X_KOPPEL_SIGNATURE']) ? $_SERVER['HTTP_X_KOPPEL_SIGNATURE'] : '';

$text = $timestamp . "\n" . $method . "\n" . $uri . "\n" . hash('sha256', $body);
$expected = 'v1=' . hash_hmac('sha256', $text, $config['api_key']);
$seen = is_file($state . '/signatures') ? file($state . '/signatures', FILE_IGNORE_NEW_LINES) : array();

$valid = $license === $config['license']
    && preg_match('/^[0-9]+$/', $timestamp)
    && abs((int)$timestamp - time()) <= 300
    && hash_equals($expected, $signature);
$replay = $valid && in_array($signature, $seen, true);

function answer($status, array $json)
{
    global $state, $method, $uri, $license, $timestamp, $signature, $body, $valid, $replay, $lock;

    file_put_contents($state . '/requests.jsonl', json_encode(array(
        'method' => $method,
        'uri' => $uri,
        'path' => parse_url($uri, PHP_URL_PATH),
        'nonce' => (string)parse_url($uri, PHP_URL_QUERY),
        'license' => $license,
        'timestamp' => $timestamp,
        'signature' => $signature,
        'content_type' => isset($_SERVER['CONTENT_TYPE']) ? $_SERVER['CONTENT_TYPE'] : '',
        'body' => $body,
        'valid' => (bool)$valid,
        'replay' => (bool)$replay,
        'status' => $status,
    )) . "\n", FILE_APPEND);

    flock($lock, LOCK_UN);
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($json);
    exit;
}

if (!$valid || $replay) {
    answer(401, array('error' => array('code' => 'unauthorized', 'message' => 'not authorized')));
}

file_put_contents($state . '/signatures', $signature . "\n", FILE_APPEND);

if ($count <= $config['fail_first']) {
    answer($config['fail_status'], array('error' => array('code' => 'unavailable', 'message' => 'koppel is busy')));
}

$path = substr(parse_url($uri, PHP_URL_PATH), strlen($config['prefix']));

if ($path === '/api/v1/ping' && $method === 'GET') {
    answer(200, array(
        'connection' => array('name' => 'Demo shop', 'license' => $config['license'], 'shop' => 'opencart', 'ledger' => 'moneybird'),
        'unconfigured' => array('settings'),
        'server_time' => time(),
        'protocol' => 1,
    ));
}

if ($path === '/api/v1/orders' && $method === 'POST') {
    $batch = json_decode($body, true);
    $results = array();

    foreach ($batch['orders'] as $i => $order) {
        if (in_array($order['order_id'], $config['refuse_order_ids'], true)) {
            answer(422, array('error' => array(
                'code' => 'invalid_field',
                'message' => 'must have at most 4 decimals',
                'field' => "orders[$i].total",
            )));
        }

        $results[] = array('order_id' => $order['order_id'], 'result' => 'created', 'version' => 1);
    }

    answer(200, array('orders' => $results));
}

if ($path === '/api/v1/settings' && $method === 'POST') {
    answer(200, array('settings' => array('result' => 'created', 'version' => 1)));
}

answer(404, array('error' => array('code' => 'not_found', 'message' => 'unknown path')));
