<?php
/*
 * Prints what the extension's builders make of one row file, as the JSON it sends: the ORDER
 * object of an order export, the body of a settings export. koppel's tests compare it field by
 * field with what `koppel push` builds from the same rows.
 *
 *   php print-payload.php [--currency EUR] [--timezone ZONE] [--vat-custom-field ID]
 *                         [--opencart-version V] ROWS.json
 *
 * The options stand for what the extension reads from the shop: config_currency,
 * config_timezone, its VAT number field. Exits 1 when the rows make no payload, 2 on wrong usage.
 */
require __DIR__ . '/../src/lib/autoload.php';
require __DIR__ . '/support/RowFiles.php';

use Koppel\Json;
use Koppel\OrderPayload;
use Koppel\SettingsPayload;
use Koppel\Tests\RowFiles;

function usage($message)
{
    fwrite(STDERR, "print-payload: $message\n"
        . "usage: php print-payload.php [--currency EUR] [--timezone ZONE] [--vat-custom-field ID] [--opencart-version V] ROWS.json\n");
    exit(2);
}

$options = array('currency' => 'EUR', 'timezone' => null, 'vat-custom-field' => null, 'opencart-version' => null);
$files = array();
$arguments = array_slice($argv, 1);

while ($arguments) {
    $argument = array_shift($arguments);

    if (substr($argument, 0, 2) === '--') {
        $name = substr($argument, 2);
        $value = array_shift($arguments);

        if (!array_key_exists($name, $options) || $value === null) {
            usage("unknown or incomplete option --$name");
        }

        $options[$name] = $value;
    } else {
        $files[] = $argument;
    }
}

if (count($files) !== 1) {
    usage('give exactly one row file');
}

$rows = RowFiles::read($files[0]);

if ($rows === null) {
    usage($files[0] . ' is not a readable JSON file');
}

try {
    if (isset($rows['order'])) {
        $payload = OrderPayload::build($rows, array('currency' => $options['currency'], 'timezone' => $options['timezone']));
    } else {
        $payload = SettingsPayload::build($rows, array(
            'version' => RowFiles::openCartVersion($rows, $options['opencart-version']),
            'method_names' => RowFiles::methodNames(),
            'vat_custom_field_id' => RowFiles::vatCustomFieldId($rows, $options['vat-custom-field']),
        ));
    }
} catch (\InvalidArgumentException $exception) {
    fwrite(STDERR, 'print-payload: ' . $files[0] . ': ' . $exception->getMessage() . "\n");
    exit(1);
}

echo Json::encode($payload), "\n";
