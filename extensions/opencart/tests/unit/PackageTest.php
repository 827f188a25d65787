<?php
namespace Koppel\Tests;

use Koppel\Extension;
use PHPUnit\Framework\TestCase;

/**
 * Builds both packages with build.sh and checks them against the rules of OpenCart's own
 * installers (see README.md, "How the packages were checked").
 */
final class PackageTest extends TestCase
{
    /** admin/controller/marketplace/install.php @ 3.0.4.1, move(): where files may go. */
    const OC3_ALLOWED = array(
        'admin/controller/extension/',
        'admin/language/',
        'admin/model/extension/',
        'admin/view/image/',
        'admin/view/javascript/',
        'admin/view/stylesheet/',
        'admin/view/template/extension/',
        'catalog/controller/extension/',
        'catalog/language/',
        'catalog/model/extension/',
        'catalog/view/javascript/',
        'catalog/view/theme/',
        'system/config/',
        'system/library/',
        'image/catalog/',
    );

    private static $dist;
    private static $extracted;

    public static function setUpBeforeClass(): void
    {
        self::$dist = sys_get_temp_dir() . '/koppel-dist-' . bin2hex(random_bytes(4));
        exec('sh ' . escapeshellarg(dirname(__DIR__, 2) . '/build.sh') . ' ' . escapeshellarg(self::$dist) . ' 2>&1', $output, $status);

        if ($status !== 0) {
            throw new \RuntimeException("build.sh failed:\n" . implode("\n", $output));
        }

        self::$extracted = self::$dist . '/extracted';

        foreach (array('koppel-oc3.ocmod.zip' => 'oc3', 'koppel.ocmod.zip' => 'oc4') as $zip => $folder) {
            mkdir(self::$extracted . '/' . $folder, 0777, true);
            exec('unzip -q ' . escapeshellarg(self::$dist . '/' . $zip) . ' -d ' . escapeshellarg(self::$extracted . '/' . $folder), $output, $status);

            if ($status !== 0) {
                throw new \RuntimeException("unzip $zip failed");
            }
        }
    }

    public static function tearDownAfterClass(): void
    {
        exec('rm -rf ' . escapeshellarg(self::$dist));
    }

    private static function extracted($version)
    {
        return self::$extracted . '/' . $version;
    }

    private static function entries($zip)
    {
        exec('unzip -Z1 ' . escapeshellarg(self::$dist . '/' . $zip), $entries, $status);

        return $status === 0 ? $entries : array();
    }

    /** The 3.0 installer's check, as written there: under an allowed folder or on the way to one. */
    private static function oc3Allows($destination)
    {
        foreach (self::OC3_ALLOWED as $allowed) {
            if (strlen($destination) < strlen($allowed) && substr($allowed, 0, strlen($destination)) == $destination) {
                return true;
            }

            if (strlen($destination) > strlen($allowed) && substr($destination, 0, strlen($allowed)) == $allowed) {
                return true;
            }
        }

        return false;
    }

    public function testOpenCart3PackageFollowsTheInstallerRules()
    {
        $entries = self::entries('koppel-oc3.ocmod.zip');

        $this->assertNotEmpty($entries);

        foreach ($entries as $entry) {
            $this->assertStringNotContainsString('..', $entry);

            if ($entry === 'install.xml') {
                continue;
            }

            $this->assertStringStartsWith('upload/', $entry, 'only upload/ is copied');
            $destination = substr($entry, strlen('upload/'));
            $this->assertTrue(self::oc3Allows(rtrim($destination, '/')), "$destination is in a folder the 3.0 installer accepts");

            // The installer also checks every folder on the way (glob lists them).
            $parts = explode('/', trim($destination, '/'));
            for ($i = 1; $i < count($parts); $i++) {
                $folder = implode('/', array_slice($parts, 0, $i));
                $this->assertTrue(self::oc3Allows($folder), "folder $folder");
            }
        }

        foreach (array(
            'upload/admin/controller/extension/module/koppel.php',
            'upload/admin/language/en-gb/extension/module/koppel.php',
            'upload/admin/language/nl-nl/extension/module/koppel.php',
            'upload/admin/view/template/extension/module/koppel.twig',
            'upload/catalog/controller/extension/module/koppel.php',
            'upload/system/library/koppel/autoload.php',
        ) as $required) {
            $this->assertContains($required, $entries);
        }
    }

    public function testOpenCart4PackageFollowsTheInstallerRules()
    {
        $entries = self::entries('koppel.ocmod.zip');
        $this->assertContains('install.json', $entries, 'install.json at the root');

        $install = json_decode(file_get_contents(self::extracted('oc4') . '/install.json'), true);
        $this->assertIsArray($install, 'install.json is valid JSON');
        foreach (array('name', 'version', 'author', 'link') as $key) {
            $this->assertIsString($install[$key] ?? null, "install.json $key");
            $this->assertNotSame('', $install[$key], "install.json $key must not be empty");
        }
        $this->assertSame(Extension::VERSION, $install['version']);
        $this->assertMatchesRegularExpression('#^https://#', $install['link']);

        foreach ($entries as $entry) {
            $this->assertNotContains('..', explode('/', $entry));
            if ($entry !== 'install.json') {
                $this->assertMatchesRegularExpression('#^(admin|catalog|system)/#', $entry, 'extracted into extension/koppel/');
                $this->assertStringStartsNotWith('system/storage/', $entry, 'nothing outside the extension folder');
            }
        }

        foreach (array(
            'admin/controller/module/koppel.php',
            'admin/language/en-gb/module/koppel.php',
            'admin/language/nl-nl/module/koppel.php',
            'admin/view/template/module/koppel.twig',
            'catalog/controller/module/koppel.php',
            'system/library/koppel/autoload.php',
        ) as $required) {
            $this->assertContains($required, $entries);
        }
    }

