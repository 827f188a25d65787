<?php
/*
 * The least of OpenCart 3.0 and 4.x the extension's controllers touch: a registry with config,
 * db, request, response, session, loader and a few admin models. The controllers under test are
 * the ones in the built packages; nothing here is OpenCart's code.
 */
namespace Koppel\Tests\Stub {
    final class Registry
    {
        private $data = array();

        public function get($key)
        {
            return isset($this->data[$key]) ? $this->data[$key] : null;
        }

        public function set($key, $value)
        {
            $this->data[$key] = $value;
        }

        public function has($key)
        {
            return isset($this->data[$key]);
        }
    }

    final class Config
    {
        private $data;

        public function __construct(array $data)
        {
            $this->data = $data;
        }

        public function get($key)
        {
            return isset($this->data[$key]) ? $this->data[$key] : null;
        }

        public function set($key, $value)
        {
            $this->data[$key] = $value;
        }
    }

    final class Log
    {
        public $lines = array();

        public function write($message)
        {
            $this->lines[] = $message;
        }
    }

    final class Response
    {
        public $headers = array();
        public $output = '';
        public $redirect;

        public function addHeader($header)
        {
            $this->headers[] = $header;
        }

        public function setOutput($output)
        {
            $this->output = $output;
        }

        /** OpenCart's redirect() ends the request (exit); here it ends the call. */
        public function redirect($url)
        {
            $this->redirect = $url;

            throw new Redirect($url);
        }
    }

    final class Redirect extends \RuntimeException
    {
    }

    final class Request
    {
        public $get = array();
        public $post = array();
        public $server = array('REQUEST_METHOD' => 'GET');
    }

    final class Session
    {
        public $data = array('user_token' => 'token123');
    }

    final class Url
    {
        public function link($route, $args = '', $js = false)
        {
            $url = 'https://shop.example.nl/admin/index.php?route=' . $route . ($args ? '&' . $args : '');

            return $js ? $url : str_replace('&', '&amp;', $url);
        }
    }

    final class User
    {
        public $allowed = true;

        public function hasPermission($type, $route)
        {
            return $this->allowed;
        }
    }

    final class Document
    {
        public $title;

        public function setTitle($title)
        {
            $this->title = $title;
        }
    }

    /** Language: the module's own file from the package, other extensions' titles from $titles. */
    final class Language
    {
        public static $moduleFile;
        public static $titles = array('extension/payment/cod' => 'Cash On Delivery', 'extension/opencart/payment/cod' => 'Cash On Delivery');

        private $data = array();

        public function load($route, $prefix = '')
        {
            $_ = array();

            if (preg_match('#module/koppel$#', $route)) {
                require self::$moduleFile;
            } elseif (isset(self::$titles[$route])) {
                $_['heading_title'] = self::$titles[$route];
            }

            foreach ($_ as $key => $value) {
                $this->data[$prefix ? $prefix . '_' . $key : $key] = $value;
            }

            return $this->data;
        }

        public function get($key)
        {
            return isset($this->data[$key]) ? $this->data[$key] : $key;
        }

        public function set($key, $value)
        {
            $this->data[$key] = $value;
        }

        public function all($prefix = '')
        {
            return $this->data;
        }
    }

    /** Records every call; answers from $answers. */
    final class Recorder
    {
        public $calls = array();
        private $answers;

        public function __construct(array $answers = array())
        {
            $this->answers = $answers;
        }

        public function __call($method, $arguments)
        {
            $this->calls[] = array($method, $arguments);

            return isset($this->answers[$method]) ? $this->answers[$method] : null;
        }

        public function called($method)
        {
            return array_values(array_map(function ($call) {
                return $call[1];
            }, array_filter($this->calls, function ($call) use ($method) {
                return $call[0] === $method;
            })));
        }
    }

    /** A MySQL stand-in that only records statements (for CREATE / DROP TABLE). */
    final class RecordingDb
    {
        public $queries = array();

        public function query($sql)
        {
            $this->queries[] = $sql;
            $result = new \stdClass();
            $result->rows = array();
            $result->row = array();
            $result->num_rows = 0;

            return $result;
        }

        public function escape($value)
        {
            return addslashes($value);
        }

        public function getLastId()
        {
            return 0;
        }
    }

    final class Loader
    {
        private $registry;
        public $views = array();

        public function __construct(Registry $registry)
        {
            $this->registry = $registry;
        }

        public function model($route)
        {
            $key = 'model_' . str_replace('/', '_', $route);

            if (!$this->registry->has($key)) {
                $this->registry->set($key, new Recorder());
            }
        }

        public function language($route, $prefix = '')
        {
            return $this->registry->get('language')->load($route, $prefix);
        }

        public function view($route, array $data = array())
        {
            $this->views[$route] = $data;

            return '<view ' . $route . '>';
        }

        public function controller($route)
        {
            return '';
        }
    }

    final class OpenCart
    {
        /** A registry as the controllers see it. */
        public static function registry(array $config, $db)
        {
            $registry = new Registry();
            $registry->set('config', new Config($config));
            $registry->set('db', $db);
            $registry->set('log', new Log());
            $registry->set('request', new Request());
            $registry->set('response', new Response());
            $registry->set('session', new Session());
            $registry->set('url', new Url());
            $registry->set('user', new User());
            $registry->set('document', new Document());
            $registry->set('language', new Language());
            $registry->set('load', new Loader($registry));

            return $registry;
        }
    }
}

namespace {
    if (!class_exists('Controller', false)) {
        /** OpenCart 3.0's base controller. */
        abstract class Controller
        {
            protected $registry;

            public function __construct($registry)
            {
                $this->registry = $registry;
            }

            public function __get($key)
            {
                return $this->registry->get($key);
            }

            public function __set($key, $value)
            {
                $this->registry->set($key, $value);
            }
        }

        /** OpenCart 3.0's Language, as the admin controller constructs it for other extensions. */
        class Language
        {
            private $language;

            public function __construct($directory = '')
            {
                $this->language = new \Koppel\Tests\Stub\Language();
            }

            public function load($route)
            {
                return $this->language->load($route);
            }

            public function get($key)
            {
                return $this->language->get($key);
            }
        }
    }
}

namespace Opencart\System\Engine {
    if (!class_exists(Controller::class, false)) {
        /** OpenCart 4's base controller. */
        abstract class Controller
        {
            protected $registry;

            public function __construct($registry)
            {
                $this->registry = $registry;
            }

            public function __get($key)
            {
                return $this->registry->get($key);
            }

            public function __set($key, $value)
            {
                $this->registry->set($key, $value);
            }
        }
    }
}
