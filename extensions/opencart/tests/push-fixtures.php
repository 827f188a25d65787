<?php
/*
 * Pushes OpenCart fixture rows to a running koppel with the extension's own payload builders,
 * signer and HTTP client, and prints koppel's JSON replies (one line per request).
 *
 *   php push-fixtures.php --endpoint URL --license L --api-key-file F [--settings FILE]
 *                         [--ping] [--batch] [--currency EUR] [--timezone Europe/Amsterdam]
 *                         [--vat-custom-field ID] [--opencart-version V] FIXTURE.json...
 *
 * The settings (if given) go first, then every order file as its own request (as the
 * extension pushes them), or all orders in one request with --batch. Exits 1 when any answer
 * is not 2xx, 2 on wrong usage.
 */
require __DIR__ . '/../src/lib/autoload.php';
require __DIR__ . '/support/RowFiles.php';

use Koppel\Client;
use Koppel\Extension;
use Koppel\Json;
use Koppel\OrderPayload;
use Koppel\SettingsPayload;
use Koppel\Tests\RowFiles;

function usage($message)
{
    fwrite(STDERR, "push-fixtures: $message\n"
        . "usage: php push-fixtures.php --endpoint URL --license L --api-key-file F [--settings FILE] [--ping] [--batch]\n"
        . "                             [--currency EUR] [--timezone ZONE] [--vat-custom-field ID] [--opencart-version V] FIXTURE.json...\n");
    exit(2);
}

function readJson($path)
{
    $rows = RowFiles::read($path);

    if ($rows === null) {
        usage("$path is not a readable JSON file");
    }

    return $rows;
}

$options = array('endpoint' => null, 'license' => null, 'api-key-file' => null, 'settings' => null, 'currency' => 'EUR',
    'timezone' => null, 'vat-custom-field' => null, 'opencart-version' => null, 'ping' => false, 'batch' => false);
$files = array();
$arguments = array_slice($argv, 1);

while ($arguments) {
    $argument = array_shift($arguments);

    if ($argument === '--ping' || $argument === '--batch') {
        $options[substr($argument, 2)] = true;
    } elseif (substr($argument, 0, 2) === '--') {
        $name = substr($argument, 2);

        if (strpos($name, '=') !== false) {
            list($name, $value) = explode('=', $name, 2);
        } else {
            $value = array_shift($arguments);
        }

        if (!array_key_exists($name, $options) || $value === null) {
            usage("unknown or incomplete option --$name");
        }

        $options[$name] = $value;
    } else {
        $files[] = $argument;
    }
}

foreach (array('endpoint', 'license', 'api-key-file') as $required) {
    if ($options[$required] === null) {
        usage("--$required is required");
    }
}

if (!$files && $options['settings'] === null && !$options['ping']) {
    usage('nothing to push: give fixture files, --settings or --ping');
}

$apiKey = is_file($options['api-key-file']) ? trim(file_get_contents($options['api-key-file'])) : '';

if (!\Koppel\ApiKey::isValid($apiKey)) {
    usage('the API key file must hold an API key of 15 to 64 characters: letters, digits and !*@#()=');
}

$requests = array();

if ($options['ping']) {
    $requests[] = array('GET', Client::PATH_PING, '', 'ping');
}

if ($options['settings'] !== null) {
    $rows = readJson($options['settings']);
    $settings = SettingsPayload::build($rows, array(
        'version' => RowFiles::openCartVersion($rows, $options['opencart-version']),
        'method_names' => RowFiles::methodNames(),
        'vat_custom_field_id' => RowFiles::vatCustomFieldId($rows, $options['vat-custom-field']),
    ));
    $requests[] = array('POST', Client::PATH_SETTINGS, Json::encode($settings), basename($options['settings']));
}

$orders = array();

foreach ($files as $file) {
    $rows = readJson($file);
    $context = array('currency' => $options['currency'], 'timezone' => $options['timezone']);
    $source = Extension::source(RowFiles::openCartVersion($rows, $options['opencart-version']));

    try {
        $order = OrderPayload::build($rows, $context);
    } catch (\InvalidArgumentException $exception) {
        usage("$file: " . $exception->getMessage());
    }

    if ($options['batch']) {
        $orders[] = $order;
    } else {
        $requests[] = array('POST', Client::PATH_ORDERS, Json::encode(array('source' => $source, 'orders' => array($order))), basename($file));
    }
}

if ($orders) {
    $requests[] = array('POST', Client::PATH_ORDERS, Json::encode(array('source' => $source, 'orders' => $orders)), count($orders) . ' orders');
}

$client = new Client($options['endpoint'], $options['license'], $apiKey);

$failed = false;

// Every request carries its own nonce (Client adds it), so equal requests never share a signature.
foreach ($requests as $request) {
    list($method, $path, $body, $label) = $request;
    $response = $client->send($method, $path, $body);

    fwrite(STDERR, sprintf("%s %s (%s): %s\n", $method, $path, $label, $response->status() ? $response->status() : $response->message()));
    echo ($response->body() !== '' ? trim($response->body()) : Json::encode(array('error' => $response->message()))), "\n";

    if (!$response->isSuccess()) {
        $failed = true;
    }
}

exit($failed ? 1 : 0);