    public function testPackageNamesGiveTheExtensionCode()
    {
        $this->assertFileExists(self::$dist . '/koppel-oc3.ocmod.zip');
        $this->assertFileExists(self::$dist . '/koppel.ocmod.zip');
        // 4.x: the file name minus .ocmod.zip becomes the folder and the namespace part.
        $this->assertSame(Extension::CODE, basename(self::$dist . '/koppel.ocmod.zip', '.ocmod.zip'));
    }

    public function testBothPackagesCarryTheSameLibrary()
    {
        $source = dirname(__DIR__, 2) . '/src/lib';
        $files = array_map('basename', glob($source . '/*.php'));
        sort($files);

        foreach (array('oc3/upload/system/library/koppel', 'oc4/system/library/koppel') as $folder) {
            $packaged = array_map('basename', glob(self::$extracted . '/' . $folder . '/*.php'));
            sort($packaged);
            $this->assertSame($files, $packaged, $folder);

            foreach ($files as $file) {
                $this->assertFileEquals($source . '/' . $file, self::$extracted . '/' . $folder . '/' . $file);
            }
        }
    }

    public function testControllersLoadTheLibraryFromWhereThePackagePutsIt()
    {
        $oc3 = self::$extracted . '/oc3/upload/';
        foreach (array('admin', 'catalog') as $application) {
            $code = file_get_contents($oc3 . $application . '/controller/extension/module/koppel.php');
            $this->assertStringContainsString("require_once DIR_SYSTEM . 'library/koppel/autoload.php';", $code);
            $this->assertStringContainsString('class ControllerExtensionModuleKoppel extends Controller', $code);
        }
        $this->assertFileExists($oc3 . 'system/library/koppel/autoload.php');

        $oc4 = self::$extracted . '/oc4/';
        foreach (array('admin' => 'Admin', 'catalog' => 'Catalog') as $application => $namespace) {
            $code = file_get_contents($oc4 . $application . '/controller/module/koppel.php');
            $this->assertStringContainsString("require_once DIR_EXTENSION . 'koppel/system/library/koppel/autoload.php';", $code);
            $this->assertStringContainsString("namespace Opencart\\$namespace\\Controller\\Extension\\Koppel\\Module;", $code);
            $this->assertStringContainsString('class Koppel extends \Opencart\System\Engine\Controller', $code);
        }
    }

    public function testEveryPhpFileLintsClean()
    {
        $files = array();
        $iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::$extracted, \FilesystemIterator::SKIP_DOTS));
        foreach ($iterator as $file) {
            if ($file->getExtension() === 'php') {
                $files[] = $file->getPathname();
            }
        }
        $library = count(glob(dirname(__DIR__, 2) . '/src/lib/*.php'));
        $this->assertSame(2 * ($library + 4), count($files), 'library, two controllers and two language files in each package');

        foreach ($files as $file) {
            exec(escapeshellarg(PHP_BINARY) . ' -l ' . escapeshellarg($file) . ' 2>&1', $output, $status);
            $this->assertSame(0, $status, "php -l $file");
        }
    }

    public function testLanguagesAndTemplatesAgree()
    {
        $core = array('button_save', 'button_cancel', 'button_back', 'text_home', 'text_enabled', 'text_disabled', 'text_none');
        $keys = array();

        foreach (array('en-gb', 'nl-nl') as $language) {
            $_ = array();
            require self::$extracted . '/oc4/admin/language/' . $language . '/module/koppel.php';
            $keys[$language] = array_keys($_);
        }

        $this->assertEqualsCanonicalizing($keys['en-gb'], $keys['nl-nl'], 'both languages have every text');

        foreach (array('oc3/upload/admin/view/template/extension/module/koppel.twig', 'oc4/admin/view/template/module/koppel.twig') as $template) {
            preg_match_all('/\b((?:text|entry|help|button|column|error)_[a-z_]+)\b/', file_get_contents(self::$extracted . '/' . $template), $used);
            foreach (array_unique($used[1]) as $key) {
                if (in_array($key, array('column_left'), true)) {
                    continue;
                }
                $this->assertTrue(in_array($key, $keys['en-gb'], true) || in_array($key, $core, true), "$template uses $key");
            }
        }

        // AdminForm's reports use these.
        foreach (array('text_ping_ok', 'text_ping_unconfigured', 'text_ping_ready', 'text_ping_clock', 'error_ping', 'error_ping_unauthorized', 'text_push_sent', 'text_push_refused', 'text_push_waiting', 'text_push_behind', 'error_license', 'error_endpoint', 'error_api_key', 'error_api_key_required', 'error_form', 'error_permission', 'error_push', 'text_retry_result') as $key) {
            $this->assertContains($key, $keys['en-gb']);
        }
    }
}
