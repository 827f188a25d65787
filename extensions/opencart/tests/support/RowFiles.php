<?php
namespace Koppel\Tests;

use Koppel\SettingsPayload;

/**
 * What the command-line scripts (push-fixtures.php, print-payload.php) take from row files in
 * place of a running OpenCart: its version, the names of its payment extensions and the VAT
 * number field. `koppel push` takes the same (Sources/Shops/OpenCart), so both build one
 * payload from one set of rows.
 */
final class RowFiles
{
    /** The decoded rows, or null when $path is not a readable JSON object. */
    public static function read($path)
    {
        $rows = is_file($path) ? json_decode(file_get_contents($path), true) : null;

        return is_array($rows) ? $rows : null;
    }

    /** The fixtures were taken from OpenCart 3.0.4.1 and 4.0.2.3 (`source_db`). */
    public static function openCartVersion(array $rows, $override = null)
    {
        if ($override !== null) {
            return $override;
        }

        return isset($rows['source_db']) && $rows['source_db'] === 'opencart4' ? '4.0.2.3' : '3.0.4.1';
    }

    /** Payment names live in OpenCart's language files; these are its English titles. */
    public static function methodNames()
    {
        return array(
            'payment' => array('cod' => 'Cash On Delivery', 'free_checkout' => 'Free Checkout', 'bank_transfer' => 'Bank Transfer', 'cheque' => 'Cheque / Money Order'),
        );
    }

    /**
     * The custom field holding the VAT number: the one given on the command line, else the
     * extension's own setting (`module_koppel_vat_custom_field_id`) when the export has it, else
     * 0 (none). The extension sends the setting with every settings push.
     */
    public static function vatCustomFieldId(array $settingsRows, $given = null)
    {
        if ($given !== null) {
            return (int)$given;
        }

        $config = SettingsPayload::config(isset($settingsRows['config']) && is_array($settingsRows['config']) ? $settingsRows['config'] : array());

        return isset($config['module_koppel_vat_custom_field_id']) ? (int)$config['module_koppel_vat_custom_field_id'] : 0;
    }
}
