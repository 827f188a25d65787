<?php
namespace Koppel\Tests;

/**
 * The real OpenCart 3.0 and 4.0 rows and the signature vectors in the repository's
 * Tests/Fixtures (KOPPEL_FIXTURES overrides the folder).
 */
final class Fixtures
{
    public static function folder()
    {
        $folder = getenv('KOPPEL_FIXTURES');

        return $folder ? rtrim($folder, '/') : dirname(__DIR__, 4) . '/Tests/Fixtures';
    }

    /** @return string[] paths of every order row file */
    public static function orderFiles()
    {
        $files = glob(self::folder() . '/opencart/opencart*-order-*.json');
        sort($files);

        return $files;
    }

    /** @return string[] paths of every settings row file */
    public static function settingsFiles()
    {
        $files = glob(self::folder() . '/opencart/opencart*-settings.json');
        sort($files);

        return $files;
    }

    public static function rows($name)
    {
        $path = strpos($name, '/') === false ? self::folder() . '/opencart/' . $name : $name;

        return json_decode(file_get_contents($path), true);
    }

    public static function signatureVectors()
    {
        return json_decode(file_get_contents(self::folder() . '/signature-vectors.json'), true)['vectors'];
    }

    /** The names OpenCart's language files give its own payment and shipping extensions. */
    public static function methodNames()
    {
        return array(
            'payment' => array('cod' => 'Cash On Delivery', 'free_checkout' => 'Free Checkout'),
            'shipping' => array('flat' => 'Flat Rate'),
        );
    }
}
