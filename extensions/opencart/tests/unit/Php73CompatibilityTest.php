<?php
namespace Koppel\Tests;

use PhpParser\Node;
use PhpParser\NodeTraverser;
use PhpParser\NodeVisitor\ParentConnectingVisitor;
use PhpParser\NodeVisitorAbstract;
use PhpParser\ParserFactory;
use PHPUnit\Framework\TestCase;

/**
 * The shared library and the OpenCart 3.0 files must run on PHP 7.3 (OpenCart 3.0 shops):
 * no syntax or functions of later versions. Checked on the syntax tree (nikic/php-parser).
 */
final class Php73CompatibilityTest extends TestCase
{
    const PHP8_FUNCTIONS = array('str_contains', 'str_starts_with', 'str_ends_with', 'get_debug_type', 'array_is_list', 'fdiv', 'get_resource_id');

    public static function files()
    {
        $root = dirname(__DIR__, 2) . '/src';
        $files = array_merge(glob($root . '/lib/*.php'), glob($root . '/language/*.php'));
        $iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root . '/oc3', \FilesystemIterator::SKIP_DOTS));

        foreach ($iterator as $file) {
            if ($file->getExtension() === 'php') {
                $files[] = $file->getPathname();
            }
        }

        $cases = array();
        foreach ($files as $file) {
            $cases[substr($file, strlen($root) + 1)] = array($file);
        }

        return $cases;
    }

    /** @dataProvider files */
    public function testRunsOnPhp73($file)
    {
        if (!class_exists(ParserFactory::class)) {
            $autoload = '/usr/share/php/PhpParser/autoload.php';
            if (!is_file($autoload)) {
                $this->markTestSkipped('nikic/php-parser is not installed');
            }
            require_once $autoload;
        }

        $code = file_get_contents($file);
        $parser = (new ParserFactory())->create(ParserFactory::PREFER_PHP7);
        $finder = new class extends NodeVisitorAbstract {
            public $found = array();

            public function enterNode(Node $node)
            {
                $line = $node->getStartLine();
                $later = function ($what) use ($line) {
                    $this->found[] = "line $line: $what";
                };

                if ($node instanceof Node\Expr\ArrowFunction) {
                    $later('arrow function (7.4)');
                } elseif ($node instanceof Node\Expr\Match_) {
                    $later('match (8.0)');
                } elseif ($node instanceof Node\Expr\NullsafeMethodCall || $node instanceof Node\Expr\NullsafePropertyFetch) {
                    $later('?-> (8.0)');
                } elseif ($node instanceof Node\Stmt\Property && $node->type !== null) {
                    $later('typed property (7.4)');
                } elseif ($node instanceof Node\Param && $node->flags !== 0) {
                    $later('constructor promotion (8.0)');
                } elseif ($node instanceof Node\UnionType || $node instanceof Node\IntersectionType) {
                    $later('union or intersection type (8.0)');
                } elseif ($node instanceof Node\Identifier && in_array(strtolower($node->name), array('mixed', 'never'), true)
                    && ($node->getAttribute('parent') instanceof Node\Param || $node->getAttribute('parent') instanceof Node\FunctionLike || $node->getAttribute('parent') instanceof Node\NullableType)) {
                    $later($node->name . ' type (8.0)');
                } elseif ($node instanceof Node\Stmt\Enum_) {
                    $later('enum (8.1)');
                } elseif ($node instanceof Node\Expr\Throw_ && !$node->getAttribute('parent') instanceof Node\Stmt\Expression) {
                    $later('throw expression (8.0)');
                } elseif ($node instanceof Node\Arg && $node->name !== null) {
                    $later('named argument (8.0)');
                } elseif ($node instanceof Node\Stmt\Catch_ && $node->var === null) {
                    $later('catch without variable (8.0)');
                } elseif (property_exists($node, 'attrGroups') && !empty($node->attrGroups)) {
                    $later('attribute (8.0)');
                } elseif ($node instanceof Node\Expr\AssignOp\Coalesce) {
                    $later('??= (7.4)');
                } elseif ($node instanceof Node\Expr\ArrayItem && $node->unpack) {
                    $later('spread in array (7.4)');
                } elseif ($node instanceof Node\Expr\FuncCall && $node->name instanceof Node\Name
                    && in_array(strtolower($node->name->toString()), Php73CompatibilityTest::PHP8_FUNCTIONS, true)) {
                    $later($node->name->toString() . '() (8.0)');
                } elseif ($node instanceof Node\FunctionLike && $node->getReturnType() instanceof Node\Identifier
                    && strtolower($node->getReturnType()->name) === 'static') {
                    $later('static return type (8.0)');
                } elseif ($node instanceof Node\Stmt\ClassMethod && ($node->flags & Node\Stmt\Class_::MODIFIER_READONLY)) {
                    $later('readonly (8.1)');
                }

                return null;
            }
        };

        $traverser = new NodeTraverser();
        $traverser->addVisitor(new ParentConnectingVisitor());
        $traverser->addVisitor($finder);
        $traverser->traverse($parser->parse($code));

        $this->assertSame(array(), array_merge($finder->found, self::trailingCommasInParameters($code)), basename($file));
    }

    /** A trailing comma in a parameter or closure use list is PHP 8.0. */
    private static function trailingCommasInParameters($code)
    {
        $found = array();
        $tokens = array_values(array_filter(token_get_all($code), function ($token) {
            return !is_array($token) || !in_array($token[0], array(T_WHITESPACE, T_COMMENT, T_DOC_COMMENT), true);
        }));

        foreach ($tokens as $i => $token) {
            if (!is_array($token) || !in_array($token[0], array(T_FUNCTION, T_USE), true)) {
                continue;
            }

            for ($open = $i + 1; $open < count($tokens) && $tokens[$open] !== '(' && $tokens[$open] !== '{' && $tokens[$open] !== ';'; $open++);
            if (!isset($tokens[$open]) || $tokens[$open] !== '(') {
                continue;
            }

            for ($depth = 0, $j = $open; $j < count($tokens); $j++) {
                $depth += $tokens[$j] === '(' ? 1 : ($tokens[$j] === ')' ? -1 : 0);
                if ($depth === 0) {
                    if ($tokens[$j - 1] === ',') {
                        $found[] = 'line ' . $token[2] . ': trailing comma in a parameter list (8.0)';
                    }
                    break;
                }
            }
        }

        return $found;
    }
}
