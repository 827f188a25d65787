<?php
namespace Koppel;

/**
 * What differs between OpenCart versions for this extension: routes, event triggers, cron.
 *
 * | version       | module route                     | method separator | model event name            |
 * |---------------|----------------------------------|------------------|-----------------------------|
 * | 3.0.x         | extension/module/koppel          | /                | model/<path>/<method>/after |
 * | 4.0.0 – 4.0.1 | extension/koppel/module/koppel   | \|               | model/<path>/<method>/after |
 * | 4.0.2.x       | extension/koppel/module/koppel   | .                | model/<path>/<method>/after |
 * | 4.1.x         | extension/koppel/module/koppel   | .                | model/<path>.<method>/after |
 */
final class OpenCart
{
    /** Admin models whose changes alter what koppel needs to book: settings are pushed again. */
    const SETTINGS_MODELS = array(
        'localisation/tax_rate' => array('addTaxRate', 'editTaxRate', 'deleteTaxRate'),
        'localisation/tax_class' => array('addTaxClass', 'editTaxClass', 'deleteTaxClass'),
        'localisation/geo_zone' => array('addGeoZone', 'editGeoZone', 'deleteGeoZone'),
        'localisation/order_status' => array('addOrderStatus', 'editOrderStatus', 'deleteOrderStatus'),
        'localisation/currency' => array('addCurrency', 'editCurrency', 'deleteCurrency'),
        'customer/custom_field' => array('addCustomField', 'editCustomField', 'deleteCustomField'),
        'setting/extension' => array('install', 'uninstall'),
        'setting/setting' => array('editSetting'),
    );

    public static function isVersion4($version)
    {
        return version_compare($version, '4.0.0.0', '>=');
    }

    /**
     * OpenCart's version from the source of its index.php (`define('VERSION', '4.0.2.3');`), or
     * null. OpenCart 4's command-line cron.php does not define VERSION (index.php does), so the
     * cron entry reads it from there.
     */
    public static function versionFromIndex($source)
    {
        if (preg_match('/define\(\s*[\'"]VERSION[\'"]\s*,\s*[\'"]([0-9][0-9.]*)[\'"]\s*\)/', (string)$source, $match)) {
            return $match[1];
        }

        return null;
    }

    /** Between a controller route and its method. */
    public static function separator($version)
    {
        if (!self::isVersion4($version)) {
            return '/';
        }

        return version_compare($version, '4.0.2.0', '<') ? '|' : '.';
    }

    /** The module's controller route, with a method when given. */
    public static function route($version, $method = '')
    {
        $route = self::isVersion4($version) ? 'extension/koppel/module/koppel' : 'extension/module/koppel';

        return $method === '' ? $route : $route . self::separator($version) . $method;
    }

    /** The event trigger after a model method: $application is `admin` or `catalog`. */
    public static function modelTrigger($version, $application, $model, $method)
    {
        $name = version_compare($version, '4.1.0.0', '>=') ? $model . '.' . $method : $model . '/' . $method;

        return $application . '/model/' . $name . '/after';
    }

    /** The model method that records an order status change. */
    public static function orderHistoryTrigger($version)
    {
        return self::modelTrigger($version, 'catalog', 'checkout/order', self::isVersion4($version) ? 'addHistory' : 'addOrderHistory');
    }

    /**
     * Every event the extension registers, as ['code', 'description', 'trigger', 'action',
     * 'status', 'sort_order'].
     */
    public static function events($version)
    {
        $events = array(self::event(
            'Push the order to koppel after every status change',
            self::orderHistoryTrigger($version),
            self::route($version, 'orderHistory')
        ));

        foreach (self::SETTINGS_MODELS as $model => $methods) {
            foreach ($methods as $method) {
                $events[] = self::event(
                    'Push the shop settings to koppel after ' . $model . ' ' . $method,
                    self::modelTrigger($version, 'admin', $model, $method),
                    self::route($version, 'settingsChanged')
                );
            }
        }

        return $events;
    }

    /**
     * OpenCart 4's cron entry that retries waiting pushes, or null (3.0 has no cron). Until 4.0.1
     * the cron ran in the admin application, from 4.0.2 in the catalog; the route is the same.
     */
    public static function cron($version)
    {
        if (!self::isVersion4($version)) {
            return null;
        }

        return array(
            'code' => Extension::CODE,
            'description' => 'Retries pushes to koppel that could not be sent yet',
            'cycle' => 'hour',
            'action' => self::route($version, 'cron'),
            'status' => true,
        );
    }

    /** Whether the cron runs in the admin application (4.0.0 – 4.0.1). */
    public static function cronRunsInAdmin($version)
    {
        return self::isVersion4($version) && version_compare($version, '4.0.2.0', '<');
    }

    /** 4.1 dropped the `order_voucher` table. */
    public static function hasOrderVouchers($version)
    {
        return version_compare($version, '4.1.0.0', '<');
    }

    /** OpenCart 4.0.0.0 took addEvent()'s arguments one by one; later versions an array. */
    public static function addEventTakesArray($version)
    {
        return version_compare($version, '4.0.1.0', '>=');
    }

    private static function event($description, $trigger, $action)
    {
        return array(
            'code' => Extension::CODE,
            'description' => $description,
            'trigger' => $trigger,
            'action' => $action,
            'status' => 1,
            'sort_order' => 0,
        );
    }
}
